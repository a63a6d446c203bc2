"""Keep stored case targets true when a Compact's parameters change."""

from __future__ import annotations

from django.db import transaction


def recheck_after_compact_change(sender, instance, created, raw=False, **kwargs):
    """A Compact's formal stage period changed: its open cases work their targets out again."""
    if raw or created:
        return
    from .models import refresh_targets_for

    transaction.on_commit(lambda: refresh_targets_for(instance))
