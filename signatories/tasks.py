"""Celery tasks for signatures: thin wrappers over the services."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def lapse_overdue_signatures(today: str | None = None) -> int:
    """Take signatures that missed their re-commit date off the published list."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return services.lapse_overdue_signatures(day)
