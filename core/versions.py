"""Version numbers kept in the cache: a key built with a version is missed once it moves on.

The figures cache and the page cache both keep what they draw under a version that a save or
delete of a row they show moves on.
"""

from __future__ import annotations

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def bump_version(key: str) -> None:
    """Move a version number on, so that every key built with the old one is missed."""
    cache.add(key, 0, None)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr: a fresh number does as well
        cache.set(key, 1, None)


def bump_now_and_on_commit(key: str) -> None:
    """Now, for reads later in this transaction; and again once it commits, in case another
    request cached what was there before it."""
    bump_version(key)
    transaction.on_commit(lambda: bump_version(key))


def on_change(labels, receiver, name: str) -> None:
    """Call `receiver` whenever a row of one of these models ("app.Model") is saved or deleted."""
    for label in labels:
        model = apps.get_model(label)
        post_save.connect(receiver, sender=model, dispatch_uid=f"{name}-{label}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{name}-{label}-delete")
