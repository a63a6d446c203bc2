"""Deadline reminders that signatories feeds to the sweep."""

from __future__ import annotations

from django.urls import reverse

from core.deadlines import DueReminder, reminder_source, weeks

from .models import Signature


@reminder_source("signatories.recommit", label="Re-commit after a review", offsets=(weeks(2), 2))
def recommit_due(deadline, offset):
    """Contacts of published signatories that have not re-committed by the date."""
    signatures = (
        Signature.objects.filter(state=Signature.State.APPROVED, recommit_due=deadline)
        .select_related("organisation", "compact")
        .order_by()
    )
    for signature in signatures.iterator(chunk_size=500):
        yield DueReminder(
            kind="signatories.recommit",
            obj=signature,
            deadline=deadline,
            offset_days=offset,
            recipient=signature.contact_email,
            compact_id=signature.compact_id,
            about=(
                f"Re-commit {signature.organisation.name} to the {signature.compact.name} "
                "after its review, or it leaves the published list"
            ),
            clause=f"{signature.compact.name}: sign up to and re-commit after a review",
            link=reverse("signatories:manage", args=[signature.organisation_id]),
        )
