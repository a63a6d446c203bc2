"""Who sees which reminders in the admin: officers their Compacts'; superusers all, and opt-outs."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from signatories import access as signatories_access

from .models import Reminder


def visible_to(user: User) -> QuerySet[Reminder]:
    """Reminders about a Compact this person runs; a superuser also sees those about none."""
    if not signatories_access.runs_a_compact(user):
        return Reminder.objects.none()
    if user.is_superuser:
        return Reminder.objects.all()
    return Reminder.objects.filter(compact__in=user.officer_compact_ids())


def may_view_log(user: User) -> bool:
    """The reminder log opens to Compact officers (each sees their Compacts' rows)."""
    return signatories_access.runs_a_compact(user)


def may_view_opt_outs(user: User) -> bool:
    """Opt-outs name people and are not tied to a Compact: superusers only."""
    return user.is_authenticated and user.is_superuser
