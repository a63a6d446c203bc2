"""Demo cases in every stage and end state, with panels, meetings and correspondence."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from signatories.models import Compact, Organisation, ReferenceGroupMember, Sector, Signature
from signatories.services import new_reference

from .models import Case, Message, PanelMeeting, PanelMember, Role, Stage, SteeringGroup

# (stage index, state, days since initial contact, days in formal before leaving or None)
VARIANTS = [
    (0, Case.State.OPEN, 5, None),
    (1, Case.State.OPEN, 28, None),  # formal, target in 2 weeks (6-week Compacts)
    (1, Case.State.OPEN, 35, None),  # formal, target in 1 week
    (1, Case.State.OPEN, 43, None),  # formal, target passed yesterday
    (2, Case.State.OPEN, 80, 30),
    (1, Case.State.RESOLVED, 120, 20),  # target met
    (1, Case.State.RESOLVED, 200, 60),  # target missed
    (0, Case.State.RESOLVED, 90, None),
    (0, Case.State.WITHDRAWN, 60, None),
    (2, Case.State.CLOSED_UNRESOLVED, 250, 45),
]


@transaction.atomic
def seed(*, scale: int = 1, stdout=None, progress=None) -> int:
    today = timezone.localdate()
    made = 0
    compacts = list(Compact.objects.order_by("pk"))
    for number, compact in enumerate(compacts, start=1):
        if progress:
            progress("Dispute cases", number, len(compacts))
        if Stage.STEERING_GROUP in (compact.resolution_stages or []):
            SteeringGroup.objects.get_or_create(
                compact=compact,
                defaults={
                    "name": f"{compact.area} Compact Steering Group",
                    "email": f"steering-group@{compact.slug}.demo",
                },
            )
        if Case.objects.filter(compact=compact).exists():
            continue
        signed = Organisation.objects.filter(
            signatures__compact=compact, signatures__state=Signature.State.APPROVED
        ).order_by("pk")
        vcs = list(signed.filter(sector=Sector.VOLUNTARY_COMMUNITY)[:10])
        public = list(signed.filter(sector=Sector.PUBLIC)[:2])
        commitments = list(
            compact.commitments.filter(theme__in=["consultation", "changes", "funding"])
        )
        members = list(
            ReferenceGroupMember.objects.filter(compact=compact, active=True).select_related(
                "organisation"
            )
        )
        if not vcs or not public or not commitments:
            continue
        stages = compact.resolution_stages or [Stage.INFORMAL]
        cases = []
        for copy in range(scale):
            for i, (stage_index, state, age, formal_days) in enumerate(VARIANTS):
                initial = today - timedelta(days=age)
                stage = stages[min(stage_index, len(stages) - 1)]
                reached_formal = (
                    Stage.FORMAL in stages
                    and stage_index >= 1
                    and stages.index(Stage.FORMAL) <= stage_index
                )
                case = Case(
                    compact=compact,
                    reference=new_reference("C"),
                    complainant=vcs[0 if copy == 0 else (i + copy) % len(vcs)],
                    respondent=public[i % len(public)],
                    commitment=commitments[i % len(commitments)],
                    what_happened="The council ended our grant without talking to us first.",
                    outcome_sought="A meeting to discuss the decision and three months' notice.",
                    first_raised_on=initial - timedelta(days=14),
                    first_raised_how="Letter to the director",
                    initial_contact_on=initial,
                    contact_name="Jo Bloggs",
                    contact_email="jo.bloggs@example.org",
                    contact_phone="01432 000000",
                    stage=stage,
                    state=state,
                    formal_started_on=initial + timedelta(days=3) if reached_formal else None,
                    left_formal_on=initial + timedelta(days=formal_days)
                    if reached_formal and formal_days
                    else None,
                )
                if state != Case.State.OPEN:
                    case.closed_on = initial + timedelta(days=(formal_days or 20) + 5)
                    case.closed_at_stage = stage
                    case.outcome = (
                        "The parties agreed a way forward." if state == Case.State.RESOLVED else ""
                    )
                    case.referred_to = (
                        "Legal advice" if state == Case.State.CLOSED_UNRESOLVED else ""
                    )
                    case.lesson_learnt = (
                        LESSONS[(i + copy) % len(LESSONS)]
                        if state == Case.State.RESOLVED
                        else ""
                    )
                if Stage.MEDIATION in stages[: stages.index(stage) + 1]:
                    case.mediator_name = "Essex Compact mediation panel"
                    case.mediator_organisation = "Essex Compact"
                    case.referred_to_mediator_on = initial + timedelta(days=10)
                case.refresh_verdicts()  # bulk_create does not call save()
                cases.append(case)
        cases = Case.objects.bulk_create(cases, batch_size=1000)
        # A case opened when it was first brought to the Compact, not when the demo ran: its
        # letters and meetings come after.
        for case in cases:
            case.created_at = timezone.make_aware(
                datetime.combine(case.initial_contact_on, time(9, 30))
            )
        Case.objects.bulk_update(cases, ["created_at"], batch_size=1000)
        made += len(cases)
        panel_pool = _panel(members, cases[0].complainant_id, cases[0].respondent_id)
        seats, meetings, letters = [], [], []
        for case in cases:
            if case.formal_started_on and panel_pool:
                seats += [
                    PanelMember(case=case, member=m, confirmed_no_conflict_at=timezone.now())
                    for m in panel_pool
                ]
                meetings.append(
                    PanelMeeting(
                        case=case,
                        held_on=case.formal_started_on + timedelta(days=7),
                        place="The Shire Hall",
                        attendees="Both parties and the panel",
                        notes="Both sides set out their view.",
                    )
                )
            letters.append(
                Message(
                    case=case,
                    author_role=Role.OFFICER,
                    to=Message.Party.RESPONDENT,
                    sent_on=case.initial_contact_on + timedelta(days=2),
                    body="Please reply in writing to the concern raised.",
                    replied_on=None
                    if case.state == Case.State.OPEN
                    else case.initial_contact_on + timedelta(days=10),
                )
            )
        # One letter that has waited exactly four weeks today, for the reminder: in an open case
        # that was opened before it was written.
        waiting = next(
            c
            for c in cases
            if c.state == Case.State.OPEN
            and c.initial_contact_on < today - timedelta(weeks=4)
        )
        letters.append(
            Message(
                case=waiting,
                author_role=Role.OFFICER,
                to=Message.Party.RESPONDENT,
                sent_on=today - timedelta(weeks=4),
                body="A reminder: we still need your written reply.",
            )
        )
        PanelMember.objects.bulk_create(seats, ignore_conflicts=True)
        PanelMeeting.objects.bulk_create(meetings)
        Message.objects.bulk_create(letters)
    if stdout:
        stdout.write(f"Cases: {made} in every stage and end state, with panels and letters.")
    return made


# Distinct lessons, as a reference group would write them after a resolved case.
LESSONS = [
    "Talk to funded groups before a decision to end funding is final.",
    "Put the three months' notice in a letter, with the reasons, not only in a meeting.",
    "Say at the start of a consultation why it runs for less than twelve weeks.",
    "Send the equality impact assessment to the group before negotiating a cut.",
    "Publish the feedback on a consultation, including the views not acted on.",
    "Agree how outcomes will be monitored before the grant agreement is signed.",
    "Name one contact on each side as soon as a concern is raised.",
    "Give partners four weeks' notice of a meeting that decides on their funding.",
]

def _panel(members, *party_ids):
    """Three members from two or more sectors, none from the parties nor linked to them."""
    free = [
        m
        for m in members
        if m.organisation_id not in party_ids
        and not set(m.declared_links.values_list("organisation_id", flat=True)) & set(party_ids)
    ]
    by_sector: dict[str, list] = {}
    for member in free:
        by_sector.setdefault(member.organisation.sector, []).append(member)
    if len(by_sector) < 2:
        return []
    chosen = [group[0] for group in by_sector.values()][:3]
    rest = [m for m in free if m not in chosen]
    return (chosen + rest)[:3]
