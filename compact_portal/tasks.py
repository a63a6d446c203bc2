"""Project-wide tasks."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task
def heartbeat() -> str:
    """Prove that beat and a worker are running: returns the time it ran."""
    return timezone.now().isoformat()
