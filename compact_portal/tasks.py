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
    return len(sweep(day, dispatch=lambda pks: send_reminders.delay(pks)))


@shared_task(acks_late=True)
def send_reminders(pks: list[int]) -> int:
    """Send a batch of reminders; each is claimed first, so a duplicate task sends nothing.

    A failed send is recorded on its row and retried by the next hourly sweep.
    """
    from .reminders import deliver_batch

    return len(deliver_batch(pks))
