from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "consultations"

    def ready(self):
        from django.db.models.signals import post_save

        from core.signals import on_change
        from signatories.models import Compact, Organisation

        from .signals import consultation_changed, lead_body_changed, recheck_after_compact_change

        post_save.connect(
            recheck_after_compact_change, sender=Compact, dispatch_uid="consultations-recheck"
        )
        # What the calendar files show (consultations/ical.py).
        on_change(["consultations.Consultation"], consultation_changed, "calendar")
        post_save.connect(lead_body_changed, sender=Organisation, dispatch_uid="calendar-lead-body")
