"""A concern is between two signatories of the Compact: both on its published list."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from disputes import services
from disputes.models import Case
from signatories.tests.factories import (
    OrganisationContactFactory,
    OrganisationFactory,
    SignatureFactory,
    on_the_list,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(herefordshire):
    """A contact of a charity on Herefordshire's list only."""
    contact = OrganisationContactFactory()
    on_the_list(contact.organisation, herefordshire)
    return contact


def post(compact, complainant, respondent):
    commitment = compact.commitments.filter(theme="resolution").first()
    return {
        "compact": compact.pk,
        "complainant": complainant.pk,
        "respondent": respondent.pk,
        "commitment": commitment.pk,
        "what_happened": "They ended our grant.",
        "outcome_sought": "A meeting.",
        "first_raised_on_0": "2",
        "first_raised_on_1": "1",
        "first_raised_on_2": "2026",
        "first_raised_how": "Letter",
        "contact_name": "Jo",
        "contact_email": "jo@example.org",
    }


def test_a_complainant_not_on_the_compacts_list_cannot_raise_there(client, contact, hertfordshire):
    respondent = on_the_list(OrganisationFactory(public=True), hertfordshire)
    client.force_login(contact.user)
    response = client.post("/cases/raise/", post(hertfordshire, contact.organisation, respondent))
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_a_respondent_not_on_the_compacts_list_cannot_be_named(
    client, contact, herefordshire, hertfordshire
):
    elsewhere = on_the_list(OrganisationFactory(public=True), hertfordshire)
    client.force_login(contact.user)
    response = client.post("/cases/raise/", post(herefordshire, contact.organisation, elsewhere))
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_both_on_the_list_raise_a_case(client, contact, herefordshire):
    respondent = on_the_list(OrganisationFactory(public=True), herefordshire)
    client.force_login(contact.user)
    response = client.post("/cases/raise/", post(herefordshire, contact.organisation, respondent))
    assert response.status_code == 200
    assert Case.objects.get().respondent == respondent


def test_the_respondent_list_offers_only_organisations_on_the_compacts_list(
    client, contact, herefordshire, hertfordshire
):
    here = on_the_list(
        OrganisationFactory(public=True, name="Herefordshire Council"), herefordshire
    )
    there = on_the_list(
        OrganisationFactory(public=True, name="Hertfordshire Council"), hertfordshire
    )
    pending = OrganisationFactory(public=True, name="Pending Council")
    SignatureFactory(organisation=pending, compact=herefordshire)
    client.force_login(contact.user)
    page = client.post("/cases/raise/", {"compact": herefordshire.pk}).content.decode()
    assert here.name in page
    assert there.name not in page and pending.name not in page


@pytest.mark.parametrize("party", ["complainant", "respondent"])
def test_the_service_refuses_a_party_not_on_the_compacts_list(
    party, contact, herefordshire, hertfordshire
):
    respondent = on_the_list(OrganisationFactory(public=True), herefordshire)
    compact = herefordshire
    if party == "complainant":
        compact = hertfordshire
        on_the_list(respondent, hertfordshire)
    with pytest.raises(ValidationError) as error:
        services.raise_concern(
            by=contact.user,
            compact=compact,
            complainant=contact.organisation,
            respondent=respondent if party == "complainant" else OrganisationFactory(),
            commitment=compact.commitments.filter(theme="resolution").first(),
            what_happened="Grant ended",
            outcome_sought="Talk",
            first_raised_on=date(2026, 1, 2),
            first_raised_how="Letter",
            contact_name="Jo",
            contact_email="jo@example.org",
        )
    assert party in error.value.message_dict
