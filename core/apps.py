from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    """Shared building blocks every app stands on; it imports no domain app."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import page_cache

        page_cache.connect()


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, served by PortalAdminSite."""

    default = False  # "core" in INSTALLED_APPS still means CoreConfig

    default_site = "core.admin_site.PortalAdminSite"
