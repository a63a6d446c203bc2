"""Funding rules of RULES.md §4 and §8: term, notice and renewal. Pure: dates in, Verdict out."""

from __future__ import annotations

from datetime import date, timedelta

from signatories.rules import Verdict, add_months, add_years, latest_notice_date


def term_verdict(start: date, end: date, min_years: int | None, reason: str = "") -> Verdict:
    """A term from start to end inclusive lasts min_years iff end + 1 day >= start + min_years."""
    if end < start:
        raise ValueError("A funding term cannot end before it starts.")
    if min_years is None:
        return Verdict("not_set", None, None)
    if min_years < 0:
        raise ValueError("A minimum term cannot be negative.")
    due = add_years(start, min_years) - timedelta(days=1)
    if end >= due:
        return Verdict("meets", True, due)
    if reason.strip():
        return Verdict("shorter_with_reason", True, due)
    return Verdict("shorter_no_reason", False, due)


def notice_verdict(
    issued: date,
    effective: date,
    notice_months: int | None,
    *,
    in_writing: bool = True,
    reasons: str = "",
    exceptional: bool = False,
    exceptions_allowed: bool = False,
) -> Verdict:
    """Ending or changing funding: written notice, with reasons, N calendar months ahead."""
    if effective < issued:
        raise ValueError("A notice cannot take effect before it is issued.")
    if notice_months is None:
        return Verdict("not_set", None, None)
    if notice_months < 0:
        raise ValueError("A notice period cannot be negative.")
    due = add_months(issued, notice_months)
    if not in_writing:
        return Verdict("not_in_writing", False, due)
    if not reasons.strip():
        return Verdict("no_reasons", False, due)
    if effective >= due:
        return Verdict("meets", True, due)
    if exceptional and exceptions_allowed:
        return Verdict("exception", True, due)
    return Verdict("short", False, due)


def renewal_verdict(
    notified: date | None, renewal: date, months: int | None, today: date
) -> Verdict:
    """A renewal decision notified on N for renewal date R is in time iff R >= N + months."""
    if months is None:
        return Verdict("not_set", None, None)
    due = latest_notice_date(renewal, months)
    if notified is not None:
        return Verdict("in_time", True, due) if notified <= due else Verdict("late", False, due)
    if today <= due:
        return Verdict("pending", None, due)
    return Verdict("overdue", False, due)
