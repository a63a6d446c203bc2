"""Funding rules of RULES.md §4 and §8: term, notice and renewal. Pure: dates in, Verdict out.

Each Verdict's state is a member of the choices its model stores (TermState, NoticeState,
RenewalState), so a page shows its label and colour and a query counts it by value.
"""

from __future__ import annotations

from datetime import date, timedelta

from signatories.rules import Verdict, add_months, add_years, latest_notice_date

from .models import NoticeState, RenewalState, TermState


def term_verdict(start: date, end: date, min_years: int | None, reason: str = "") -> Verdict:
    """A term from start to end inclusive lasts min_years iff end + 1 day >= start + min_years."""
    if end < start:
        raise ValueError("A funding term cannot end before it starts.")
    if min_years is None:
        return Verdict(TermState.NOT_SET, None, None)
    if min_years < 0:
        raise ValueError("A minimum term cannot be negative.")
    due = add_years(start, min_years) - timedelta(days=1)
    if end >= due:
        return Verdict(TermState.MEETS, True, due)
    if reason.strip():
        return Verdict(TermState.SHORTER_WITH_REASON, True, due)
    return Verdict(TermState.SHORTER_NO_REASON, False, due)


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
        return Verdict(NoticeState.NOT_SET, None, None)
    if notice_months < 0:
        raise ValueError("A notice period cannot be negative.")
    due = add_months(issued, notice_months)
    if not in_writing:
        return Verdict(NoticeState.NOT_IN_WRITING, False, due)
    if not reasons.strip():
        return Verdict(NoticeState.NO_REASONS, False, due)
    if effective >= due:
        return Verdict(NoticeState.MEETS, True, due)
    if exceptional and exceptions_allowed:
        return Verdict(NoticeState.EXCEPTION, True, due)
    return Verdict(NoticeState.SHORT, False, due)


def renewal_verdict(
    notified: date | None, renewal: date, months: int | None, today: date
) -> Verdict:
    """A renewal decision notified on N for renewal date R is in time iff R >= N + months."""
    if months is None:
        return Verdict(RenewalState.NOT_SET, None, None)
    due = latest_notice_date(renewal, months)
    if notified is not None and notified <= due:
        return Verdict(RenewalState.IN_TIME, True, due)
    if notified is not None:
        return Verdict(RenewalState.LATE, False, due)
    if today <= due:
        return Verdict(RenewalState.PENDING, None, due)
    return Verdict(RenewalState.OVERDUE, False, due)
