"""Read-side functions for cases: the dashboard's first success measure (000)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from core.counts import Counted

from .models import Case, Stage


def case_figures(compact, periods, *, outcomes: bool = False) -> Counted:
    """For each (start, end) period: cases opened and closed in it, resolved, resolved at each
    stage, formal target met or missed (None where the Compact sets no formal-stage target),
    and, when asked, the annual pack's `outcomes` (cases closed in it by the stage they closed
    at and how they ended, and cases still open at its end by the stage they are at). Numbers
    only: no case is named here (RULES.md §5, confidentiality). Read with core.counts.read_all.
    """
    stages = compact.resolution_stages or []
    ends = [state for state in Case.State if state != Case.State.OPEN]
    counted_ends = ends if outcomes else [Case.State.RESOLVED]
    left_formal = Q(
        formal_started_on__isnull=False, left_formal_on__isnull=False, target_date__isnull=False
    )

    def counts(start, end) -> dict:
        closed_in = Q(closed_on__gte=start, closed_on__lte=end)
        open_at_end = Q(initial_contact_on__lte=end) & (
            Q(closed_on__isnull=True) | Q(closed_on__gt=end)
        )
        return {
            "opened": Count(
                "pk", filter=Q(initial_contact_on__gte=start, initial_contact_on__lte=end)
            ),
            "closed": Count("pk", filter=closed_in),
            "resolved": Count("pk", filter=closed_in & Q(state=Case.State.RESOLVED)),
            "formal_target_met": Count(
                "pk", filter=closed_in & left_formal & Q(left_formal_on__lte=F("target_date"))
            ),
            "formal_target_missed": Count(
                "pk", filter=closed_in & left_formal & Q(left_formal_on__gt=F("target_date"))
            ),
            **{
                f"{stage}:{state.value}": Count(
                    "pk", filter=closed_in & Q(closed_at_stage=stage, state=state)
                )
                for stage in stages
                for state in counted_ends
            },
            **{
                f"{stage}:open": Count("pk", filter=open_at_end & Q(stage=stage))
                for stage in (stages if outcomes else [])
            },
        }

    def read(n: dict) -> dict:
        target_set = compact.formal_stage_weeks is not None
        figures = {
            "opened": n["opened"],
            "closed": n["closed"],
            "resolved": n["resolved"],
            "formal_target_met": n["formal_target_met"] if target_set else None,
            "formal_target_missed": n["formal_target_missed"] if target_set else None,
            "resolved_at_stage": {
                stage: n[f"{stage}:{Case.State.RESOLVED.value}"] for stage in stages
            },
        }
        if outcomes:
            figures["outcomes"] = {
                stage: {
                    **{state.value: n[f"{stage}:{state.value}"] for state in ends},
                    "open": n[f"{stage}:open"],
                }
                for stage in stages
            }
        return figures

    return Counted(Case.objects.filter(compact=compact), [counts(s, e) for s, e in periods], read)


@dataclass(frozen=True)
class Step:
    """One line of a case's timeline: what happened on which day (and why, for officers)."""

    on: date
    what: str
    detail: str = ""
    # When in the day, where known: steps of one day keep the order they happened in.
    at: datetime | None = None

    def order(self) -> tuple:
        return (self.on, self.at or datetime.combine(self.on, time.max, tzinfo=UTC))


def timeline(case: Case, *, confidential: bool) -> list[Step]:
    """What happened to the case, in order, as both parties see it.

    Stage changes come from the case's history; the reasons officers typed are theirs and the
    panel's (`confidential`), the dates and stages everyone's.
    """
    steps = [
        Step(
            case.initial_contact_on,
            f"Concern logged by {case.complainant.name}",
            at=datetime.combine(case.initial_contact_on, time.min, tzinfo=UTC),
        )
    ]
    previous = None
    records = case.history.order_by("history_date", "history_id").only(
        "stage", "history_date", "history_change_reason"
    )
    for record in records:
        if previous is not None and record.stage != previous:
            steps.append(
                Step(
                    timezone.localdate(record.history_date),
                    f"Moved to the {Stage.label_of(record.stage).lower()} stage",
                    (record.history_change_reason or "") if confidential else "",
                    at=record.history_date,
                )
            )
        previous = record.stage
    if case.referred_to_mediator_on:
        mediator = ", ".join(filter(None, [case.mediator_name, case.mediator_organisation]))
        steps.append(Step(case.referred_to_mediator_on, f"Referred to a mediator: {mediator}"))
    for seat in case.panel.select_related("member"):
        steps.append(
            Step(
                timezone.localdate(seat.added_at),
                f"{seat.member.name} proposed for the panel",
                at=seat.added_at,
            )
        )
        if seat.declared_conflict_at:
            steps.append(
                Step(
                    timezone.localdate(seat.declared_conflict_at),
                    f"{seat.member.name} declared a conflict of interest and stood down",
                    seat.conflict if confidential else "",
                    at=seat.declared_conflict_at,
                )
            )
        elif seat.confirmed_no_conflict_at:
            steps.append(
                Step(
                    timezone.localdate(seat.confirmed_no_conflict_at),
                    f"{seat.member.name} confirmed no conflict of interest",
                    at=seat.confirmed_no_conflict_at,
                )
            )
    for meeting in case.meetings.all():
        place = f" at {meeting.place}" if meeting.place else ""
        steps.append(Step(meeting.held_on, f"Panel meeting{place}"))
    if case.closed_on:
        steps.append(Step(case.closed_on, case.get_state_display(), case.outcome))
    return sorted(steps, key=Step.order)


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


def case_counts_rows() -> SafeString:
    """The lessons page's table: per Compact, in name order, the cases raised, resolved and
    open now. One grouped count over the cases (the index case_compact_state), the names from
    the Compacts, and the 300 rows drawn in one call rather than a template loop."""
    from signatories.models import Compact

    counts: dict[int, dict[str, int]] = {}
    # grouped by Compact and state: an index-only scan of case_compact_state (2 ms for 15,000)
    for compact_id, state, n in (
        Case.objects.order_by().values_list("compact", "state").annotate(n=Count("*"))
    ):
        row = counts.setdefault(compact_id, {"opened": 0, "resolved": 0, "open_now": 0})
        row["opened"] += n
        if state == Case.State.RESOLVED:
            row["resolved"] += n
        elif state == Case.State.OPEN:
            row["open_now"] += n
    none = {"opened": 0, "resolved": 0, "open_now": 0}  # a Compact with no cases
    return format_html_join(
        "",
        '<tr class="govuk-table__row"><td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td></tr>',
        (
            (name, row["opened"], row["resolved"], row["open_now"])
            for pk, name in Compact.objects.order_by("name").values_list("pk", "name")
            for row in [counts.get(pk, none)]
        ),
    )
