"""Filters of the public list of consultations."""

from __future__ import annotations

import django_filters

from signatories.models import Compact, Organisation, Sector

from .models import Consultation

COMPLIANCE = [
    ("meets", "Meets the minimum"),
    ("shorter_with_reason", "Shorter, with reason"),
    ("shorter_no_reason", "Shorter, no reason"),
    ("not_applicable", "Not applicable"),
    ("not_set", "Not set"),
]


class ConsultationFilter(django_filters.FilterSet):
    compact = django_filters.ModelChoiceFilter(queryset=Compact.objects.all(), to_field_name="slug")
    lead = django_filters.ModelChoiceFilter(
        field_name="lead_body", queryset=Organisation.objects.filter(sector=Sector.PUBLIC)
    )
    status = django_filters.ChoiceFilter(
        choices=[c for c in Consultation.Status.choices if c[0] != "draft"]
    )
    compliance = django_filters.ChoiceFilter(field_name="compliance_state", choices=COMPLIANCE)
    awaiting_feedback = django_filters.BooleanFilter(
        method="filter_awaiting", label="Awaiting feedback"
    )

    class Meta:
        model = Consultation
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only bodies that lead a consultation, and only the chosen Compact's: at national scale
        # a list of every public body would be thousands of options.
        leads = Organisation.objects.filter(consultations_led__isnull=False)
        slug = self.data.get("compact")
        if slug:
            leads = leads.filter(consultations_led__compact__slug=slug)
        self.filters["lead"].queryset = leads.distinct().order_by("name")
        for field in self.form.fields.values():
            css = "govuk-select" if hasattr(field.widget, "choices") else "govuk-input"
            field.widget.attrs["class"] = css

    def filter_awaiting(self, queryset, name, value):
        if value:
            return queryset.filter(status=Consultation.Status.CLOSED)
        return queryset

    def error_text(self) -> str:
        return "; ".join(
            f"{f}: {' '.join(str(e) for e in errs)}" for f, errs in self.errors.items()
        )
