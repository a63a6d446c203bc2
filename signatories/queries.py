"""Read-side functions for Compacts, organisations and the published list."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import Commitment, Compact, Organisation, Signature


def compacts_with_counts() -> QuerySet[Compact]:
    """Every Compact with the number of organisations on its published list."""
    return Compact.objects.annotate(
        signatory_count=Count("signatures", filter=Q(signatures__state=Signature.State.APPROVED))
    ).order_by("name")


def commitments_by_theme(compact: Compact) -> list[tuple[str, list[Commitment]]]:
    """A Compact's commitments grouped by theme, in the order the themes first appear."""
    groups: dict[str, list[Commitment]] = {}
    for commitment in compact.commitments.all():
        groups.setdefault(commitment.get_theme_display(), []).append(commitment)
    return list(groups.items())


def published_signatures() -> QuerySet[Signature]:
    """Signatures on the published list, with what the list shows."""
    return Signature.objects.filter(state=Signature.State.APPROVED).select_related(
        "organisation", "compact"
    )


def organisation_with_signatures() -> QuerySet[Organisation]:
    """Organisations with their published signatures (nothing personal)."""
    return Organisation.objects.prefetch_related(
        Prefetch(
            "signatures",
            queryset=published_signatures().order_by("compact__name"),
            to_attr="published_signatures",
        )
    )
