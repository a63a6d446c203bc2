from django.apps import AppConfig


class CompactPortalConfig(AppConfig):
    """The project package: settings, URLs, Celery, the home page and /healthz."""

    name = "compact_portal"
    verbose_name = "Compact Portal"
