"""A reason, an outcome or a meeting's notes longer than its column is a plain form error."""

import pytest

from disputes.tests.factories import CaseFactory
from signatories.tests.factories import CompactOfficerFactory, OrganisationContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(herefordshire):
    return CaseFactory(compact=herefordshire)


def test_an_outcome_longer_than_its_column_is_a_form_error(client, case, herefordshire):
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    response = client.post(
        f"/admin/disputes/case/{case.pk}/step/",
        {"action": "resolve", "outcome": "x" * 5001, "stage": "informal"},
    )
    assert response.status_code == 400
    assert "Shorten this to 5,000 characters or fewer (it has 5001)" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "open"


def test_a_withdrawal_reason_longer_than_its_limit_is_a_form_error(client, case):
    client.force_login(OrganisationContactFactory(organisation=case.complainant).user)
    response = client.post(f"/cases/{case.reference}/withdraw/", {"reason": "x" * 2001})
    assert response.status_code == 400
    assert "Shorten this to 2,000 characters or fewer (it has 2001)" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "open"


def test_meeting_attendees_longer_than_their_column_are_a_form_error(client, case, herefordshire):
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    response = client.post(
        f"/admin/disputes/case/{case.pk}/meeting/",
        {"held_on": "2026-02-01", "attendees": "x" * 2001, "notes": "Heard both sides"},
    )
    assert response.status_code == 400
    assert "Shorten this to 2,000 characters or fewer" in response.content.decode()
    assert not case.meetings.exists()
