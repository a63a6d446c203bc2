from datetime import date

import pytest

from signatories.rules import Verdict, add_months, add_weeks, add_years, latest_notice_date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),  # leap year
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 1, 15), 3, date(2026, 4, 15)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(start, months, expected):
    assert add_months(start, months) == expected


def test_add_years_clamps_the_29th_of_february():
    assert add_years(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert add_years(date(2028, 2, 29), 4) == date(2032, 2, 29)
    assert add_years(date(2026, 4, 1), 3) == date(2029, 4, 1)


def test_weeks_are_exact_days():
    assert add_weeks(date(2026, 1, 5), 12) == date(2026, 3, 30)
    assert add_weeks(date(2026, 1, 5), 6) == date(2026, 2, 16)


@pytest.mark.parametrize(
    ("effective", "months", "expected"),
    [
        # Notice on 30 November reaches 28 February (clamped), so 30 Nov is the last day.
        (date(2027, 2, 28), 3, date(2026, 11, 30)),
        # In a leap year 29 February is reached from 29 November and 30 November.
        (date(2028, 2, 29), 3, date(2027, 11, 30)),
        (date(2027, 2, 28), 6, date(2026, 8, 31)),
        (date(2026, 4, 30), 1, date(2026, 3, 31)),
        (date(2026, 6, 15), 3, date(2026, 3, 15)),
        (date(2029, 3, 31), 3, date(2028, 12, 31)),
    ],
)
def test_latest_notice_date_is_the_last_day_that_still_reaches_the_effective_date(
    effective, months, expected
):
    result = latest_notice_date(effective, months)
    assert result == expected
    assert add_months(result, months) <= effective
    assert add_months(date.fromordinal(result.toordinal() + 1), months) > effective


def test_latest_notice_date_refuses_a_negative_period():
    with pytest.raises(ValueError, match="negative"):
        latest_notice_date(date(2026, 1, 1), -1)


def test_a_verdict_is_frozen_and_can_cite_its_clause():
    verdict = Verdict("meets", True, date(2026, 3, 30))
    cited = verdict.citing("Hertfordshire Compact 2.4")
    assert cited.clause == "Hertfordshire Compact 2.4"
    assert cited.state == "meets" and verdict.clause == ""
    with pytest.raises(AttributeError):
        verdict.state = "short"
