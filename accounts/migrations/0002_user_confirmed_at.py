import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def mark_confirmed_accounts(apps, schema_editor):
    """Date existing accounts from when they joined; a registration never followed stays open."""
    User = apps.get_model("accounts", "User")
    User.objects.update(confirmed_at=F("date_joined"))
    User.objects.filter(is_active=False, last_login=None).update(confirmed_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="confirmed_at",
            field=models.DateTimeField(
                blank=True,
                default=django.utils.timezone.now,
                null=True,
                verbose_name="email address confirmed",
            ),
        ),
        migrations.RunPython(mark_confirmed_accounts, migrations.RunPython.noop),
    ]
