from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The reference group's dashboard: whether the Compact is being kept."""

    name = "dashboard"
    verbose_name = "Dashboard"

    def ready(self):
        from . import hub, pack_files

        hub.connect()
        pack_files.connect()
