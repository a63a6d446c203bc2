"""State changes of dispute cases: one function each, in a transaction, with who, when and why."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.history import record_change
from signatories.access import approved_in
from signatories.models import ReferenceGroupMember
from signatories.services import new_reference

from . import access, emails
from .models import (
    Case,
    InternalNote,
    Message,
    PanelMeeting,
    PanelMember,
    Stage,
    SteeringGroup,
)
from .rules import PROBLEM_WORDS, panel_problems

END_STATES = {Case.State.RESOLVED, Case.State.WITHDRAWN, Case.State.CLOSED_UNRESOLVED}
PANEL_SIZE = 3  # RULES.md §5: default size 3
# The same thing sent again this soon by the same person is a second click, not a second letter.
REPEAT_WINDOW = timedelta(minutes=2)


def _officer(case: Case, by: User) -> None:
    if not access.may_change(by, case):
        raise PermissionDenied(f"You are not an officer of the {case.compact.name}.")


def _open(case: Case) -> None:
    if case.state in END_STATES:
        raise ValidationError(
            f"Case {case.reference} has already been {case.get_state_display().lower()}:"
            " it cannot change."
        )


def _locked(case: Case, *, at_stage: str | None) -> Case:
    """The case row, locked until the change commits, if it is still open at the stage seen.

    A second click (or a second officer) waits for the first change, then finds the case
    moved on and is told so, instead of moving it again.
    """
    locked = Case.objects.select_for_update().select_related("compact").get(pk=case.pk)
    _open(locked)
    if at_stage is not None and locked.stage != at_stage:
        raise ValidationError(
            f"Case {locked.reference} has already moved to the {locked.stage_label().lower()}"
            " stage.",
            code="stale",
        )
    return locked


@transaction.atomic
def raise_concern(
    *,
    by: User,
    compact,
    complainant,
    respondent,
    commitment,
    what_happened: str,
    outcome_sought: str,
    first_raised_on: date,
    first_raised_how: str,
    contact_name: str,
    contact_email: str,
    contact_phone: str = "",
    today: date | None = None,
) -> Case:
    """A contact raises a concern for their organisation (004 13.1); it starts informal.

    The same concern sent again at once (a double click) is the case already logged: the
    raiser's organisation is locked while it is looked for, so two clicks log and tell once.
    """
    today = today or timezone.localdate()
    if not access.may_raise_for(by, complainant):
        raise PermissionDenied(
            "You can raise a concern only for an organisation you are a contact for."
        )
    type(complainant).objects.select_for_update().filter(pk=complainant.pk).first()
    repeat = Case.objects.filter(
        raised_by=by,
        complainant=complainant,
        respondent=respondent,
        commitment=commitment,
        what_happened=what_happened,
        outcome_sought=outcome_sought,
        created_at__gte=timezone.now() - REPEAT_WINDOW,
    ).first()
    if repeat is not None:
        return repeat
    if respondent.pk == complainant.pk:
        raise ValidationError({"respondent": "Choose the other organisation, not your own."})
    if commitment.compact_id != compact.pk:
        raise ValidationError({"commitment": "Choose a commitment of this Compact."})
    # The procedure is between two signatories of the Compact (004 13.1): both on its list.
    if not approved_in(complainant, compact):
        raise ValidationError(
            {"complainant": f"{complainant.name} is not on the {compact.name}'s published list."}
        )
    if not approved_in(respondent, compact):
        raise ValidationError(
            {"respondent": f"{respondent.name} is not on the {compact.name}'s published list."}
        )
    if first_raised_on > today:
        raise ValidationError(
            {"first_raised_on": "The date it was first raised must be today or in the past."}
        )
    stages = compact.resolution_stages or [Stage.INFORMAL]
    case = Case(
        compact=compact,
        reference=new_reference("C"),
        complainant=complainant,
        respondent=respondent,
        commitment=commitment,
        what_happened=what_happened,
        outcome_sought=outcome_sought,
        first_raised_on=first_raised_on,
        first_raised_how=first_raised_how,
        initial_contact_on=today,
        raised_by=by,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        stage=stages[0],
    )
    record_change(case, by=by, reason=f"Raised by {complainant.name}")
    case.save()
    emails.concern_acknowledged(case)
    emails.case_logged(case)
    return case


def panel_facts(case: Case, members: list[ReferenceGroupMember]) -> list[SimpleNamespace]:
    """What panel_problems needs of each member; a conflict declared on this case is a link."""
    conflicted = set(
        case.panel.exclude(declared_conflict_at=None).values_list("member_id", flat=True)
    )
    parties = {case.complainant_id, case.respondent_id}
    facts = []
    for member in members:
        links = set(member.declared_links.values_list("organisation_id", flat=True))
        if member.pk in conflicted:
            links |= parties
        facts.append(
            SimpleNamespace(
                org_id=member.organisation_id,
                sector=member.organisation.sector,
                linked_org_ids=links,
            )
        )
    return facts


def uses_panel(case: Case) -> bool:
    """The Compact's procedure has a formal stage with a panel (Chelmsford's has a mediator)."""
    return Stage.FORMAL in (case.compact.resolution_stages or [])


def panel_not_ready(case: Case) -> list[str]:
    """Why the case cannot go before its panel yet (empty: every member confirmed, rules met)."""
    seats = list(case.panel.select_related("member__organisation"))
    if not seats:
        return ["No panel has been proposed"]
    words = [
        PROBLEM_WORDS[p]
        for p in panel_problems(
            panel_facts(case, [seat.member for seat in seats]),
            [case.complainant_id, case.respondent_id],
            size=PANEL_SIZE,
        )
    ]
    if any(seat.declared_conflict_at for seat in seats):
        words.append("A member has declared a conflict: propose a replacement")
    elif any(seat.confirmed_no_conflict_at is None for seat in seats):
        words.append("Not every member has confirmed they have no conflict of interest")
    if any(not seat.member.active for seat in seats):
        words.append("A member has left the reference group: propose a replacement")
    return words


@transaction.atomic
def move_to_next_stage(
    case: Case,
    *,
    by: User,
    reason: str,
    from_stage: str | None = None,
    mediator_name: str = "",
    mediator_organisation: str = "",
    referred_to_mediator_on: date | None = None,
    today: date | None = None,
) -> Case:
    """Move the case on from the stage the officer saw (`from_stage`, else the case's as given).

    The formal stage needs a confirmed panel that meets the rules (000); mediation needs the
    mediator it was referred to (003). Everyone in the case is told.
    """
    _officer(case, by)
    case = _locked(case, at_stage=from_stage or case.stage)
    next_stage = next_stage_of(case)
    if next_stage is None:
        raise ValidationError(
            f"The {case.compact.name}'s procedure has no stage after {case.stage_label().lower()}."
        )
    if not reason.strip():
        raise ValidationError({"reason": "Say why the case moves on."})
    if next_stage == Stage.FORMAL:
        problems = panel_not_ready(case)
        if problems:
            raise ValidationError(
                ["The case goes to the formal stage only with a confirmed panel.", *problems],
                code="panel",
            )
    today = today or timezone.localdate()
    if next_stage == Stage.MEDIATION:
        if not mediator_name.strip():
            raise ValidationError({"mediator_name": "Name the independent mediator."})
        if referred_to_mediator_on is None:
            raise ValidationError(
                {"referred_to_mediator_on": "Enter the date the case was referred."}
            )
        if referred_to_mediator_on > today:
            raise ValidationError(
                {"referred_to_mediator_on": "The date referred must be today or in the past."}
            )
        case.mediator_name = mediator_name.strip()
        case.mediator_organisation = mediator_organisation.strip()
        case.referred_to_mediator_on = referred_to_mediator_on
    leaving = case.stage
    case.stage = next_stage
    if case.stage == Stage.FORMAL:
        case.formal_started_on = today
    if leaving == Stage.FORMAL:
        case.left_formal_on = today
    record_change(case, by=by, reason=f"Moved to {case.stage_label().lower()}: {reason}")
    case.save()
    emails.stage_changed(case, by=by)
    if case.stage == Stage.STEERING_GROUP:
        emails.steering_group_told(case)
    return case


def next_stage_of(case: Case) -> str | None:
    """The stage after the case's in its Compact's procedure (None at the last)."""
    stages = case.compact.resolution_stages or []
    if case.stage not in stages or stages.index(case.stage) + 1 >= len(stages):
        return None
    return stages[stages.index(case.stage) + 1]


def _end(
    case: Case,
    *,
    by: User,
    state: str,
    outcome: str,
    reason: str,
    today: date | None,
    at_stage: str | None = None,
    lesson: str = "",
    referred_to: str = "",
) -> Case:
    case = _locked(case, at_stage=at_stage)
    today = today or timezone.localdate()
    if case.stage == Stage.FORMAL and case.left_formal_on is None:
        case.left_formal_on = today
    case.state = state
    case.closed_on = today
    case.closed_at_stage = case.stage
    case.outcome = outcome
    case.lesson_learnt = lesson
    case.referred_to = referred_to
    record_change(case, by=by, reason=reason)
    case.save()
    emails.case_ended(case, by=by)
    return case


@transaction.atomic
def resolve(
    case: Case,
    *,
    by: User,
    outcome: str,
    lesson: str = "",
    at_stage: str | None = None,
    today: date | None = None,
) -> Case:
    """The case is resolved; its outcome and an optional lesson learnt are recorded.

    `at_stage`, where given, is the stage the officer saw: a case moved on since is refused.
    """
    _officer(case, by)
    if not outcome.strip():
        raise ValidationError({"outcome": "Record the outcome."})
    return _end(
        case,
        by=by,
        state=Case.State.RESOLVED,
        outcome=outcome,
        lesson=lesson,
        at_stage=at_stage,
        today=today,
        reason=f"Resolved: {outcome}",
    )


@transaction.atomic
def close_unresolved(
    case: Case,
    *,
    by: User,
    referred_to: str,
    outcome: str = "",
    lesson: str = "",
    at_stage: str | None = None,
    today: date | None = None,
) -> Case:
    """Close a case that was not resolved, noting where it was referred (`at_stage`: as resolve)."""
    _officer(case, by)
    if not referred_to.strip():
        raise ValidationError({"referred_to": "Say where the case was referred."})
    return _end(
        case,
        by=by,
        state=Case.State.CLOSED_UNRESOLVED,
        outcome=outcome,
        lesson=lesson,
        referred_to=referred_to,
        at_stage=at_stage,
        today=today,
        reason=f"Closed unresolved, referred to {referred_to}",
    )


@transaction.atomic
def withdraw(
    case: Case,
    *,
    by: User,
    reason: str,
    at_stage: str | None = None,
    today: date | None = None,
) -> Case:
    """Either party may leave the procedure at any stage (000); `at_stage`: as resolve."""
    if not access.may_withdraw(by, case):
        raise PermissionDenied("Only the parties can withdraw a case.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the case is withdrawn."})
    return _end(
        case,
        by=by,
        state=Case.State.WITHDRAWN,
        outcome="",
        at_stage=at_stage,
        today=today,
        reason=f"Withdrawn by {access.party_role(access.roles_on(by, case))}: {reason}",
    )


@transaction.atomic
def propose_panel(
    case: Case,
    *,
    by: User,
    members: list[ReferenceGroupMember],
    replacing: list[int] | None = None,
) -> list[PanelMember]:
    """Form a panel from the reference group; conflicted or one-sector panels are refused.

    Members kept from the panel before keep their answer; each new member is invited to
    confirm or declare a conflict, and the parties are told who is proposed. `replacing` is
    the panel the officer saw (reference group member ids; empty: none): a panel proposed
    since, by a second click or another officer, is not silently replaced.
    """
    _officer(case, by)
    case = _locked(case, at_stage=None)
    if not uses_panel(case):
        raise ValidationError(
            f"The {case.compact.name}'s procedure has no panel: it uses an independent mediator."
        )
    current = set(case.panel.values_list("member_id", flat=True))
    if current and current == {m.pk for m in members}:
        raise ValidationError(f"This panel has already been proposed for case {case.reference}.")
    if replacing is not None and set(replacing) != current:
        raise ValidationError(
            f"The panel for case {case.reference} has changed since you opened this page:"
            " check it and propose again."
        )
    if any(m.compact_id != case.compact_id or not m.active for m in members):
        raise ValidationError(
            "Panel members must be active members of this Compact's reference group."
        )
    problems = panel_problems(
        panel_facts(case, members), [case.complainant_id, case.respondent_id], size=PANEL_SIZE
    )
    if problems:
        raise ValidationError([PROBLEM_WORDS[p] for p in problems], code="panel")
    chosen = {m.pk for m in members}
    for seat in case.panel.exclude(member_id__in=chosen):
        record_change(seat, by=by, reason="Taken off the panel")
        seat.delete()
    seats = []
    for member in members:
        if member.pk in current:
            continue
        seat = PanelMember(case=case, member=member)
        record_change(seat, by=by, reason="Proposed for the panel")
        seat.save()
        seats.append(seat)
    record_change(case, by=by, reason="Panel proposed: " + ", ".join(m.name for m in members))
    case.save()  # a line in the case's own history
    for seat in seats:
        emails.panel_invited(seat)
    emails.panel_proposed(case, by=by)
    return seats


def _locked_seat(seat: PanelMember) -> PanelMember:
    """The seat, its case locked first (as propose_panel locks it before the seats), then the
    seat: two members answering at once see each other's answer, and a panel replaced since
    is found gone rather than answered."""
    case = Case.objects.select_for_update().select_related("compact").get(pk=seat.case_id)
    _open(case)
    try:
        locked = PanelMember.objects.select_for_update().get(pk=seat.pk)
    except PanelMember.DoesNotExist:
        raise ValidationError(
            f"You are no longer on the panel for case {case.reference}."
        ) from None
    locked.case = case
    return locked


@transaction.atomic
def confirm_no_conflict(seat: PanelMember, *, by: User) -> PanelMember:
    """A panel member confirms they have no conflict with either party (recorded).

    The last confirmation of a panel that meets the rules tells everyone it is confirmed.
    """
    if not access.may_confirm_no_conflict(by, seat):
        raise PermissionDenied("Only the member can confirm this.")
    seat = _locked_seat(seat)
    case = seat.case
    if seat.declared_conflict_at is not None:
        raise ValidationError("You have declared a conflict of interest on this case.")
    if seat.confirmed_no_conflict_at is not None:
        raise ValidationError("You have already confirmed you have no conflict of interest.")
    seat.confirmed_no_conflict_at = timezone.now()
    record_change(seat, by=by, reason="Confirmed no conflict of interest")
    seat.save()
    if not panel_not_ready(case):
        emails.panel_confirmed(case)
    return seat


@transaction.atomic
def declare_conflict(seat: PanelMember, *, by: User, conflict: str) -> PanelMember:
    """A member declares a conflict (004 11.2.6): recorded, and the officers replace them."""
    if not access.may_confirm_no_conflict(by, seat):
        raise PermissionDenied("Only the member can declare this.")
    if not conflict.strip():
        raise ValidationError({"conflict": "Say what the conflict is."})
    seat = _locked_seat(seat)
    if seat.declared_conflict_at is not None:
        raise ValidationError("You have already declared a conflict of interest on this case.")
    seat.declared_conflict_at = timezone.now()
    seat.confirmed_no_conflict_at = None
    seat.conflict = conflict.strip()
    record_change(seat, by=by, reason="Declared a conflict of interest")
    seat.save()
    emails.conflict_declared(seat)
    return seat


@transaction.atomic
def record_meeting(
    case: Case,
    *,
    by: User,
    held_on: date,
    attendees: str,
    notes: str = "",
    place: str = "",
    starts_at=None,
) -> PanelMeeting:
    """A panel meeting, arranged ahead or recorded after; everyone in the case is told."""
    if not access.may_record_meeting(by, case):
        raise PermissionDenied("Only officers and the panel record panel meetings.")
    case = _locked(case, at_stage=None)
    # A second click (or a second officer) on the same meeting arranges it, and tells, once.
    if case.meetings.filter(held_on=held_on, starts_at=starts_at, place=place).exists():
        raise ValidationError(
            f"This meeting has already been arranged for case {case.reference}.", code="stale"
        )
    meeting = PanelMeeting(
        case=case,
        held_on=held_on,
        starts_at=starts_at,
        place=place,
        attendees=attendees,
        notes=notes,
        recorded_by=by,
    )
    record_change(meeting, by=by, reason="Arranged")
    meeting.save()
    emails.meeting_arranged(meeting, by=by)
    return meeting


@transaction.atomic
def assign_owner(case: Case, *, by: User, owner: User | None) -> Case:
    """Name the Compact officer who runs the case (None: nobody yet)."""
    _officer(case, by)
    case = _locked(case, at_stage=None)
    if owner is not None and not owner.is_compact_officer_for(case.compact):
        raise ValidationError({"owner": f"Choose an officer of the {case.compact.name}."})
    case.owner = owner
    record_change(case, by=by, reason=f"Owner: {owner.get_full_name() if owner else 'nobody'}")
    case.save()
    return case


@transaction.atomic
def add_internal_note(case: Case, *, by: User, text: str) -> InternalNote:
    """A note for the Compact's officers alone; the same note again at once (a double click)
    is the note already written."""
    _officer(case, by)
    if not text.strip():
        raise ValidationError({"text": "Write the note."})
    case = Case.objects.select_for_update().get(pk=case.pk)
    repeat = case.internal_notes.filter(
        author=by, text=text.strip(), written_at__gte=timezone.now() - REPEAT_WINDOW
    ).first()
    if repeat is not None:
        return repeat
    note = InternalNote(case=case, author=by, text=text.strip())
    record_change(note, by=by, reason="Written")
    note.save()
    return note


@transaction.atomic
def send_message(
    case: Case,
    *,
    by: User,
    to: str,
    body: str,
    attachment=None,
    reply_to: Message | None = None,
    today: date | None = None,
) -> Message:
    """Written correspondence on the case; a reply dates the message it answers.

    The case is locked while it is written: the same message again from the same person
    within REPEAT_WINDOW (a double click: same addressee, text, reply and attachment) is the
    message already sent, stored and told once.
    """
    roles = access.roles_on(by, case)
    if not roles:
        raise PermissionDenied("You have no part in this case.")
    if not access.may_write(by, case):
        raise PermissionDenied(access.why_not_writing(by, case))
    if to not in access.addressees(roles):
        raise PermissionDenied("A party writes to the Compact's officers and the panel.")
    if not body.strip():
        raise ValidationError({"body": "Write your message."})
    today = today or timezone.localdate()
    case = Case.objects.select_for_update().get(pk=case.pk)
    repeat = _repeat_of(case, by=by, to=to, body=body, attachment=attachment, reply_to=reply_to)
    if repeat is not None:
        return repeat
    message = Message(
        case=case,
        author=by,
        author_role=access.party_role(roles),
        to=to,
        body=body,
        attachment=attachment or "",
        reply_to=reply_to,
        sent_on=today,
    )
    record_change(message, by=by, reason="Sent")
    message.save()
    if reply_to is not None and reply_to.replied_on is None:
        reply_to.replied_on = today
        record_change(reply_to, by=by, reason="Answered in writing")
        reply_to.save(update_fields=["replied_on"])
    emails.message_sent(message)
    return message


def _digest(file) -> tuple[int, str]:
    """A file's size and SHA-256, read in chunks; an upload is left ready to be saved."""
    digest, size = hashlib.sha256(), 0
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return size, digest.hexdigest()


def _repeat_of(case: Case, *, by: User, to: str, body: str, attachment, reply_to) -> Message | None:
    """The same message from the same person sent on the case within REPEAT_WINDOW, if any."""
    earlier = case.messages.filter(
        author=by,
        to=to,
        body=body,
        reply_to=reply_to,
        sent_at__gte=timezone.now() - REPEAT_WINDOW,
    ).order_by("-sent_at")
    upload = _digest(attachment) if attachment else None
    for message in earlier:
        if not message.attachment:
            if upload is None:
                return message
            continue
        if upload is None:
            continue
        try:
            with message.attachment.open("rb") as stored:
                if _digest(stored) == upload:
                    return message
        except OSError:
            continue
    return None


@transaction.atomic
def set_steering_group(*, compact, by: User, name: str, email: str) -> SteeringGroup:
    """Who a Compact's "steering group told" stage notifies (003); one per Compact."""
    if not by.is_authenticated or not by.is_compact_officer_for(compact):
        raise PermissionDenied(f"You are not an officer of the {compact.name}.")
    if not name.strip() or not email.strip():
        raise ValidationError("Give the steering group's name and email address.")
    group = SteeringGroup.objects.select_for_update().filter(
        compact=compact
    ).first() or SteeringGroup(compact=compact)
    group.name, group.email = name.strip(), email.strip()
    record_change(group, by=by, reason="Steering group's contact set")
    group.save()
    return group
