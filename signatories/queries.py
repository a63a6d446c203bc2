"""Read-side functions for Compacts, organisations and the published list."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from .models import (
    Commitment,
    Compact,
    CompactOfficer,
    Organisation,
    OrganisationContact,
    ReferenceGroupMember,
    Sector,
    Signature,
)


def compacts_with_counts() -> list[Compact]:
    """Every Compact with the number of organisations on its published list: one grouped
    query on the signature index, drawn afresh each time."""
    counts = dict(
        Signature.objects.filter(state=Signature.State.APPROVED)
        .order_by()
        .values_list("compact")
        .annotate(n=Count("pk"))
    )
    compacts = list(Compact.objects.only("name", "slug", "area", "summary").order_by("name"))
    for compact in compacts:
        compact.signatory_count = counts.get(compact.pk, 0)
    return compacts


def compact_by_slug(slug: str) -> Compact | None:
    """A Compact by its slug (one query on its unique index), or None."""
    if "\x00" in slug:
        return None  # no slug holds one, and PostgreSQL refuses to compare with it
    return Compact.objects.filter(slug=slug).first()


# Which Compacts a public page shows (core.page_cache keeps it under their versions).


def compact_of_slug(request, slug: str) -> list[int]:
    """A Compact's own pages."""
    return list(Compact.objects.filter(slug=slug).values_list("pk", flat=True)[:1])


def compact_listed(request) -> list[int] | None:
    """A list filtered to one Compact shows only that Compact's records; unfiltered (or with a
    Compact that does not exist) it is national."""
    slug = request.GET.get("compact")
    return (compact_of_slug(request, slug) or None) if slug else None


def compacts_of_organisation(request, pk) -> list[int]:
    """A signatory's page: every Compact it has a signature in, whatever its state."""
    return (
        list(Signature.objects.filter(organisation_id=pk).values_list("compact_id", flat=True))
        if str(pk).isdigit()
        else []
    )


def compact_choices() -> QuerySet[Compact]:
    """Compacts for a filter or a list of links: names and slugs only, in name order."""
    return Compact.objects.only("name", "slug").order_by("name")


def compact_options(selected: str | None = None) -> SafeString:
    """An <option> per Compact (value the slug, in name order), with `selected` marked."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (slug, " selected" if slug == selected else "", name)
            for slug, name in compact_choices().values_list("slug", "name")
        ),
    )


def commitments_by_theme(compact: Compact) -> list[tuple[str, list[Commitment]]]:
    """A Compact's commitments grouped by theme, in the order the themes first appear."""
    groups: dict[str, list[Commitment]] = {}
    for commitment in compact.commitments.all():
        groups.setdefault(commitment.get_theme_display(), []).append(commitment)
    return list(groups.items())


def compact_text(compact: Compact) -> list[tuple[str, list[dict]]]:
    """The Compact's text by document and section, ready to show: each section's blocks, with
    a run of items made one list and each clause its commitment (two queries)."""
    commitments = {c.clause: c for c in compact.commitments.all()}
    for commitment in commitments.values():
        commitment.compact = compact
    documents: list[tuple[str, list[dict]]] = []
    for document, sections in compact.sections_by_document():
        shown = []
        for section in sections:
            parts: list[dict] = []
            for block in section.blocks:
                kind = block.get("kind")
                if kind == "item":
                    if parts and parts[-1]["kind"] == "list":
                        parts[-1]["items"].append(block["text"])
                    else:
                        parts.append({"kind": "list", "items": [block["text"]]})
                elif kind == "clause":
                    commitment = commitments.get(block.get("clause"))
                    if commitment is not None:
                        parts.append({"kind": "clause", "commitment": commitment})
                elif kind in ("heading", "paragraph"):
                    parts.append({"kind": kind, "text": block.get("text", "")})
            shown.append({"section": section, "parts": parts})
        documents.append((document, shown))
    return documents


def conflict_citations(seats) -> list:
    """Where each seat's Compact asks for conflicts of interest to be declared, cited."""
    compacts = {seat.compact_id: seat.compact for seat in seats}
    return [
        compact.clause_for("conflicts_of_interest")
        for compact in compacts.values()
        if compact.clauses.get("conflicts_of_interest")
    ]


def published_reference_group(compact: Compact) -> QuerySet[ReferenceGroupMember]:
    """The reference group as published: names, organisations, sectors and roles only."""
    return (
        ReferenceGroupMember.objects.filter(compact=compact, active=True)
        .select_related("organisation")
        .only("name", "role", "organisation__name", "organisation__sector")
        .order_by("name")
    )


def published_signatures() -> QuerySet[Signature]:
    """Signatures on the published list, with what the list shows."""
    return Signature.objects.filter(state=Signature.State.APPROVED).select_related(
        "organisation", "compact"
    )


def organisation_with_signatures(
    organisations: QuerySet[Organisation] | None = None,
) -> QuerySet[Organisation]:
    """Organisations (all, or those given) with their published signatures (nothing personal)."""
    organisations = Organisation.objects.all() if organisations is None else organisations
    return organisations.prefetch_related(
        Prefetch(
            "signatures",
            queryset=published_signatures().order_by("compact__name"),
            to_attr="published_signatures",
        )
    )


def signatory_figures(compact: Compact, start, end) -> dict:
    """Approved signatories by sector at the end of the period, and a monthly series of signings."""
    approved = Signature.objects.filter(compact=compact, state=Signature.State.APPROVED)
    totals = approved.filter(signed_on__lte=end).aggregate(
        **{sector.value: Count("pk", filter=Q(organisation__sector=sector)) for sector in Sector}
    )
    rows = (
        approved.filter(signed_on__gte=start, signed_on__lte=end)
        .annotate(month=TruncMonth("signed_on"))
        .values("month", "organisation__sector")
        .annotate(n=Count("pk"))
        .order_by()
    )
    monthly: dict[str, dict[str, int]] = {}
    month = start.replace(day=1)
    while month <= end:
        monthly[month.strftime("%Y-%m")] = dict.fromkeys(Sector.values, 0)
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    for row in rows:
        key = row["month"].strftime("%Y-%m")
        if key in monthly:
            monthly[key][row["organisation__sector"]] = row["n"]
    return {
        "by_sector": totals,
        "monthly": [{"month": key, **counts} for key, counts in monthly.items()],
    }


def emails_by(pairs) -> dict[int, list[str]]:
    """(id, email) rows grouped by id, in the order they come."""
    emails: dict[int, list[str]] = {}
    for key, email in pairs:
        emails.setdefault(key, []).append(email)
    return emails


def contact_emails(organisation_ids) -> dict[int, list[str]]:
    """Each organisation's active contacts' email addresses, in one query."""
    return emails_by(
        OrganisationContact.objects.filter(
            organisation__in=set(organisation_ids), user__is_active=True
        ).values_list("organisation_id", "user__email")
    )


def officer_emails(compact_ids) -> dict[int, list[str]]:
    """Each Compact's active officers' email addresses, in one query."""
    return emails_by(
        CompactOfficer.objects.filter(
            compact__in=set(compact_ids), user__is_active=True
        ).values_list("compact_id", "user__email")
    )


def citations(compact_ids: Iterable[int], parameter: str) -> dict[int, str]:
    """Each Compact's citation for one rule parameter, in one query (for many reminders)."""
    compacts = Compact.objects.filter(pk__in=set(compact_ids)).only("name", "clauses")
    return {compact.pk: compact.clause_for(parameter) for compact in compacts}
