"""Text longer than its column is a form error, never a 500 (issue 18, point 5)."""

import pytest

from signatories.models import Organisation, OrganisationContact, ReferenceGroupMember, Signature
from signatories.tests.factories import (
    OrganisationContactFactory,
    ReferenceGroupMemberFactory,
    SignatureFactory,
    UserFactory,
)
from signatories.tests.test_signup_journey import ORGANISATION

pytestmark = pytest.mark.django_db


def too_long(model, field: str) -> str:
    return "x" * (model._meta.get_field(field).max_length + 1)


def says_too_long(response, model, field: str) -> bool:
    limit = model._meta.get_field(field).max_length
    return f"at most {limit} characters" in response.content.decode()


@pytest.fixture
def person(client):
    user = UserFactory()
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "field", ["name", "area", "postcode", "other_id", "charity_number", "company_number"]
)
def test_an_organisations_details_longer_than_their_columns(client, person, field):
    data = {**ORGANISATION, field: too_long(Organisation, field)}
    if field == "other_id":
        data["other_id_scheme"] = "GB-LAE"
    response = client.post("/sign-up/organisation/details/", data)
    assert response.status_code == 200
    assert says_too_long(response, Organisation, field)


@pytest.mark.parametrize("field", ["contact_name", "contact_role"])
def test_a_contact_name_or_role_longer_than_its_column(client, person, field):
    data = {"contact_name": "Jo Bloggs", "contact_role": "Chair"}
    data[field] = too_long(Signature, field)
    response = client.post("/sign-up/contact/", data)
    assert says_too_long(response, Signature, field)


def test_an_edited_organisation_name_longer_than_its_column(client):
    contact = OrganisationContactFactory()
    client.force_login(contact.user)
    organisation = contact.organisation
    data = {**ORGANISATION, "name": too_long(Organisation, "name")}
    response = client.post(f"/signatories/{organisation.pk}/edit/", data)
    assert response.status_code == 400
    assert says_too_long(response, Organisation, "name")


def test_a_new_contacts_role_longer_than_its_column(client):
    contact = OrganisationContactFactory()
    client.force_login(contact.user)
    UserFactory(email="new@example.org")
    response = client.post(
        f"/signatories/{contact.organisation.pk}/contacts/",
        {"email": "new@example.org", "role": too_long(OrganisationContact, "role")},
    )
    assert response.status_code == 400
    assert says_too_long(response, OrganisationContact, "role")
    assert contact.organisation.contacts.count() == 1


def test_a_declared_links_description_longer_than_its_column(client, herefordshire):
    member = ReferenceGroupMemberFactory(compact=herefordshire)
    client.force_login(member.user)
    other = SignatureFactory(compact=herefordshire).organisation
    response = client.post(
        "/reference-group/", {"organisation": other.pk, "description": "x" * 301}
    )
    assert response.status_code == 400
    assert "at most 300 characters" in response.content.decode()
    assert not ReferenceGroupMember.objects.get().declared_links.exists()


def test_a_registration_name_longer_than_its_column(client):
    from accounts.models import User

    response = client.post(
        "/account/register/",
        {
            "full_name": too_long(User, "full_name"),
            "email": "long@example.org",
            "password1": "a-long-test-password-42",
            "password2": "a-long-test-password-42",
        },
    )
    assert says_too_long(response, User, "full_name")
    assert not User.objects.filter(email="long@example.org").exists()


def test_a_signature_added_in_the_admin_with_a_long_contact_name(client, herefordshire):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    organisation = SignatureFactory(
        compact=herefordshire, state=Signature.State.WITHDRAWN
    ).organisation
    response = client.post(
        "/admin/signatories/signature/add/",
        {
            "organisation": organisation.pk,
            "compact": herefordshire.pk,
            "contact_name": too_long(Signature, "contact_name"),
            "contact_email": "pat@example.org",
        },
    )
    assert response.status_code == 200
    assert says_too_long(response, Signature, "contact_name")
