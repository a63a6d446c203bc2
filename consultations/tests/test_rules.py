from datetime import date

import pytest

from consultations.rules import compliance, feedback_due, period_verdict


def test_the_worked_example_5_january_to_30_march_2026_meets_12_weeks():
    verdict = period_verdict(date(2026, 1, 5), date(2026, 3, 30), 12)
    assert (verdict.state, verdict.ok, verdict.due) == ("meets", True, date(2026, 3, 30))


def test_closing_the_day_before_is_shorter():
    verdict = period_verdict(date(2026, 1, 5), date(2026, 3, 29), 12)
    assert (verdict.state, verdict.ok) == ("shorter_no_reason", False)
    with_reason = period_verdict(
        date(2026, 1, 5), date(2026, 3, 29), 12, reason="Statutory deadline"
    )
    assert (with_reason.state, with_reason.ok) == ("shorter_with_reason", True)
    assert period_verdict(date(2026, 1, 5), date(2026, 3, 29), 12, reason="  ").ok is False


def test_weeks_are_exact_days_across_a_leap_day():
    # 12 weeks from 1 February 2028 crosses 29 February: 84 days later is 25 April.
    assert period_verdict(date(2028, 2, 1), date(2028, 4, 25), 12).state == "meets"
    assert period_verdict(date(2028, 2, 1), date(2028, 4, 24), 12).state == "shorter_no_reason"


def test_not_set_and_impossible_input():
    assert period_verdict(date(2026, 1, 5), date(2026, 1, 6), None).state == "not_set"
    with pytest.raises(ValueError, match="close before it opens"):
        period_verdict(date(2026, 1, 5), date(2026, 1, 4), 12)


def test_the_clock_applies_to_consulting_only():
    assert compliance("informing", date(2026, 1, 5), date(2026, 1, 6), 12).state == "not_applicable"
    assert (
        compliance("consulting", date(2026, 1, 5), date(2026, 1, 6), 12).state
        == "shorter_no_reason"
    )


def test_feedback_is_due_weeks_after_closing():
    assert feedback_due(date(2026, 3, 30), 12) == date(2026, 6, 22)
    assert feedback_due(date(2026, 3, 30), None) is None
