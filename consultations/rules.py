"""The consultation clock of RULES.md §2, §3 and §8. Pure: dates in, Verdict out."""

from __future__ import annotations

from datetime import date

from signatories.rules import Verdict, add_weeks

from .models import Consultation

Compliance = Consultation.Compliance

# The clock applies to consulting (004 §8): informing asks for no response, and partnership
# decides together rather than on a response period.
CLOCKED_LEVEL = Consultation.Level.CONSULTING


def period_verdict(opens: date, closes: date, min_weeks: int | None, reason: str = "") -> Verdict:
    """A consultation open from `opens` to the end of `closes` meets the minimum iff
    closes >= opens + min_weeks weeks. Shorter is allowed only with a stated reason."""
    if closes < opens:
        raise ValueError("A consultation cannot close before it opens.")
    if min_weeks is None:
        return Verdict(Compliance.NOT_SET, None, None)
    if min_weeks < 0:
        raise ValueError("A minimum period cannot be negative.")
    due = add_weeks(opens, min_weeks)
    if closes >= due:
        return Verdict(Compliance.MEETS, True, due)
    if reason.strip():
        return Verdict(Compliance.SHORTER_WITH_REASON, True, due)
    return Verdict(Compliance.SHORTER_NO_REASON, False, due)


def compliance(
    level: str, opens: date, closes: date, min_weeks: int | None, reason: str = ""
) -> Verdict:
    """The period verdict for a consulting exercise; not applicable at other levels."""
    if level != CLOCKED_LEVEL:
        if closes < opens:
            raise ValueError("A consultation cannot close before it opens.")
        return Verdict(Compliance.NOT_APPLICABLE, None, None)
    return period_verdict(opens, closes, min_weeks, reason)


def feedback_due(closes: date, weeks: int | None) -> date | None:
    """Feedback is due this many weeks after closing (a per-Compact setting)."""
    return None if weeks is None else add_weeks(closes, weeks)
