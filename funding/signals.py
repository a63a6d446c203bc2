"""Keep stored verdicts true when a Compact's parameters change."""

from __future__ import annotations

from django.db import transaction


def recheck_after_compact_change(sender, instance, created, raw=False, **kwargs):
    """A Compact's rule parameters changed: re-check its agreements and notices."""
    if raw or created:
        return
    from .services import recompute_for_compact

    transaction.on_commit(lambda: recompute_for_compact(instance))
