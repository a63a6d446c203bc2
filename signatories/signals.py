"""Keep signatures' re-commit dates true when a Compact's parameters change."""

from __future__ import annotations


def refresh_after_compact_change(sender, instance, created, raw=False, update_fields=None, **kw):
    """A Compact's re-commit period may have changed: work its dates out again.

    In the same transaction as the change (not on commit, as consultations and funding do), so
    that no reminder sweep or lapse reads a date the new period no longer gives.
    """
    if raw or created:
        return
    if update_fields is not None and "recommit_within_weeks" not in update_fields:
        return
    from .services import refresh_recommit_dates

    refresh_recommit_dates(instance)


def refresh_citations(sender, instance, raw=False, **kw):
    """A Compact's rules cite its commitments: keep their plain words and anchors true."""
    if raw:
        return
    from .models import Compact

    compact = instance if isinstance(instance, Compact) else None
    if compact is None:
        compact = Compact.objects.filter(pk=instance.compact_id).first()
    if compact is not None:
        compact.refresh_citations()
