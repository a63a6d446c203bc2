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


@shared_task
def run_signatory_import(pk: int) -> str:
    """Import the good rows of a confirmed spreadsheet; if it stops part-way, nothing is written
    and the import says it failed."""
    from .models import SignatoryImport

    record = SignatoryImport.objects.filter(pk=pk, state=SignatoryImport.State.IMPORTING).first()
    if record is None:
        return "not waiting"
    try:
        services.run_import(record)
    except Exception as error:
        services.fail_import(record, failure=str(error) or error.__class__.__name__)
        raise
    return "imported"
