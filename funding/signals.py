"""Keep stored verdicts true when a Compact's parameters change, and the 360Giving file fresh."""

from __future__ import annotations

from django.db import transaction


def recheck_after_compact_change(sender, instance, created, raw=False, **kwargs):
    """A Compact's rule parameters changed: its agreements and notices work theirs out again."""
    if raw or created:
        return
    from .models import refresh_verdicts_for

    transaction.on_commit(lambda: refresh_verdicts_for(instance))


def giving_360_changed(sender, raw=False, **kwargs):
    """An agreement, or an organisation named in one, changed: the 360Giving file is stale."""
    if raw:
        return
    from core import built_files

    from .opendata import FILE

    built_files.mark_stale(FILE)
