from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "disputes"

    def ready(self):
        from django.db.models.signals import post_save

        from signatories.models import Compact

        from .signals import recheck_after_compact_change

        post_save.connect(
            recheck_after_compact_change, sender=Compact, dispatch_uid="disputes-recheck"
        )
