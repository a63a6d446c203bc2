"""Reminders, projects and surveys moved out of compact_portal into their own apps: the rows and
content types an existing database holds come along, and the move can be undone."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("compact_portal", "0002_projects_and_surveys")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_rows_and_content_types_move_with_the_models():
    old = _migrate(BEFORE)
    ContentType = old.get_model("contenttypes", "ContentType")
    Compact = old.get_model("signatories", "Compact")
    compact = Compact.objects.create(name="Testshire Compact", slug="testshire")
    reminder_type, _ = ContentType.objects.get_or_create(
        app_label="compact_portal", model="reminder"
    )
    old.get_model("compact_portal", "Survey").objects.create(
        compact=compact,
        title="How well do we work together?",
        questions=["Q"],
        opens_on="2026-01-01",
        closes_on="2026-02-01",
    )
    old.get_model("compact_portal", "Reminder").objects.create(
        kind="test.kind",
        content_type=reminder_type,
        object_id=1,
        object_label="x",
        deadline="2026-03-01",
        offset_days=7,
        due_on="2026-02-22",
        recipient="someone@example.org",
        about="a deadline",
    )
    try:
        new = _migrate(_leaves())
        assert new.get_model("partnership", "Survey").objects.get().title == (
            "How well do we work together?"
        )
        assert new.get_model("reminders", "Reminder").objects.get().kind == "test.kind"
        moved = new.get_model("contenttypes", "ContentType").objects.get(pk=reminder_type.pk)
        assert (moved.app_label, moved.model) == ("reminders", "reminder")

        back = _migrate(BEFORE)
        assert back.get_model("compact_portal", "Survey").objects.count() == 1
        returned = back.get_model("contenttypes", "ContentType").objects.get(pk=reminder_type.pk)
        assert returned.app_label == "compact_portal"
    finally:
        _migrate(_leaves())
