"""The Compact Portal project: settings, URLs, the Celery app and the pages composing the apps."""

from .celery import app as celery_app

__all__ = ["celery_app"]
