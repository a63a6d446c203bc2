"""Projects and surveys move from compact_portal to their own app: the tables keep their names and rows."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("compact_portal", "0002_projects_and_surveys"),
        ("signatories", "0007_feedback_due_weeks_data"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Survey",
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
                        ("title", models.CharField(max_length=200)),
                        (
                            "questions",
                            models.JSONField(
                                help_text='Rating questions, e.g. ["How well do the sectors work together?"]'
                            ),
                        ),
                        ("opens_on", models.DateField()),
                        ("closes_on", models.DateField()),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "compact",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="surveys",
                                to="signatories.compact",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "compact_portal_survey",
                        "ordering": ["-opens_on"],
                    },
                ),
                migrations.CreateModel(
                    name="CollaborativeProject",
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
                        ("title", models.CharField(max_length=200)),
                        ("description", models.TextField()),
                        ("started_on", models.DateField()),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("pending", "Waiting for approval"),
                                    ("approved", "Approved"),
                                    ("rejected", "Rejected"),
                                ],
                                default="pending",
                                max_length=10,
                            ),
                        ),
                        ("submitted_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "compact",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="projects",
                                to="signatories.compact",
                            ),
                        ),
                        (
                            "partners",
                            models.ManyToManyField(
                                related_name="projects", to="signatories.organisation"
                            ),
                        ),
                        (
                            "submitted_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "compact_portal_collaborativeproject",
                        "ordering": ["-started_on"],
                        "indexes": [
                            models.Index(
                                fields=["compact", "state", "started_on"],
                                name="project_compact_started",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="SurveyAnswer",
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
                        ("ratings", models.JSONField()),
                        ("answered_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "answered_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="signatories.organisation",
                            ),
                        ),
                        (
                            "survey",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="answers",
                                to="partnership.survey",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "compact_portal_surveyanswer",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("survey", "organisation"),
                                name="survey_one_answer_per_organisation",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
