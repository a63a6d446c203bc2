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
