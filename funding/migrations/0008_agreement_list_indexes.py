"""PostgreSQL index for a Compact officer's list of agreements (their Compacts, by end date).

A public body's contacts' list filters on funder_id and recipient_id, which their foreign-key
indexes serve (PostgreSQL ORs the two bitmap scans and sorts the few rows found); an officer's
filters on compact_id and is read in the list's order from agreement_compact_end.
Also the admin's search on titles (pg_trgm). Nothing on SQLite (core.pg_indexes).
"""

from django.db import migrations

from core.pg_indexes import postgres_indexes


class Migration(migrations.Migration):
    dependencies = [("funding", "0007_compacts_ask_for_checks_before_cuts")]

    operations = [
        postgres_indexes(
            ("agreement_compact_end", "ON funding_fundingagreement (compact_id, end_date, id)"),
            (
                "agreement_title_trgm",
                "ON funding_fundingagreement USING gin (UPPER(title::text) gin_trgm_ops)",
            ),
        )
    ]
