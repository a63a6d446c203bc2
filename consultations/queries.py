"""Read-side functions for consultations: the dashboard's figures and a body's report."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

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


def consultation_figures(compact, start, end) -> dict | None:
    """Consultations closing in the period by compliance state (RULES.md §3), and awaiting feedback.

    None where the Compact sets no minimum period: the dashboard says "not set", never 0 %.
    """
    if compact.consultation_min_weeks is None:
        return None
    in_period = published_in_compact(compact).filter(closes_on__gte=start, closes_on__lte=end)
    figures = in_period.aggregate(
        **{state.value: Count("pk", filter=Q(compliance_state=state)) for state in STATES},
        awaiting_feedback=Count("pk", filter=Q(status=Consultation.Status.CLOSED)),
    )
    return figures


def for_body(organisation, start, end):
    """A lead body's published consultations closing in the period."""
    return (
        Consultation.objects.filter(
            lead_body=organisation, closes_on__gte=start, closes_on__lte=end
        )
        .exclude(status=Consultation.Status.DRAFT)
        .select_related("compact")
        .order_by("closes_on")
    )
