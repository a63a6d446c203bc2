"""Deadline reminders that disputes feed to the sweep."""

from __future__ import annotations

from datetime import timedelta

from core.deadlines import DueReminder, reminder_source, weeks
from signatories.queries import contact_emails, officer_emails

from .models import Case, Message, Stage


@reminder_source(
    "disputes.formal_target",
    label="Formal-stage target of a case",
    offsets=(weeks(2), weeks(1), -1),
)
def formal_target(deadline, offset):
    """The Compact's officers and the case's panel, before and the day after the target passes."""
    cases = list(
        Case.objects.filter(state=Case.State.OPEN, stage=Stage.FORMAL, target_date=deadline)
        .select_related("compact")
        .prefetch_related("panel__member__user")
        .order_by()
    )
    officers = officer_emails(c.compact_id for c in cases)
    for case in cases:
        # The panel as access.roles_on sees it: members who confirmed and declared no conflict.
        panel = [
            s.member.user.email
            for s in case.panel.all()
            if s.member.user_id
            and s.member.active
            and s.confirmed_no_conflict_at is not None
            and s.declared_conflict_at is None
        ]
        for email in dict.fromkeys(officers.get(case.compact_id, []) + panel):
            yield DueReminder(
                kind="disputes.formal_target",
                obj=case,
                deadline=deadline,
                offset_days=offset,
                recipient=email,
                about=f"Case {case.reference} should leave the formal stage by its target date",
                clause=case.compact.clause_for("formal_stage_weeks"),
                link=case.get_absolute_url(),
                compact_id=case.compact_id,
            )


@reminder_source("disputes.awaiting_reply", label="Written message awaiting a reply", offsets=(0,))
def awaiting_reply(deadline, offset):
    """A message to a party that has waited 4 weeks for a written reply (004 13.2)."""
    sent_on = deadline - timedelta(weeks=4)
    messages = list(
        Message.objects.filter(
            sent_on=sent_on,
            replied_on=None,
            to__in=[Message.Party.COMPLAINANT, Message.Party.RESPONDENT],
            case__state=Case.State.OPEN,
        )
        .select_related("case__compact")
        .order_by()
    )

    def party(message):
        case = message.case
        return (
            case.complainant_id if message.to == Message.Party.COMPLAINANT else case.respondent_id
        )

    emails = contact_emails(party(message) for message in messages)
    for message in messages:
        case = message.case
        for email in emails.get(party(message), []):
            yield DueReminder(
                kind="disputes.awaiting_reply",
                obj=message,
                deadline=deadline,
                offset_days=offset,
                recipient=email,
                about=(
                    f"A written message on case {case.reference} has waited 4 weeks "
                    "for your written reply"
                ),
                clause=f"{case.compact.name}: complaints are answered in writing",
                link=case.get_absolute_url(),
                compact_id=case.compact_id,
            )
