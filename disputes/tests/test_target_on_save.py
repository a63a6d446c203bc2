"""A case's formal-stage target is worked out by the case itself, on every save."""

from datetime import date

import pytest

from disputes.models import Case
from disputes.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_a_case_made_anywhere_has_its_target(herefordshire):
    case = CaseFactory(compact=herefordshire, initial_contact_on=date(2026, 1, 5))
    case.refresh_from_db()
    assert case.target_date == date(2026, 2, 16)  # six weeks = 42 days


def test_a_case_under_a_compact_with_no_formal_period_has_no_target(chelmsford):
    case = CaseFactory(compact=chelmsford)
    case.refresh_from_db()
    assert case.target_date is None


def test_correcting_the_initial_contact_moves_the_target(herefordshire):
    case = CaseFactory(compact=herefordshire, initial_contact_on=date(2026, 1, 5))
    case.initial_contact_on = date(2026, 1, 12)
    case.save(update_fields=["initial_contact_on"])
    case.refresh_from_db()
    assert case.target_date == date(2026, 2, 23)


def test_a_stale_target_is_not_stored(herefordshire):
    case = CaseFactory(compact=herefordshire, initial_contact_on=date(2026, 1, 5))
    case.target_date = date(2030, 1, 1)
    case.save()
    case.refresh_from_db()
    assert case.target_date == date(2026, 2, 16)


def test_a_compact_changing_its_formal_period_moves_its_open_cases_targets(
    herefordshire, django_capture_on_commit_callbacks
):
    case = CaseFactory(compact=herefordshire, initial_contact_on=date(2026, 1, 5))
    closed = CaseFactory(
        compact=herefordshire, initial_contact_on=date(2026, 1, 5), state=Case.State.RESOLVED
    )
    with django_capture_on_commit_callbacks(execute=True):
        herefordshire.formal_stage_weeks = 8
        herefordshire.save()
    case.refresh_from_db()
    closed.refresh_from_db()
    assert case.target_date == date(2026, 3, 2)  # eight weeks = 56 days
    assert closed.target_date == date(2026, 2, 16)  # judged against the period it ran under


def test_a_compact_that_stops_setting_a_period_clears_its_open_cases_targets(
    herefordshire, django_capture_on_commit_callbacks
):
    case = CaseFactory(compact=herefordshire, initial_contact_on=date(2026, 1, 5))
    with django_capture_on_commit_callbacks(execute=True):
        herefordshire.formal_stage_weeks = None
        herefordshire.save()
    case.refresh_from_db()
    assert case.target_date is None
