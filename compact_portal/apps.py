from django.apps import AppConfig


class CompactPortalConfig(AppConfig):
    name = "compact_portal"
    verbose_name = "Compact Portal"

    def ready(self):
        from . import figures_cache, page_cache

        figures_cache.connect()
        page_cache.connect()
