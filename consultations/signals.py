"""Keep stored compliance states true when a Compact's parameters change."""

from __future__ import annotations

from django.db import transaction


def recheck_after_compact_change(sender, instance, created, raw=False, **kwargs):
    """A Compact's minimum period or feedback weeks changed: re-check its consultations."""
    if raw or created:
        return
    from .services import recompute_for_compact

    transaction.on_commit(lambda: recompute_for_compact(instance))
