"""An organisation signs up through the question pages, check your answers and confirmation."""

import pytest
from django.core import mail

from signatories.models import Organisation, OrganisationContact, Signature
from signatories.tests.factories import OrganisationFactory, SignatureFactory, UserFactory

pytestmark = pytest.mark.django_db

ORGANISATION = {
    "name": "Kington Village Hall",
    "sector": "voluntary_community",
    "organisation_type": "charity",
    "address": "Church Street, Kington",
    "postcode": "hr5 3ab",
    "website": "https://kington-hall.example.org",
    "area": "Kington",
    "charity_number": "1099887",
    "company_number": "",
    "other_id_scheme": "",
    "other_id": "",
}


@pytest.fixture
def person(client):
    user = UserFactory(full_name="Jo Bloggs", email="jo@kington.example.org")
    client.force_login(user)
    return user


def walk_to_check(client, herefordshire, organisation=ORGANISATION):
    assert client.get("/sign-up/organisation/").status_code == 302  # no organisations yet
    response = client.post("/sign-up/organisation/details/", organisation)
    assert response.status_code == 302, response.content.decode()
    client.post("/sign-up/contact/", {"contact_name": "Jo Bloggs", "contact_role": "Chair"})
    client.post("/sign-up/compact/", {"compact": herefordshire.pk})
    client.post(
        "/sign-up/commitment/", {"confirm": "on", "pledges": "We will respond to consultations."}
    )
    return client.get("/sign-up/check/")


def test_a_person_signs_a_new_organisation_up(
    client, person, herefordshire, django_capture_on_commit_callbacks
):
    check = walk_to_check(client, herefordshire)
    page = check.content.decode()
    assert "Check your answers" in page
    assert "Kington Village Hall" in page and "HR5 3AB" in page and "Chair" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/sign-up/check/")
    assert response["Location"] == "/sign-up/done/"
    signature = Signature.objects.get(organisation__name="Kington Village Hall")
    assert signature.state == Signature.State.PENDING
    assert signature.compact == herefordshire
    assert signature.organisation.org_id == "GB-CHC-1099887"
    assert OrganisationContact.objects.filter(
        user=person, organisation=signature.organisation
    ).exists()
    done = client.get("/sign-up/done/").content.decode()
    assert signature.reference in done
    assert len(mail.outbox) == 1
    assert signature.reference in mail.outbox[0].body
    assert mail.outbox[0].to == ["jo@kington.example.org"]
    assert "not legally binding" in mail.outbox[0].body


def test_the_commitment_must_be_ticked(client, person, herefordshire):
    walk_to_check(client, herefordshire)
    response = client.post("/sign-up/commitment/", {"pledges": "Kept"})
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Confirm that your organisation commits to the Compact" in page
    assert "Kept" in page


def test_missing_fields_and_a_malformed_charity_number_keep_what_was_typed(client, person):
    response = client.post(
        "/sign-up/organisation/details/", {**ORGANISATION, "name": "", "charity_number": "12AB"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter the organisation&#x27;s name" in page
    assert "charity number in the correct format" in page
    assert "Church Street, Kington" in page


def test_a_sub_type_must_belong_to_the_sector(client, person):
    response = client.post(
        "/sign-up/organisation/details/", {**ORGANISATION, "organisation_type": "police"}
    )
    assert "voluntary and community sector organisation is one of" in response.content.decode()


def test_a_duplicate_charity_number_points_at_the_existing_record(client, person):
    existing = OrganisationFactory(name="Kington Hall Trust", charity_number="1099887")
    response = client.post("/sign-up/organisation/details/", ORGANISATION)
    page = response.content.decode()
    assert "already registered to Kington Hall Trust" in page
    assert existing.get_absolute_url() in page
    assert Organisation.objects.filter(charity_number="1099887").count() == 1


def test_a_very_similar_name_in_the_same_compact_is_caught(client, person, herefordshire):
    existing = OrganisationFactory(name="The Kington Village Hall", charity_number="")
    SignatureFactory(organisation=existing, compact=herefordshire, approved=True)
    client.post("/sign-up/organisation/details/", {**ORGANISATION, "charity_number": ""})
    client.post("/sign-up/contact/", {"contact_name": "Jo", "contact_role": "Chair"})
    response = client.post("/sign-up/compact/", {"compact": herefordshire.pk})
    page = response.content.decode()
    assert "very similar name is already registered to The Kington Village Hall" in page
    assert existing.get_absolute_url() in page


def test_an_existing_contact_signs_another_compact_for_their_organisation(
    client, person, hertfordshire
):
    organisation = OrganisationFactory()
    OrganisationContact.objects.create(user=person, organisation=organisation, role="Chair")
    client.post("/sign-up/organisation/", {"organisation": str(organisation.pk)})
    client.post("/sign-up/contact/", {"contact_name": "Jo Bloggs", "contact_role": "Chair"})
    client.post("/sign-up/compact/", {"compact": hertfordshire.pk})
    client.post("/sign-up/commitment/", {"confirm": "on"})
    client.post("/sign-up/check/")
    assert organisation.signatures.get().compact == hertfordshire


def test_signing_the_same_compact_twice_is_refused_with_the_reference(
    client, person, herefordshire
):
    organisation = OrganisationFactory()
    OrganisationContact.objects.create(user=person, organisation=organisation)
    live = SignatureFactory(organisation=organisation, compact=herefordshire)
    client.post("/sign-up/organisation/", {"organisation": str(organisation.pk)})
    client.post("/sign-up/contact/", {"contact_name": "Jo Bloggs", "contact_role": "Chair"})
    client.post("/sign-up/compact/", {"compact": herefordshire.pk})
    client.post("/sign-up/commitment/", {"confirm": "on"})
    response = client.post("/sign-up/check/")
    assert response.status_code == 400
    assert live.reference in response.content.decode()
    assert organisation.signatures.count() == 1


def test_a_double_submission_does_not_sign_twice(client, person, herefordshire):
    walk_to_check(client, herefordshire)
    client.post("/sign-up/check/")
    second = client.post("/sign-up/check/")
    assert second.status_code == 302  # the journey is finished: back to the start
    assert Signature.objects.filter(organisation__name="Kington Village Hall").count() == 1


def test_the_journey_needs_an_account(client):
    response = client.get("/sign-up/organisation/details/")
    assert response.status_code == 302
    assert "/account/sign-in/" in response["Location"]
