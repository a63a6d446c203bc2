"""Read-side functions for consultations: the dashboard's figures and a body's report."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from core.counts import Counted

from .models import Consultation, Response

Compliance = Consultation.Compliance
# Every compliance state, in the order the figures count them (the dashboard imports this).
STATES = list(Compliance)


def response_count():
    """Each consultation's responses, counted for the rows a page shows: a correlated count,
    where Count("responses") grouped every consultation in the list before paging."""
    responses = (
        Response.objects.filter(consultation=OuterRef("pk"))
        .order_by()
        .values("consultation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(responses, output_field=IntegerField()), 0)


def published_in_compact(compact):
    return Consultation.objects.filter(compact=compact).exclude(
        status__in=[Consultation.Status.DRAFT, Consultation.Status.WITHDRAWN]
    )


def consultation_figures(compact, periods, today: date | None = None) -> Counted | None:
    """For each (start, end) period: consultations closing in it by compliance state (RULES.md
    §3), awaiting feedback, and of those, how many are past their feedback due date on `today`
    (overdue from the day after; 0 when no `today` is given). Read with core.counts.read_all.

    None where the Compact sets no minimum period: the dashboard says "not set", never 0 %.
    """
    if compact.consultation_min_weeks is None:
        return None
    first, last = min(s for s, _ in periods), max(e for _, e in periods)
    # Informing seeks no responses, so owes no feedback on them (004 §8).
    awaiting = Q(status=Consultation.Status.CLOSED) & ~Q(level=Consultation.Level.INFORMING)
    # No day given: nothing counts as overdue (no closing day is before date.min).
    overdue = Q(status=Consultation.Status.CLOSED, feedback_due__lt=today or date.min)

    def counts(start, end) -> dict:
        closing = Q(closes_on__gte=start, closes_on__lte=end)
        return {
            **{
                state.value: Count("pk", filter=closing & Q(compliance_state=state))
                for state in STATES
            },
            "awaiting_feedback": Count("pk", filter=closing & awaiting),
            "feedback_overdue": Count("pk", filter=closing & overdue),
        }

    def read(n: dict) -> dict:
        return {
            key: n[key]
            for key in [*(s.value for s in STATES), "awaiting_feedback", "feedback_overdue"]
        }

    rows = published_in_compact(compact).filter(closes_on__gte=first, closes_on__lte=last)
    return Counted(rows, [counts(s, e) for s, e in periods], read)


def for_body(organisation, start, end):
    """A lead body's published consultations closing in the period."""
    return for_bodies([organisation.pk], start, end)


def for_bodies(body_ids, start, end):
    """Published consultations closing in the period whose lead body is one of these."""
    return (
        Consultation.objects.filter(
            lead_body__in=body_ids, closes_on__gte=start, closes_on__lte=end
        )
        .exclude(status=Consultation.Status.DRAFT)
        .select_related("compact")
        .order_by("closes_on")
    )
