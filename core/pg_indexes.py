"""Indexes only PostgreSQL has: partial, expression and pg_trgm GIN indexes, in migrations.

The portal runs on PostgreSQL in production and on SQLite for the demo and a bare clone's
tests. `postgres_indexes` gives a migration operation that creates the indexes on PostgreSQL
(with the pg_trgm extension) and does nothing elsewhere, so every migration still runs on
SQLite. The indexes are not part of the models' state (makemigrations does not see them): each
migration that adds them says which list's filter and order they serve, and
tests/test_query_plans.py asks PostgreSQL's planner that they are used.
"""

from __future__ import annotations

from django.db import migrations


def postgres_indexes(*indexes: tuple[str, str]) -> migrations.RunPython:
    """(name, "ON table USING ... (...) [WHERE ...]") pairs: CREATE INDEX IF NOT EXISTS on
    PostgreSQL, DROP INDEX backwards; nothing on other databases."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, definition in indexes:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, _ in indexes:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards, elidable=False)
