"""Public pages of Compacts and their signatories."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from . import queries
from .models import Compact, Organisation

PAGE_SIZE = 50


@require_safe
def compact_list(request):
    """Every Compact on the portal."""
    return render(
        request, "signatories/compact_list.html", {"compacts": queries.compacts_with_counts()}
    )


@require_safe
def compact_detail(request, slug):
    """A Compact: its rule parameters and its commitments grouped by theme."""
    compact = get_object_or_404(Compact.objects.prefetch_related("commitments"), slug=slug)
    return render(
        request,
        "signatories/compact_detail.html",
        {"compact": compact, "themes": queries.commitments_by_theme(compact)},
    )


@require_safe
def signatory_list(request):
    """The published list of signatories."""
    signatures = queries.published_signatures().order_by("organisation__name", "compact__name")
    page = Paginator(signatures, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "signatories/signatory_list.html", {"page": page})


@require_safe
def organisation_detail(request, pk):
    """An organisation's public page: which Compacts it has signed and since when."""
    try:
        organisation = queries.organisation_with_signatures(pk)
    except Organisation.DoesNotExist:
        raise Http404("No such organisation.") from None
    return render(request, "signatories/organisation_detail.html", {"organisation": organisation})
