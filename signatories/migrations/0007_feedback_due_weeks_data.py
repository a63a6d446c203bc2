"""Feedback on a consultation is due 12 weeks after it closes.

No seed document sets this: 12 weeks is GOV.UK's guidance for government consultations,
the portal's starting value; officers can change it per Compact.
"""

from django.db import migrations

SLUGS = ["herefordshire", "hertfordshire", "chelmsford"]


def set_weeks(apps, schema_editor):
    apps.get_model("signatories", "Compact").objects.filter(slug__in=SLUGS).update(
        feedback_due_weeks=12
    )


def clear_weeks(apps, schema_editor):
    apps.get_model("signatories", "Compact").objects.filter(slug__in=SLUGS).update(
        feedback_due_weeks=None
    )


class Migration(migrations.Migration):
    dependencies = [("signatories", "0006_compact_feedback_due_weeks")]

    operations = [migrations.RunPython(set_weeks, clear_weeks)]
