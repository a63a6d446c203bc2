"""Emails about cases: each step tells everyone with a part in the case, once.

A party's email names organisations, never the people of the other party or their contact
details (000; 004 §12); those stay with the Compact's officers and the panel.
"""

from __future__ import annotations

from core.emails import absolute, send
from signatories.models import CompactOfficer, OrganisationContact

from . import calendar
from .models import Case, Message, PanelMeeting, PanelMember, Stage


def contacts_of(organisation) -> set[str]:
    """The organisation's contacts whose accounts are open (a pending account is not told)."""
    return set(
        OrganisationContact.objects.filter(
            organisation=organisation, user__is_active=True
        ).values_list("user__email", flat=True)
    )


def officers_of(case: Case) -> set[str]:
    return set(
        CompactOfficer.objects.filter(compact=case.compact, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


def panel_of(case: Case) -> set[str]:
    """The panel's members with an account who confirmed they have no conflict (an invited
    member is asked by panel_invited and hears no more until they confirm)."""
    return set(
        case.panel.filter(
            member__active=True,
            member__user__is_active=True,
            declared_conflict_at=None,
            confirmed_no_conflict_at__isnull=False,
        ).values_list("member__user__email", flat=True)
    )


def complainant_side(case: Case) -> set[str]:
    return {case.contact_email} | contacts_of(case.complainant)


def parties_of(case: Case) -> set[str]:
    return complainant_side(case) | contacts_of(case.respondent)


def _send(template, subject, to, case, context=None, *, leaving_out=None, attachments=()) -> None:
    recipients = sorted(set(to) - {getattr(leaving_out, "email", None)} - {"", None})
    send(
        f"disputes/emails/{template}",
        subject,
        recipients,
        {"case": case, "link": absolute(case.get_absolute_url()), **(context or {})},
        about=case,
        compact_id=case.compact_id,
        attachments=attachments,
    )


def _procedure(case: Case) -> list[str]:
    return [Stage.label_of(stage) for stage in case.compact.resolution_stages]


def concern_acknowledged(case: Case) -> None:
    """The person who raised it: their reference and the procedure's dates."""
    _send(
        "acknowledged",
        f"We have logged your concern ({case.reference})",
        [case.contact_email],
        case,
        {"procedure": _procedure(case)},
    )


def case_logged(case: Case) -> None:
    """The other organisation's contacts are told what was raised (004 13.1); officers too."""
    _send(
        "logged_respondent",
        f"A concern has been raised with the {case.compact.name} about your organisation"
        f" ({case.reference})",
        contacts_of(case.respondent) - complainant_side(case),
        case,
        {"procedure": _procedure(case)},
    )
    _send(
        "logged_officers",
        f"A new concern has been logged: {case.reference}",
        officers_of(case) - parties_of(case),
        case,
    )


def message_sent(message: Message) -> None:
    """Everyone the message is addressed to, less its writer."""
    case = message.case
    recipients = officers_of(case) | panel_of(case)
    if message.to == Message.Party.COMPLAINANT:
        recipients = complainant_side(case)
    elif message.to == Message.Party.RESPONDENT:
        recipients = contacts_of(case.respondent)
    elif message.to == Message.Party.EVERYONE:
        recipients |= parties_of(case)
    _send(
        "message",
        f"A new message on case {case.reference}",
        recipients,
        case,
        leaving_out=message.author,
    )


def panel_invited(seat: PanelMember) -> None:
    """A member proposed for the panel is asked to confirm, or declare a conflict."""
    case = seat.case
    if seat.member.user_id is None or not seat.member.user.is_active:
        return
    _send(
        "panel_invited",
        f"You are invited to sit on the panel for case {case.reference}",
        [seat.member.user.email],
        case,
        {"seat": seat},
    )


def panel_proposed(case: Case, *, by) -> None:
    """The parties see who is proposed, so either can object to a conflict."""
    _send(
        "panel_proposed",
        f"A panel has been proposed for case {case.reference}",
        parties_of(case),
        case,
        {"panel": case.panel.select_related("member__organisation")},
        leaving_out=by,
    )


def panel_confirmed(case: Case) -> None:
    _send(
        "panel_confirmed",
        f"The panel for case {case.reference} is confirmed",
        parties_of(case) | officers_of(case) | panel_of(case),
        case,
        {"panel": case.panel.select_related("member__organisation")},
    )


def conflict_declared(seat: PanelMember) -> None:
    """The officers replace a member who declared a conflict."""
    _send(
        "conflict_declared",
        f"A panel member declared a conflict on case {seat.case.reference}",
        officers_of(seat.case),
        seat.case,
        {"seat": seat},
    )


def meeting_arranged(meeting: PanelMeeting, *, by) -> None:
    case = meeting.case
    _send(
        "meeting_arranged",
        f"A panel meeting is arranged for case {case.reference}",
        parties_of(case) | officers_of(case) | panel_of(case),
        case,
        {
            "meeting": meeting,
            "calendar_link": absolute(meeting.get_calendar_url()),
        },
        leaving_out=by,
        attachments=[
            (
                calendar.file_name(meeting),
                "text/calendar",
                calendar.meeting_ics(meeting).decode(),
            )
        ],
    )


def stage_changed(case: Case, *, by) -> None:
    """Both parties and the panel are told the case has moved on (and to whom, for mediation)."""
    _send(
        "stage_changed",
        f"Case {case.reference} has moved to the {case.stage_label().lower()} stage",
        parties_of(case) | officers_of(case) | panel_of(case),
        case,
        {"procedure": _procedure(case)},
        leaving_out=by,
    )


def steering_group_told(case: Case) -> bool:
    """Chelmsford's last stage (003): the steering group's contact gets a notice, if set."""
    group = getattr(case.compact, "steering_group_contact", None)
    if group is None:
        return False
    _send(
        "steering_group_notice",
        f"A concern under the {case.compact.name}: case {case.reference}",
        [group.email],
        case,
        {"group": group},
    )
    return True


def case_ended(case: Case, *, by) -> None:
    """Resolved, withdrawn or closed unresolved: the outcome and the routes left."""
    _send(
        "ended",
        f"Case {case.reference} has been {case.get_state_display().lower()}",
        parties_of(case) | officers_of(case) | panel_of(case),
        case,
        {"resolved": case.state == Case.State.RESOLVED},
        leaving_out=by,
    )
