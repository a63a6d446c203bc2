from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """The reminder engine: the log, the sweep over every app's sources, opt-outs, tasks."""

    name = "reminders"
    verbose_name = "Reminders"
