"""Consultations open and close by date, not by hand."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone

from . import ical, services


@shared_task
def open_and_close(today: str | None = None) -> dict:
    """Open forthcoming consultations whose day has come; close those whose last day has ended."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return {"opened": services.open_due(day), "closed": services.close_due(day)}


@shared_task
def rebuild_calendars() -> int:
    """Write again each calendar file a change marked stale (or built on an earlier day), and
    the all-Compacts one; how many were written."""
    return ical.rebuild_stale()
