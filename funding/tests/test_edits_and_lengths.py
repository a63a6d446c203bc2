"""An agreement edits cleanly whoever recorded it, and every text field says its limit."""

from datetime import date

import pytest

from funding.tests.factories import AgreementFactory
from signatories.tests.factories import (
    OrganisationContactFactory,
    OrganisationFactory,
    SignatureFactory,
)

from .test_services_and_views import agreement_form, notice_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(client, herefordshire):
    """An agreement imported with no record of who made it; its funder's officer signed in."""
    council = OrganisationFactory(public=True, name="County Council")
    charity = OrganisationFactory(name="Advice Charity")
    for organisation in (council, charity):
        SignatureFactory(organisation=organisation, compact=herefordshire, approved=True)
    client.force_login(OrganisationContactFactory(organisation=council).user)
    return AgreementFactory(
        compact=herefordshire, funder=council, recipient=charity, created_by=None
    )


def test_an_agreement_recorded_by_nobody_can_be_edited(client, seeded):
    response = client.post(
        f"/funding/{seeded.pk}/edit/",
        agreement_form(seeded.compact, seeded.funder, seeded.recipient, title="Renamed"),
    )
    assert response.status_code == 302, response.content.decode()
    seeded.refresh_from_db()
    assert seeded.title == "Renamed"


def test_a_purpose_longer_than_its_limit_is_a_form_error(client, seeded):
    response = client.post(
        f"/funding/{seeded.pk}/edit/",
        agreement_form(seeded.compact, seeded.funder, seeded.recipient, purpose="x" * 5001),
    )
    assert response.status_code == 400
    assert "Shorten this to 5,000 characters or fewer (it has 5001)" in response.content.decode()


def test_a_title_longer_than_its_column_is_a_form_error(client, seeded):
    response = client.post(
        f"/funding/{seeded.pk}/edit/",
        agreement_form(seeded.compact, seeded.funder, seeded.recipient, title="x" * 201),
    )
    assert response.status_code == 400
    assert "Shorten this to 200 characters or fewer (it has 201)" in response.content.decode()


def test_notice_reasons_longer_than_their_limit_are_a_form_error(client, seeded):
    response = client.post(
        f"/funding/{seeded.pk}/notices/new/",
        notice_form(date(2027, 1, 4), date(2027, 6, 1), reasons="x" * 5001),
    )
    assert response.status_code == 400
    assert "Shorten this to 5,000 characters or fewer" in response.content.decode()
