"""Deadline reminders that funding feeds to the sweep."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from core.deadlines import DueReminder, reminder_source, weeks
from signatories.queries import contact_emails, officer_emails

from .models import FundingAgreement, FundingNotice


@reminder_source(
    "funding.notice_deadline",
    label="Last day to give notice before an agreement ends",
    offsets=(weeks(8), weeks(2)),
)
def notice_deadline(deadline, offset):
    """Funders' officers, while no notice has been given about the agreement."""
    agreements = list(
        FundingAgreement.objects.filter(notice_deadline=deadline)
        .annotate(has_notice=Exists(FundingNotice.objects.filter(agreement=OuterRef("pk"))))
        .filter(has_notice=False)
        .select_related("compact", "funder", "recipient")
        .order_by()
    )
    emails = contact_emails(a.funder_id for a in agreements)
    for agreement in agreements:
        for email in emails.get(agreement.funder_id, []):
            yield DueReminder(
                kind="funding.notice_deadline",
                obj=agreement,
                deadline=deadline,
                offset_days=offset,
                recipient=email,
                compact_id=agreement.compact_id,
                about=(
                    f"The last day to give written notice, with reasons, before "
                    f"\u201c{agreement.title}\u201d with {agreement.recipient.name} ends "
                    f"on {agreement.end_date:%-d %B %Y}"
                ),
                clause=agreement.compact.clause_for("funding_end_notice_months"),
                link=agreement.get_absolute_url(),
            )


@reminder_source(
    "funding.renewal_due",
    label="Renewal decision due or overdue",
    offsets=(weeks(4), -1),
)
def renewal_due(deadline, offset):
    """Funders' officers before the date; Compact officers too once it has passed."""
    agreements = list(
        FundingAgreement.objects.filter(
            renewal_due=deadline, renewal_decision__isnull=True
        ).select_related("compact", "funder", "recipient")
    )
    funders = contact_emails(a.funder_id for a in agreements)
    officers = officer_emails(a.compact_id for a in agreements) if offset < 0 else {}
    for agreement in agreements:
        recipients = funders.get(agreement.funder_id, []) + officers.get(agreement.compact_id, [])
        for email in dict.fromkeys(recipients):
            yield DueReminder(
                kind="funding.renewal_due",
                obj=agreement,
                deadline=deadline,
                offset_days=offset,
                recipient=email,
                compact_id=agreement.compact_id,
                about=(
                    f"Tell {agreement.recipient.name} whether \u201c{agreement.title}\u201d "
                    f"will be renewed on {agreement.renewal_date:%-d %B %Y}"
                ),
                clause=agreement.compact.clause_for("renewal_notice_months"),
                link=agreement.get_absolute_url(),
            )
