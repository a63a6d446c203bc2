"""Filters of the public list of consultations."""

from __future__ import annotations

import django_filters
from django import forms

from core.forms import LongSelect
from signatories.models import Organisation, Sector
from signatories.queries import compact_by_slug, compact_choices
from signatories.widgets import CompactPicker

from .models import Consultation


class ConsultationFilter(django_filters.FilterSet):
    compact = django_filters.ModelChoiceFilter(
        queryset=compact_choices(), to_field_name="slug", widget=CompactPicker
    )
    lead = django_filters.ModelChoiceFilter(
        field_name="lead_body",
        widget=LongSelect,
        queryset=Organisation.objects.filter(sector=Sector.PUBLIC),
        error_messages={"invalid_choice": "Choose a Compact, then one of its lead bodies."},
    )
    status = django_filters.ChoiceFilter(
        choices=[c for c in Consultation.Status.choices if c[0] != Consultation.Status.DRAFT]
    )
    compliance = django_filters.ChoiceFilter(
        field_name="compliance_state", choices=Consultation.Compliance.choices
    )
    awaiting_feedback = django_filters.BooleanFilter(
        method="filter_awaiting",
        label="Awaiting feedback",
        widget=forms.Select(choices=[("", "Any"), ("true", "Only those awaiting feedback")]),
    )

    class Meta:
        model = Consultation
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the bodies that lead a published consultation of the chosen Compact: at national
        # scale a list of every lead body would be thousands of options, so with no Compact
        # chosen there is nothing to pick (and ?lead= alone is refused with a reason).
        leads = Organisation.objects.none()
        if compact := compact_by_slug(self.data.get("compact") or ""):
            led = Consultation.objects.filter(compact=compact).exclude(
                status=Consultation.Status.DRAFT
            )
            leads = Organisation.objects.filter(pk__in=led.values("lead_body")).only("name")
        self.filters["lead"].queryset = leads.order_by("name")
        for field in self.form.fields.values():
            css = "govuk-select" if hasattr(field.widget, "choices") else "govuk-input"
            field.widget.attrs["class"] = css

    def filter_awaiting(self, queryset, name, value):
        if value:
            return queryset.filter(status=Consultation.Status.CLOSED).exclude(
                level=Consultation.Level.INFORMING
            )
        return queryset

    def error_text(self) -> str:
        return "; ".join(
            f"{f}: {' '.join(str(e) for e in errs)}" for f, errs in self.errors.items()
        )
