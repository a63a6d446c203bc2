"""The date helpers every Compact rule is built on (RULES.md §2 and §8). Pure: no ORM, no clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta


@dataclass(frozen=True)
class Verdict:
    """What a rule says about a case: its state, whether the Compact is kept, and the limiting date.

    `ok` is None when the rule is not set for the Compact or not yet decided. `clause` is filled
    by the caller that knows the Compact, e.g. "Hertfordshire Compact 4.4".
    """

    state: str
    ok: bool | None
    due: date | None
    clause: str = ""

    def citing(self, clause: str) -> Verdict:
        """The same verdict, naming the clause it comes from."""
        return Verdict(self.state, self.ok, self.due, clause)


def add_months(d: date, n: int) -> date:
    """Calendar months, clamped to the month's end: 30 November + 3 months = 28 February."""
    return d + relativedelta(months=n)


def add_years(d: date, n: int) -> date:
    """Calendar years, clamped: 29 February + 1 year = 28 February."""
    return d + relativedelta(years=n)


def add_weeks(d: date, n: int) -> date:
    """Weeks are exact: 12 weeks is 84 days."""
    return d + timedelta(weeks=n)


def latest_notice_date(effective: date, months: int) -> date:
    """The last day to give notice: the latest I with add_months(I, months) <= effective.

    Not simply `effective - months`: with clamping, notice given on 30 November still takes
    effect by 28 February, so for an end of 28 February the answer is 30 November.
    """
    if months < 0:
        raise ValueError("A notice period cannot be negative.")
    candidate = effective - relativedelta(months=months)
    # Subtracting clamps too, so step forward while a later day still reaches in time.
    while add_months(candidate + timedelta(days=1), months) <= effective:
        candidate += timedelta(days=1)
    return candidate


def recommit_due(
    *,
    signed_on: date | None,
    recommitted_on: date | None,
    reviewed_on: date | None,
    review_recorded_on: date | None,
    within_weeks: int | None,
) -> date | None:
    """The day a signatory must re-commit by after the Compact's latest review (003), or None.

    A review asks the organisations published before the day it was recorded: one that signed
    on that day or later signed the reviewed Compact (issue 23). A re-commitment on or after the
    review day answers it. No review, or no period (blank), and nothing is ever due.
    """
    if reviewed_on is None or not within_weeks:
        return None
    if signed_on is not None and review_recorded_on is not None and signed_on >= review_recorded_on:
        return None
    if recommitted_on is not None and recommitted_on >= reviewed_on:
        return None
    return add_weeks(reviewed_on, within_weeks)


def recommit_by(reviewed_on: date, within_weeks: int | None) -> date | None:
    """The re-commit date a review sets: its day plus the Compact's period, if it has one."""
    return add_weeks(reviewed_on, within_weeks) if within_weeks else None


REVIEW_EVERY_YEARS = 1  # "reviewed annually" (002); a year on from the last (code of practice 14.1)


def next_review_on(
    reviewed_on: date | None, adopted_on: date | None, every_years: int = REVIEW_EVERY_YEARS
) -> date | None:
    """The date a Compact's next review is due: a year on from its latest review, or from its
    adoption if it has not been reviewed; None when neither is known."""
    last = reviewed_on or adopted_on
    return add_years(last, every_years) if last is not None else None
