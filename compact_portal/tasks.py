"""Project-wide tasks."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task
def heartbeat() -> str:
    """Prove that beat and a worker are running: returns the time it ran."""
    return timezone.now().isoformat()


@shared_task
def sweep_reminders(today: str | None = None) -> int:
    """The daily sweep and its hourly catch-up: record what is due, queue each send."""
    from datetime import date

    from .reminders import sweep

    day = date.fromisoformat(today) if today else timezone.localdate()
    return len(sweep(day, dispatch=lambda pk: send_reminder.delay(pk)))


@shared_task(
    bind=True,
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def send_reminder(self, pk: int) -> bool:
    """Send one reminder; claimed first, so a duplicate task sends nothing."""
    from .reminders import deliver

    return deliver(pk)
