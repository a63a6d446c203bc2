"""The published list filtered by sector or by type, in name order (its default sort): the
organisations of that sector or type walked in name order from an index, each one's published
signature found by signature_published_org (0013). PostgreSQL only (core.pg_indexes)."""

from django.db import migrations

from core.pg_indexes import postgres_indexes


class Migration(migrations.Migration):
    dependencies = [("signatories", "0016_signatory_tally")]

    operations = [
        postgres_indexes(
            ("organisation_sector_name_id", "ON signatories_organisation (sector, name, id)"),
            (
                "organisation_type_name_id",
                "ON signatories_organisation (organisation_type, name, id)",
            ),
        )
    ]
