"""The panels a Compact's page shows from the apps above signatories (see signatories.hub)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation
from disputes.models import Case
from signatories import hub

from .queries import financial_year


def consultations(compact) -> dict:
    """Its open and forthcoming consultations, soonest closing first."""
    shown = (
        Consultation.objects.filter(
            compact=compact,
            status__in=[Consultation.Status.OPEN, Consultation.Status.FORTHCOMING],
        )
        .select_related("lead_body")
        .order_by("closes_on", "pk")
    )
    return {
        "template": "dashboard/hub/consultations.html",
        "consultations": list(shown[:10]),
        "all_url": f"{reverse('consultations:list')}?compact={compact.slug}",
    }


def summary_and_lessons(compact) -> dict:
    """The public summary (figures and survey results) and its latest published lessons."""
    lessons = (
        Case.objects.filter(compact=compact)
        .exclude(lesson_learnt="")
        .exclude(state=Case.State.OPEN)
        .order_by("-closed_on", "-pk")
        .only("lesson_learnt", "closed_on")
    )
    this_year = financial_year(timezone.localdate())
    last_year = this_year.previous()
    return {
        "template": "dashboard/hub/summary_and_lessons.html",
        "summary_url": reverse("dashboard:public", args=[compact.slug]),
        # The annual review packs without case details: the last full year, and this one so far
        "packs": [
            (p.label, reverse("dashboard:public_pack", args=[compact.slug, p.start.year]))
            for p in (last_year, this_year)
        ],
        "lessons": list(lessons[:3]),
        "lessons_url": reverse("disputes:lessons"),
    }


def connect() -> None:
    hub.register(consultations)
    hub.register(summary_and_lessons)
