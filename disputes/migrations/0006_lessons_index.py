"""The lessons page's list: closed cases with a lesson, newest closed first, read in order from
a partial index (PostgreSQL only; core.pg_indexes)."""

from django.db import migrations

from core.pg_indexes import postgres_indexes

OPEN = "open"  # disputes.models.Case.State.OPEN, as stored


class Migration(migrations.Migration):
    dependencies = [("disputes", "0005_case_people_panel_answers_and_notes")]

    operations = [
        postgres_indexes(
            (
                "case_lessons_closed",
                "ON disputes_case (closed_on DESC, id DESC) "
                f"WHERE lesson_learnt <> '' AND state <> '{OPEN}'",
            ),
        )
    ]
