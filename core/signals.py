"""Connecting a receiver to every save and delete of some models."""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import post_delete, post_save


def on_change(labels, receiver, name: str) -> None:
    """Call `receiver` whenever a row of one of these models ("app.Model") is saved or deleted."""
    for label in labels:
        model = apps.get_model(label)
        post_save.connect(receiver, sender=model, dispatch_uid=f"{name}-{label}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"{name}-{label}-delete")
