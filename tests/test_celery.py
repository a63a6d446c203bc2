"""Celery: tasks are found in each app and run in-process when no broker is configured."""

from django.conf import settings

from compact_portal.celery import app
from compact_portal.tasks import heartbeat


def test_without_a_broker_tasks_run_in_process():
    if not settings.CELERY_BROKER_URL:
        assert app.conf.task_always_eager
    result = heartbeat.apply()
    assert result.successful()
    assert "T" in result.get()


def test_the_beat_schedule_names_registered_tasks():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
