"""Deadline reminders that consultations feed to the sweep."""

from __future__ import annotations

from signatories.deadlines import DueReminder, reminder_source, weeks
from signatories.queries import contact_emails, officer_emails

from .models import Consultation

Status = Consultation.Status


def _due(kind, consultation, deadline, offset, email, about, duty=True):
    return DueReminder(
        kind=kind,
        obj=consultation,
        deadline=deadline,
        offset_days=offset,
        recipient=email,
        about=about,
        clause=consultation.compact.clause_for("consultation_min_weeks"),
        link=consultation.get_absolute_url(),
        duty=duty,
        compact_id=consultation.compact_id,
    )


@reminder_source("consultations.closing", label="Consultation closing soon", offsets=(7,))
def closing(deadline, offset):
    """The lead body's officers, a week before an open consultation closes."""
    consultations = list(
        Consultation.objects.filter(status=Status.OPEN, closes_on=deadline)
        .select_related("compact")
        .order_by()
    )
    emails = contact_emails(c.lead_body_id for c in consultations)
    for c in consultations:
        for email in emails.get(c.lead_body_id, []):
            yield _due(
                "consultations.closing",
                c,
                deadline,
                offset,
                email,
                f"\u201c{c.title}\u201d closes at the end of {deadline:%-d %B %Y}",
            )


@reminder_source(
    "consultations.feedback", label="Consultation feedback due or overdue", offsets=(weeks(2), -1)
)
def feedback(deadline, offset):
    """The lead body's officers before feedback is due; Compact officers too once it is late."""
    consultations = list(
        Consultation.objects.filter(status=Status.CLOSED, feedback_due=deadline)
        .select_related("compact")
        .order_by()
    )
    leads = contact_emails(c.lead_body_id for c in consultations)
    officers = officer_emails(c.compact_id for c in consultations) if offset < 0 else {}
    for c in consultations:
        for email in dict.fromkeys(leads.get(c.lead_body_id, []) + officers.get(c.compact_id, [])):
            yield _due(
                "consultations.feedback",
                c,
                deadline,
                offset,
                email,
                f"Publish feedback on \u201c{c.title}\u201d: what was decided and how "
                "responses influenced it",
            )


@reminder_source(
    "consultations.opening",
    label="Consultation you follow opens tomorrow",
    offsets=(1,),
    duty=False,
)
def opening(deadline, offset):
    """Followers of a forthcoming consultation, the day before it opens."""
    consultations = (
        Consultation.objects.filter(status=Status.FORTHCOMING, opens_on=deadline)
        .select_related("compact")
        .prefetch_related("followers")
        .order_by()
    )
    for c in consultations:
        for follower in c.followers.all():
            yield _due(
                "consultations.opening",
                c,
                deadline,
                offset,
                follower.email,
                f"\u201c{c.title}\u201d opens for responses on {deadline:%-d %B %Y}",
                duty=False,
            )
