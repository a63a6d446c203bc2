from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class SignatoriesConfig(AppConfig):
    name = "signatories"
    verbose_name = "Compacts and signatories"

    def ready(self):
        from .signals import organisation_saved, refresh_after_compact_change, refresh_citations
        from .tallies import signature_changed

        for signal in (post_save, post_delete):
            signal.connect(
                signature_changed,
                sender="signatories.Signature",
                dispatch_uid=f"signatory-tally-{signal is post_save}",
            )
        post_save.connect(
            organisation_saved,
            sender="signatories.Organisation",
            dispatch_uid="signature-organisation-fields",
        )
        post_save.connect(
            refresh_after_compact_change,
            sender="signatories.Compact",
            dispatch_uid="signatories-refresh",
        )
        cited = ("signatories.Compact", "signatories.Commitment", "signatories.CompactSection")
        for sender in cited:
            post_save.connect(refresh_citations, sender=sender, dispatch_uid=f"cite-{sender}")
        for sender in ("signatories.Commitment", "signatories.CompactSection"):
            post_delete.connect(refresh_citations, sender=sender, dispatch_uid=f"uncite-{sender}")
