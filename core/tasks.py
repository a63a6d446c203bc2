"""The outbox's tasks: send a batch of rows, and the periodic sweep (retries, dead workers)."""

from __future__ import annotations

from celery import shared_task

from . import outbox


@shared_task(acks_late=True)
def send_queued(pks: list[int]) -> int:
    """Send these outbox rows; each is claimed first, so a duplicate task sends nothing."""
    return len(outbox.deliver(pks))


@shared_task
def sweep_outbox() -> int:
    """Queue rows whose retry is due and rows a dead worker left half-sent."""
    return outbox.sweep()
