"""Keep stored compliance states true when a Compact's parameters change."""

from __future__ import annotations

from django.db import transaction


def recheck_after_compact_change(sender, instance, created, raw=False, **kwargs):
    """A Compact's minimum period or feedback weeks changed: re-check its consultations."""
    if raw or created:
        return
    from .services import recompute_for_compact

    transaction.on_commit(lambda: recompute_for_compact(instance))


def consultation_changed(sender, instance, raw=False, **kwargs):
    """A consultation was saved or deleted: the calendars that show it are stale."""
    if raw:
        return
    from . import ical

    ical.mark_stale(instance.compact_id)


def lead_body_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    """An organisation's name is in the calendar events of the consultations it leads."""
    if raw or (update_fields is not None and "name" not in update_fields):
        return
    from . import ical
    from .models import Consultation

    led = Consultation.objects.filter(lead_body=instance).values_list("compact_id", flat=True)
    compact_ids = set(led.distinct())
    if compact_ids:
        ical.mark_stale(*compact_ids)
