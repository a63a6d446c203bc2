from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CompactPortalConfig(AppConfig):
    name = "compact_portal"
    verbose_name = "Compact Portal"

    def ready(self):
        from . import figures_cache, page_cache

        figures_cache.connect()
        page_cache.connect()


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, served by PortalAdminSite."""

    default = False  # "compact_portal" in INSTALLED_APPS still means CompactPortalConfig

    default_site = "compact_portal.admin_site.PortalAdminSite"
