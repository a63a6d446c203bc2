"""PostgreSQL indexes for the public list of consultations and the admin's.

- consultation_published_closes: the public list (status <> draft, newest closing first, then
  id), walked in order; consultation_published_status_closes the same with a status filter.
- consultation_opens_id: the admin's order (-opens_on, pk); consultation_updated_id the order
  of the consultations a person runs (-updated_at, pk).
- consultation_title_trgm: pg_trgm GIN index on UPPER(title) for the admin's search.
Nothing on SQLite (core.pg_indexes).
"""

from django.db import migrations

from core.pg_indexes import postgres_indexes

DRAFT = "draft"  # consultations.models.Consultation.Status.DRAFT, as stored


class Migration(migrations.Migration):
    dependencies = [("consultations", "0007_aftercare_impact_assessment_size_forthcoming_alerts")]

    operations = [
        postgres_indexes(
            (
                "consultation_published_closes",
                f"ON consultations_consultation (closes_on DESC, id) WHERE status <> '{DRAFT}'",
            ),
            (
                "consultation_published_status_closes",
                "ON consultations_consultation (status, closes_on DESC, id) "
                f"WHERE status <> '{DRAFT}'",
            ),
            ("consultation_opens_id", "ON consultations_consultation (opens_on DESC, id)"),
            # the consultations a person runs, last changed first (the superuser's: all)
            ("consultation_updated_id", "ON consultations_consultation (updated_at DESC, id)"),
            (
                "consultation_title_trgm",
                "ON consultations_consultation USING gin (UPPER(title::text) gin_trgm_ops)",
            ),
        )
    ]
