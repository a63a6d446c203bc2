"""The reminder log moves from compact_portal to its own app: the tables keep their names and rows."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("compact_portal", "0002_projects_and_surveys"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("signatories", "0007_feedback_due_weeks_data"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReminderOptOut",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("email", models.EmailField(max_length=254)),
                        ("kind", models.CharField(max_length=60)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "db_table": "compact_portal_reminderoptout",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("email", "kind"), name="reminder_opt_out_unique"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Reminder",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("kind", models.CharField(max_length=60)),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("object_label", models.CharField(max_length=300, verbose_name="about")),
                        ("deadline", models.DateField()),
                        (
                            "offset_days",
                            models.IntegerField(
                                help_text="Days before the deadline; negative after it."
                            ),
                        ),
                        ("due_on", models.DateField(help_text="The day the reminder became due.")),
                        ("recipient", models.EmailField(max_length=254)),
                        ("about", models.TextField()),
                        ("clause", models.CharField(blank=True, max_length=300)),
                        ("link", models.CharField(blank=True, max_length=500)),
                        ("duty", models.BooleanField(default=True)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Waiting to be sent"),
                                    ("sent", "Sent"),
                                    ("failed", "Failed (will be retried)"),
                                    ("gave_up", "Failed (gave up)"),
                                    ("skipped", "Not sent: turned off by the recipient"),
                                ],
                                default="pending",
                                max_length=10,
                            ),
                        ),
                        ("claimed_at", models.DateTimeField(blank=True, null=True)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        ("attempts", models.PositiveSmallIntegerField(default=0)),
                        ("last_error", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "compact",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="signatories.compact",
                            ),
                        ),
                        (
                            "content_type",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="contenttypes.contenttype",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "compact_portal_reminder",
                        "ordering": ["-due_on", "kind", "recipient"],
                        "indexes": [
                            models.Index(fields=["status", "due_on"], name="reminder_status_due"),
                            models.Index(fields=["claimed_at"], name="reminder_claimed"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=(
                                    "kind",
                                    "content_type",
                                    "object_id",
                                    "deadline",
                                    "offset_days",
                                    "recipient",
                                ),
                                name="reminder_identity",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
