"""Each Compact's published-list count kept in a row of its own (signatories.tallies)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count


def count_every_compact(apps, schema_editor):
    """Each Compact's tally from its approved signatures (as signatories.tallies.recount_all)."""
    Compact = apps.get_model("signatories", "Compact")
    Signature = apps.get_model("signatories", "Signature")
    SignatoryTally = apps.get_model("signatories", "SignatoryTally")
    counts = dict(
        Signature.objects.filter(state="approved")  # Signature.State.APPROVED, as stored
        .order_by()
        .values_list("compact")
        .annotate(n=Count("pk"))
    )
    SignatoryTally.objects.bulk_create(
        SignatoryTally(compact_id=pk, signatories=counts.get(pk, 0))
        for pk in Compact.objects.values_list("pk", flat=True)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("signatories", "0015_compact_review_due_on"),
    ]

    operations = [
        migrations.CreateModel(
            name="SignatoryTally",
            fields=[
                (
                    "compact",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="tally",
                        serialize=False,
                        to="signatories.compact",
                    ),
                ),
                ("signatories", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(count_every_compact, migrations.RunPython.noop),
    ]
