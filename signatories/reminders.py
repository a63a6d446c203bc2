"""Deadline reminders that signatories feeds to the sweep."""

from __future__ import annotations

from django.urls import reverse

from core.deadlines import DueReminder, reminder_source, weeks

from .models import Compact, CompactOfficer, Signature


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


@reminder_source(
    "signatories.review_due", label="The Compact's annual review", offsets=(weeks(8), weeks(2), 0)
)
def review_due(deadline, offset):
    """The officers of a Compact whose next review falls on the date (002: reviewed annually)."""
    compacts = Compact.objects.filter(review_due_on=deadline).order_by()
    officers = (
        CompactOfficer.objects.filter(compact__in=compacts, user__is_active=True)
        .select_related("user", "compact")
        .order_by("compact_id", "user_id")
    )
    for officer in officers:
        compact = officer.compact
        yield DueReminder(
            kind="signatories.review_due",
            obj=compact,
            deadline=deadline,
            offset_days=offset,
            recipient=officer.user.email,
            compact_id=compact.pk,
            about=(
                f"Review the {compact.name} with its working group, then record the review: "
                "its signatories are invited to re-commit"
            ),
            clause=f"{compact.name}: reviewed annually",
            link=reverse("admin:signatories_compactreview_add"),
        )
