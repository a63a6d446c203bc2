"""Set how long signatories have to re-commit after a review.

The documents ask for re-commitment after a review (Chelmsford 003 "sign up to and
re-commit"; Herefordshire 002 reviews annually) without a period: 12 weeks is the portal's
starting value, which officers can change. Hertfordshire sets none, so its signatures never
lapse.
"""

from django.db import migrations

PERIODS = {"chelmsford": 12, "herefordshire": 12}


def set_periods(apps, schema_editor):
    Compact = apps.get_model("signatories", "Compact")
    for slug, weeks in PERIODS.items():
        Compact.objects.filter(slug=slug).update(recommit_within_weeks=weeks)


def clear_periods(apps, schema_editor):
    Compact = apps.get_model("signatories", "Compact")
    Compact.objects.filter(slug__in=PERIODS).update(recommit_within_weeks=None)


class Migration(migrations.Migration):
    dependencies = [("signatories", "0004_reviews_recommit_and_change_requests")]

    operations = [migrations.RunPython(set_periods, clear_periods)]
