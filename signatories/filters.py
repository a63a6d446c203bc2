"""Filters of the published list, shared by the page and its CSV and JSON exports."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from .models import OrganisationType, Sector, Signature
from .queries import compact_choices


class StableOrderingFilter(django_filters.OrderingFilter):
    """A sort that ends with the signature's id, in the sort's direction: rows with the same
    name or date keep one order from page to page, and the order is the one the indexes hold
    (organisation_name_id, signature_published_signed: signatories 0013)."""

    def filter(self, qs, value):
        if value in ([], (), {}, "", None):
            return qs
        ordering = [self.get_ordering_value(param) for param in value]
        tiebreak = "-pk" if ordering and ordering[-1].startswith("-") else "pk"
        return qs.order_by(*ordering, tiebreak)


class PublishedListFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Organisation name", max_length=200)
    compact = django_filters.ModelChoiceFilter(
        queryset=compact_choices(), to_field_name="slug", label="Compact"
    )
    sector = django_filters.ChoiceFilter(
        field_name="sector", method="by_organisation", choices=Sector.choices, label="Sector"
    )
    type = django_filters.ChoiceFilter(
        field_name="organisation_type",
        method="by_organisation",
        choices=OrganisationType.choices,
        label="Type",
    )
    area = django_filters.CharFilter(
        field_name="organisation__area", lookup_expr="icontains", label="Area", max_length=200
    )
    sort = StableOrderingFilter(
        fields=(
            ("organisation__name", "name"),
            ("signed_on", "signed"),
            ("compact__name", "compact"),
        ),
        label="Sort by",
    )

    class Meta:
        model = Signature
        fields: list[str] = []

    def by_organisation(self, queryset, name, value):
        """Sector or type: sorted by date signed or by Compact, on the signature's copy of it
        (one index of signatures by sector or type and date, signatories 0018, gives the
        matching rows without a join); in name order on the organisation, whose index by sector
        or type and name serves that order (0017)."""
        if (self.data.get("sort") or "").split(",")[0].strip().lstrip("-") in ("signed", "compact"):
            return queryset.filter(**{f"organisation_{name.removeprefix('organisation_')}": value})
        return queryset.filter(**{f"organisation__{name}": value})

    def search(self, queryset, name, value):
        words = value.split()
        condition = Q()
        for word in words[:8]:
            condition &= Q(organisation__name__icontains=word)
        return queryset.filter(condition)

    def error_text(self) -> str:
        """The reasons the filter values were refused, in one sentence per parameter."""
        return "; ".join(
            f"{field}: {' '.join(str(e) for e in errors)}" for field, errors in self.errors.items()
        )
