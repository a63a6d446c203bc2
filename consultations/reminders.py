"""Deadline reminders that consultations feed to the sweep."""

from __future__ import annotations

from core.deadlines import DueReminder, reminder_source, weeks
from signatories.queries import citations, contact_emails, emails_by, officer_emails

from .models import Consultation, Follower

Status = Consultation.Status
# What a reminder needs of a consultation; the body and summary stay in the database.
FIELDS = ("title", "compact", "lead_body")


def _reminders(kind, consultations, emails_for, deadline, offset, about, duty=True):
    """One reminder per consultation and address, citing the Compact's consultation clause."""
    clauses = citations((c.compact_id for c in consultations), "consultation_min_weeks")
    for c in consultations:
        emails = emails_for(c)
        if not emails:
            continue
        link = c.get_absolute_url()
        for email in emails:
            yield DueReminder(
                kind=kind,
                obj=c,
                deadline=deadline,
                offset_days=offset,
                recipient=email,
                about=about(c),
                clause=clauses[c.compact_id],
                link=link,
                duty=duty,
                compact_id=c.compact_id,
            )


@reminder_source("consultations.closing", label="Consultation closing soon", offsets=(7,))
def closing(deadline, offset):
    """The lead body's officers, a week before an open consultation closes."""
    consultations = list(
        Consultation.objects.filter(status=Status.OPEN, closes_on=deadline).only(*FIELDS).order_by()
    )
    emails = contact_emails(c.lead_body_id for c in consultations)
    return _reminders(
        "consultations.closing",
        consultations,
        lambda c: emails.get(c.lead_body_id, []),
        deadline,
        offset,
        lambda c: f"\u201c{c.title}\u201d closes at the end of {deadline:%-d %B %Y}",
    )


@reminder_source(
    "consultations.feedback", label="Consultation feedback due or overdue", offsets=(weeks(2), -1)
)
def feedback(deadline, offset):
    """The lead body's officers before feedback is due; Compact officers too once it is late."""
    consultations = list(
        Consultation.objects.filter(status=Status.CLOSED, feedback_due=deadline)
        .only(*FIELDS)
        .order_by()
    )
    leads = contact_emails(c.lead_body_id for c in consultations)
    officers = officer_emails(c.compact_id for c in consultations) if offset < 0 else {}
    return _reminders(
        "consultations.feedback",
        consultations,
        lambda c: dict.fromkeys(leads.get(c.lead_body_id, []) + officers.get(c.compact_id, [])),
        deadline,
        offset,
        lambda c: (
            f"Publish feedback on \u201c{c.title}\u201d: what was decided and how "
            "responses influenced it"
        ),
    )


@reminder_source(
    "consultations.opening",
    label="Consultation you follow opens tomorrow",
    offsets=(1,),
    duty=False,
)
def opening(deadline, offset):
    """Followers of a forthcoming consultation, the day before it opens."""
    consultations = list(
        Consultation.objects.filter(status=Status.FORTHCOMING, opens_on=deadline)
        .only(*FIELDS)
        .order_by()
    )
    followers = emails_by(
        Follower.objects.filter(
            consultation__in=[c.pk for c in consultations], confirmed_at__isnull=False
        ).values_list("consultation_id", "email")
    )
    return _reminders(
        "consultations.opening",
        consultations,
        lambda c: followers.get(c.pk, []),
        deadline,
        offset,
        lambda c: f"\u201c{c.title}\u201d opens for responses on {deadline:%-d %B %Y}",
        duty=False,
    )
