from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared building blocks every app stands on; it imports no domain app."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import page_cache

        page_cache.connect()
