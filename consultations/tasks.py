"""Consultations open and close by date, not by hand."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task
def open_and_close(today: str | None = None) -> dict:
    """Open forthcoming consultations whose day has come; close those whose last day has ended."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return {"opened": services.open_due(day), "closed": services.close_due(day)}
