"""Funding rules of RULES.md §4 and §8: term, notice and renewal. Pure: dates in, Verdict out.

Each Verdict's state is a member of the choices its model stores (TermState, NoticeState,
RenewalState), so a page shows its label and colour and a query counts it by value.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from signatories.rules import Verdict, add_months, add_years, latest_notice_date

from .models import FundingNotice, NoticeState, RenewalState, TermState


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
    """Ending or changing funding: written notice, with reasons, N calendar months ahead.

    The state is the first breach notice_period_breaches finds; with none, the notice meets the
    rule, or is an exception the Compact allows."""
    breaches = notice_period_breaches(
        issued,
        effective,
        notice_months,
        in_writing=in_writing,
        reasons=reasons,
        exceptional=exceptional,
        exceptions_allowed=exceptions_allowed,
    )
    if notice_months is None:
        return Verdict(NoticeState.NOT_SET, None, None)
    due = add_months(issued, notice_months)
    if breaches:
        return Verdict(breaches[0][0], False, due)
    if effective >= due:
        return Verdict(NoticeState.MEETS, True, due)
    return Verdict(NoticeState.EXCEPTION, True, due)


# Which checks come before which cut, as the Compacts word them: an Equality Impact Assessment
# "before any negotiations are held over reductions in funding or when considering ending"
# (Herefordshire); the impact on beneficiaries "before deciding to reduce or end funding"
# (Herefordshire, Hertfordshire 4.2, Chelmsford §4); an improvement plan "before making a
# decision to end a financial relationship" (Hertfordshire 4.1, Chelmsford §4).
CHECKS_BEFORE = {
    FundingNotice.Kind.END: ("equality_impact_assessment", "impact_assessment", "improvement_plan"),
    FundingNotice.Kind.REDUCE: ("equality_impact_assessment", "impact_assessment"),
    FundingNotice.Kind.CHANGE: (),
}


def unmet_checks(kind: str, asked: Iterable[str], answers: Any) -> list[str]:
    """The checks a Compact asks for before this kind of cut that were not done or not answered.

    `answers` has an attribute per check (a notice, or any object with the same names); an
    answer of "not relevant" meets it (an improvement plan only where the service struggled).
    """
    met = {FundingNotice.Check.DONE, FundingNotice.Check.NOT_RELEVANT}
    relevant = CHECKS_BEFORE.get(kind, ())
    return [name for name in asked if name in relevant and getattr(answers, name, "") not in met]


def headline_verdict(notice: Verdict, unmet: list[str]) -> Verdict:
    """A notice's headline: its notice_verdict, except that one keeping the period, writing and
    reasons (or with no period set) is checks_missing while a check before the cut is unmet."""
    if unmet and notice.ok is not False:
        return Verdict(NoticeState.CHECKS_MISSING, False, notice.due)
    return notice


def notice_period_breaches(
    issued: date,
    effective: date,
    notice_months: int | None,
    *,
    in_writing: bool = True,
    reasons: str = "",
    exceptional: bool = False,
    exceptions_allowed: bool = False,
) -> list[tuple[str, str]]:
    """Each part of notice_verdict a notice fails (not only the first), as (state, plain words)."""
    if effective < issued:
        raise ValueError("A notice cannot take effect before it is issued.")
    if notice_months is None:
        return []
    if notice_months < 0:
        raise ValueError("A notice period cannot be negative.")
    due = add_months(issued, notice_months)
    found = []
    if not in_writing:
        found.append((NoticeState.NOT_IN_WRITING, "The notice was not given in writing"))
    if not reasons.strip():
        found.append((NoticeState.NO_REASONS, "No reasons were given"))
    if effective < due and not (exceptional and exceptions_allowed):
        found.append(
            (
                NoticeState.SHORT,
                f"Less notice than the Compact asks for ({notice_months} "
                f"{'month' if notice_months == 1 else 'months'}): it could "
                f"take effect on {due.day} {due:%B %Y} at the earliest",
            )
        )
    return found


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
