"""PostgreSQL indexes for the published list, its search and the admin's organisation search.

- organisation_name_id: the list's default order (organisation name, then id) walked in
  order, each organisation's published signature found by signature_published_org.
- organisation_*_trgm: pg_trgm GIN indexes on UPPER(column), the expression Django's icontains
  compares on PostgreSQL, for the list's name search and area filter and the admin's search.
- signature_published_signed: the list sorted by date signed.
Nothing on SQLite (core.pg_indexes).
"""

from django.db import migrations

from core.pg_indexes import postgres_indexes

APPROVED = "approved"  # signatories.models.Signature.State.APPROVED, as stored


def trigram(column: str) -> tuple[str, str]:
    return (
        f"organisation_{column}_trgm",
        f"ON signatories_organisation USING gin (UPPER({column}::text) gin_trgm_ops)",
    )


class Migration(migrations.Migration):
    dependencies = [("signatories", "0012_contact_invitations")]

    operations = [
        postgres_indexes(
            ("organisation_name_id", "ON signatories_organisation (name, id)"),
            *(
                trigram(column)
                for column in ("name", "area", "charity_number", "company_number", "org_id")
            ),
            trigram("postcode"),
            (
                "signature_published_org",
                f"ON signatories_signature (organisation_id, id) WHERE state = '{APPROVED}'",
            ),
            (
                "signature_published_signed",
                f"ON signatories_signature (signed_on, id) WHERE state = '{APPROVED}'",
            ),
        )
    ]
