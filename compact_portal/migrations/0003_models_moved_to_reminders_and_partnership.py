"""The models move to the reminders and partnership apps: gone from compact_portal's state only,
with their content types (and so their permissions and admin log entries) moved along."""

from django.db import migrations

MOVED = {
    "reminder": "reminders",
    "reminderoptout": "reminders",
    "collaborativeproject": "partnership",
    "survey": "partnership",
    "surveyanswer": "partnership",
}


def move_content_types(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        if not content_types.objects.filter(app_label=app_label, model=model).exists():
            content_types.objects.filter(app_label="compact_portal", model=model).update(
                app_label=app_label
            )


def move_content_types_back(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        if not content_types.objects.filter(app_label="compact_portal", model=model).exists():
            content_types.objects.filter(app_label=app_label, model=model).update(
                app_label="compact_portal"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0001_projects_and_surveys_from_compact_portal"),
        ("reminders", "0001_reminder_log_from_compact_portal"),
        ("compact_portal", "0002_projects_and_surveys"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="collaborativeproject",
                    name="compact",
                ),
                migrations.RemoveField(
                    model_name="collaborativeproject",
                    name="partners",
                ),
                migrations.RemoveField(
                    model_name="collaborativeproject",
                    name="submitted_by",
                ),
                migrations.RemoveField(
                    model_name="reminder",
                    name="compact",
                ),
                migrations.RemoveField(
                    model_name="reminder",
                    name="content_type",
                ),
                migrations.DeleteModel(
                    name="ReminderOptOut",
                ),
                migrations.RemoveField(
                    model_name="survey",
                    name="compact",
                ),
                migrations.RemoveField(
                    model_name="surveyanswer",
                    name="survey",
                ),
                migrations.RemoveField(
                    model_name="surveyanswer",
                    name="answered_by",
                ),
                migrations.RemoveField(
                    model_name="surveyanswer",
                    name="organisation",
                ),
                migrations.DeleteModel(
                    name="CollaborativeProject",
                ),
                migrations.DeleteModel(
                    name="Reminder",
                ),
                migrations.DeleteModel(
                    name="Survey",
                ),
                migrations.DeleteModel(
                    name="SurveyAnswer",
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
