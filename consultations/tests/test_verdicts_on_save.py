"""A consultation works out its own compliance state and feedback date on every save, whatever
wrote it: a service, the admin, an import, a save of a few fields, a Compact's new minimum."""

from datetime import date

import pytest

from consultations.models import Consultation
from consultations.services import recompute_for_compact
from signatories.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
C = Consultation.Compliance


def imported(compact, **overrides):
    """A consultation written straight to the table, as an import or a script would."""
    fields = dict(
        compact=compact,
        lead_body=OrganisationFactory(public=True),
        title="Bus routes",
        summary="s",
        body="b",
        level=Consultation.Level.CONSULTING,
        audience="All",
        opens_on=date(2026, 1, 5),
        closes_on=date(2026, 3, 1),
        contact_email="bus@example.org",
        status=Consultation.Status.OPEN,
    )
    return Consultation.objects.create(**{**fields, **overrides})


def test_a_consultation_written_directly_gets_its_verdict_and_feedback_date(herefordshire):
    consultation = imported(herefordshire)
    consultation.refresh_from_db()
    assert consultation.compliance_state == C.SHORTER_NO_REASON
    assert consultation.feedback_due == date(2026, 5, 24)  # 12 weeks after closing


def test_saving_only_the_reason_stores_the_verdict_it_gives(herefordshire):
    consultation = imported(herefordshire)
    consultation.shorter_reason = "A statutory deadline"
    consultation.save(update_fields=["shorter_reason"])
    consultation.refresh_from_db()
    assert consultation.compliance_state == C.SHORTER_WITH_REASON


def test_a_compacts_new_minimum_is_applied_through_the_model(herefordshire):
    consultation = imported(herefordshire)
    herefordshire.consultation_min_weeks = 7
    herefordshire.feedback_due_weeks = None
    herefordshire.save_base(raw=True)  # no signal: the recompute alone
    assert recompute_for_compact(herefordshire) == 1
    consultation.refresh_from_db()
    assert consultation.compliance_state == C.MEETS
    assert consultation.feedback_due is None
