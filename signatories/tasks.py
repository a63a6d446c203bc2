"""Celery tasks for signatures: thin wrappers over the services."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone

from . import emails, services
from .models import Signature


@shared_task
def lapse_overdue_signatures(today: str | None = None) -> int:
    """Take signatures that missed their re-commit date off the published list."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return services.lapse_overdue_signatures(day)


@shared_task
def remind_to_recommit(today: str | None = None, days_before: int = 14) -> int:
    """Remind contacts whose re-commit date is `days_before` days away."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    due = day + timezone.timedelta(days=days_before)
    signatures = Signature.objects.filter(
        state=Signature.State.APPROVED, recommit_due=due
    ).select_related("organisation", "compact")
    count = 0
    for signature in signatures:
        emails.recommit_reminder(signature, days_left=days_before)
        count += 1
    return count
