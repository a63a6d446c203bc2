"""Accounts' periodic work."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task
def delete_expired_registrations() -> int:
    """Remove accounts left unconfirmed past ACCOUNT_CONFIRM_DAYS; returns how many."""
    return services.delete_expired_registrations()
