from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    """Collaborative projects and the annual partnership survey."""

    name = "partnership"
    verbose_name = "Partnership"
