"""The reminder sweep's tasks: the daily sweep (and its hourly catch-up) and each batch's send."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone

from .sweep import deliver_batch, sweep


@shared_task
def sweep_reminders(today: str | None = None) -> int:
    """The daily sweep and its hourly catch-up: record what is due, queue each send."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return len(sweep(day, dispatch=lambda pks: send_reminders.delay(pks)))


@shared_task(acks_late=True)
def send_reminders(pks: list[int]) -> int:
    """Hand a batch of reminders to the outbox; each is claimed first, so a duplicate task
    hands over nothing. The outbox's own task sends them, and retries."""
    return len(deliver_batch(pks))
