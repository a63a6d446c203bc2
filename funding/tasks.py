"""Celery tasks of the funding app: the 360Giving package, rebuilt when its rows change."""

from __future__ import annotations

from celery import shared_task

from core import built_files

from . import opendata


@shared_task
def rebuild_360giving() -> bool:
    """Write the 360Giving package again if a change marked it stale; True if it did."""
    return built_files.rebuild_if_stale(opendata.FILE, opendata.package)
