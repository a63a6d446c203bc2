"""The public list of consultations filtered by its compliance verdict, newest closing first
(consultation_published_compliance_closes), walked in order; PostgreSQL only (core.pg_indexes)."""

from django.db import migrations

from core.pg_indexes import postgres_indexes

DRAFT = "draft"  # consultations.models.Consultation.Status.DRAFT, as stored


class Migration(migrations.Migration):
    dependencies = [("consultations", "0008_published_list_and_admin_indexes")]

    operations = [
        postgres_indexes(
            (
                "consultation_published_compliance_closes",
                "ON consultations_consultation (compliance_state, closes_on DESC, id) "
                f"WHERE status <> '{DRAFT}'",
            ),
        )
    ]
