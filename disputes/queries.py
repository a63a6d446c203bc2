"""Read-side functions for cases: the dashboard's first success measure (000)."""

from __future__ import annotations

from django.db.models import Count, F, Q

from .models import Case


def case_figures(compact, start, end) -> dict:
    """Cases opened and closed in the period, resolved at each stage, formal target met or missed.

    The target counts are None where the Compact sets no formal-stage target.
    """
    stages = compact.resolution_stages or []
    cases = Case.objects.filter(compact=compact)
    closed_in = Q(closed_on__gte=start, closed_on__lte=end)
    left_formal = Q(
        formal_started_on__isnull=False, left_formal_on__isnull=False, target_date__isnull=False
    )
    figures = cases.aggregate(
        opened=Count("pk", filter=Q(initial_contact_on__gte=start, initial_contact_on__lte=end)),
        closed=Count("pk", filter=closed_in),
        resolved=Count("pk", filter=closed_in & Q(state=Case.State.RESOLVED)),
        formal_target_met=Count(
            "pk", filter=closed_in & left_formal & Q(left_formal_on__lte=F("target_date"))
        ),
        formal_target_missed=Count(
            "pk", filter=closed_in & left_formal & Q(left_formal_on__gt=F("target_date"))
        ),
        **{
            f"resolved_at_{stage}": Count(
                "pk", filter=closed_in & Q(state=Case.State.RESOLVED, closed_at_stage=stage)
            )
            for stage in stages
        },
    )
    figures["resolved_at_stage"] = {stage: figures.pop(f"resolved_at_{stage}") for stage in stages}
    if compact.formal_stage_weeks is None:
        figures["formal_target_met"] = figures["formal_target_missed"] = None
    return figures


def case_outcomes(compact, start, end) -> dict:
    """Cases closed in the period counted by the stage they closed at and how they ended, and
    cases still open at the period's end by the stage they are at (the annual pack's table).

    Numbers only: no case is named here (RULES.md §5, confidentiality).
    """
    stages = compact.resolution_stages or []
    ends = [state for state in Case.State if state != Case.State.OPEN]
    cases = Case.objects.filter(compact=compact)
    closed_in = Q(closed_on__gte=start, closed_on__lte=end)
    open_at_end = Q(initial_contact_on__lte=end) & (
        Q(closed_on__isnull=True) | Q(closed_on__gt=end)
    )
    counted = cases.aggregate(
        **{
            f"{stage}:{state.value}": Count(
                "pk", filter=closed_in & Q(closed_at_stage=stage, state=state)
            )
            for stage in stages
            for state in ends
        },
        **{f"{stage}:open": Count("pk", filter=open_at_end & Q(stage=stage)) for stage in stages},
    )
    return {
        stage: {
            **{state.value: counted[f"{stage}:{state.value}"] for state in ends},
            "open": counted[f"{stage}:open"],
        }
        for stage in stages
    }


def cases_closed(compact, start, end):
    """The cases closed in the period, with the organisations on each side (for the people who
    may see the full annual pack; never the names or details of the people in them)."""
    return (
        Case.objects.filter(compact=compact, closed_on__gte=start, closed_on__lte=end)
        .select_related("complainant", "respondent")
        .only(
            "reference",
            "complainant__name",
            "respondent__name",
            "closed_at_stage",
            "state",
            "closed_on",
            "lesson_learnt",
        )
        .order_by("closed_on", "pk")
    )


def lessons_learnt(compact, start, end):
    """The lessons learnt from cases closed in the period (published without names, 000)."""
    return (
        Case.objects.filter(compact=compact, closed_on__gte=start, closed_on__lte=end)
        .exclude(lesson_learnt="")
        .exclude(state=Case.State.OPEN)
        .only("lesson_learnt", "closed_on")
        .order_by("closed_on", "pk")
    )
