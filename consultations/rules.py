"""The consultation clock of RULES.md §2, §3 and §8. Pure: dates in, Verdict out."""

from __future__ import annotations

from datetime import date

from signatories.rules import Verdict, add_weeks

# The clock applies to consulting (004 §8): informing asks for no response, and partnership
# decides together rather than on a response period.
CLOCKED_LEVEL = "consulting"


def period_verdict(opens: date, closes: date, min_weeks: int | None, reason: str = "") -> Verdict:
    """A consultation open from `opens` to the end of `closes` meets the minimum iff
    closes >= opens + min_weeks weeks. Shorter is allowed only with a stated reason."""
    if closes < opens:
        raise ValueError("A consultation cannot close before it opens.")
    if min_weeks is None:
        return Verdict("not_set", None, None)
    if min_weeks < 0:
        raise ValueError("A minimum period cannot be negative.")
    due = add_weeks(opens, min_weeks)
    if closes >= due:
        return Verdict("meets", True, due)
    if reason.strip():
        return Verdict("shorter_with_reason", True, due)
    return Verdict("shorter_no_reason", False, due)


def compliance(
    level: str, opens: date, closes: date, min_weeks: int | None, reason: str = ""
) -> Verdict:
    """The period verdict for a consulting exercise; "not_applicable" for other levels."""
    if level != CLOCKED_LEVEL:
        if closes < opens:
            raise ValueError("A consultation cannot close before it opens.")
        return Verdict("not_applicable", None, None)
    return period_verdict(opens, closes, min_weeks, reason)


def feedback_due(closes: date, weeks: int | None) -> date | None:
    """Feedback is due this many weeks after closing (a per-Compact setting)."""
    return None if weeks is None else add_weeks(closes, weeks)
