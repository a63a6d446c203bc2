from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"

    def ready(self):
        from django.db.models.signals import post_save

        from core.signals import on_change
        from signatories.models import Compact

        from .signals import giving_360_changed, recheck_after_compact_change

        post_save.connect(
            recheck_after_compact_change, sender=Compact, dispatch_uid="funding-recheck"
        )
        # What the 360Giving package shows: its agreements and their funders and recipients.
        on_change(
            ["funding.FundingAgreement", "signatories.Organisation"],
            giving_360_changed,
            "360giving",
        )
