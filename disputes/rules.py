"""The resolution procedure's rules of RULES.md §2, §5 and §8. Pure: values in, verdicts out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from signatories.rules import Verdict, add_weeks

from .models import FormalTarget


def formal_target_date(initial_contact: date, weeks: int | None) -> date | None:
    """The formal stage's target: initial contact + the Compact's weeks (none if it sets none)."""
    if weeks is None:
        return None
    if weeks < 0:
        raise ValueError("A target period cannot be negative.")
    return add_weeks(initial_contact, weeks)


def formal_stage_verdict(
    initial_contact: date, left_formal_on: date | None, weeks: int | None, today: date
) -> Verdict:
    """The formal stage's target is initial contact + weeks; met iff the case leaves it by then."""
    if weeks is None:
        return Verdict(FormalTarget.NOT_SET, None, None)
    if weeks < 0:
        raise ValueError("A target period cannot be negative.")
    if left_formal_on is not None and left_formal_on < initial_contact:
        raise ValueError("A case cannot leave the formal stage before the initial contact.")
    due = add_weeks(initial_contact, weeks)
    if left_formal_on is not None:
        if left_formal_on <= due:
            return Verdict(FormalTarget.MET, True, due)
        return Verdict(FormalTarget.MISSED, False, due)
    if today <= due:
        return Verdict(FormalTarget.RUNNING, None, due)
    return Verdict(FormalTarget.OVERDUE, False, due)


class PanelMember(Protocol):
    org_id: int
    sector: str
    linked_org_ids: Iterable[int]


def panel_problems(
    members: list[PanelMember], party_org_ids: Iterable[int], size: int = 3
) -> list[str]:
    """What stops these members forming a panel (000: objective, cross sector, no links)."""
    parties = set(party_org_ids)
    problems = []
    if any(m.org_id in parties for m in members):
        problems.append("member_from_party")
    if any(parties & set(m.linked_org_ids) for m in members):
        problems.append("declared_link")
    if len({m.sector for m in members}) < 2:
        problems.append("single_sector")
    if len(members) != size:
        problems.append("wrong_size")
    return problems


PROBLEM_WORDS = {
    "member_from_party": "A member comes from one of the organisations in the case",
    "declared_link": "A member has declared a link with one of the organisations in the case",
    "single_sector": "The panel must have members from at least two sectors",
    "wrong_size": "The panel has the wrong number of members",
}
