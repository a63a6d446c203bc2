"""Read-side functions for Compacts, organisations and the published list."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import NamedTuple

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from core.counts import Counted

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


class CompactRow(NamedTuple):
    url: str
    name: str
    area: str
    summary: str
    signatories: int


def compacts_with_counts() -> list[CompactRow]:
    """Every Compact with the number of organisations on its published list, in name order.

    The counts are the tallies kept with every signature (signatories.tallies): one query, no
    count over the signatures, and never older than what they count. Plain rows, not models:
    the home page and the list of Compacts show all 300.
    """
    prefix = reverse("signatories:compact_list")  # a Compact's page is prefix + slug + "/"
    return [
        CompactRow(f"{prefix}{slug}/", name, area, summary, signatories or 0)
        for slug, name, area, summary, signatories in Compact.objects.order_by("name").values_list(
            "slug", "name", "area", "summary", "tally__signatories"
        )
    ]


def compact_table_rows() -> SafeString:
    """The home page's table rows, one per Compact (format_html_join: 300 rows drawn in one
    call, not 300 turns of a template loop)."""
    return format_html_join(
        "\n",
        '<tr class="govuk-table__row"><td class="govuk-table__cell"><a class="govuk-link" '
        'href="{}">{}</a></td><td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td></tr>',
        ((row.url, row.name, row.area, row.signatories) for row in compacts_with_counts()),
    )


def compact_list_items() -> SafeString:
    """The list of Compacts' items, one per Compact, with its summary and count."""
    return format_html_join(
        "\n",
        '<li><h2 class="govuk-heading-m"><a class="govuk-link" href="{}">{}</a></h2>'
        '<p class="govuk-body">{}</p><p class="govuk-body-s">{} · {} {}</p></li>',
        (
            (
                row.url,
                row.name,
                row.summary,
                row.area,
                row.signatories,
                "signatory" if row.signatories == 1 else "signatories",
            )
            for row in compacts_with_counts()
        ),
    )


def signatory_count(compact: Compact) -> int:
    """The organisations on the Compact's published list (its tally; none kept yet is none)."""
    try:
        return compact.tally.signatories
    except Compact.tally.RelatedObjectDoesNotExist:
        return 0


def compact_by_slug(slug: str) -> Compact | None:
    """A Compact by its slug (one query on its unique index), or None."""
    if not slug or "\x00" in slug:
        return None  # no Compact has an empty slug; none holds a NUL, which PostgreSQL refuses
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


def signatory_figures(compact: Compact, periods) -> Counted:
    """For each (start, end) period, approved signatories by sector at its end. Read with
    core.counts.read_all; the monthly series of signings is monthly_signings."""
    approved = Signature.objects.filter(
        compact=compact,
        state=Signature.State.APPROVED,
        signed_on__lte=max(e for _, e in periods),
    )

    def counts(end) -> dict:
        return {
            sector.value: Count("pk", filter=Q(signed_on__lte=end, organisation__sector=sector))
            for sector in Sector
        }

    def read(n: dict) -> dict:
        return {sector.value: n[sector.value] for sector in Sector}

    return Counted(approved, [counts(e) for _, e in periods], read)


def monthly_signings(compact: Compact, periods) -> list[list[dict]]:
    """For each (start, end) period, approved signings in it per month and sector, a row for
    every month it touches: one query grouped by month and sector for every period at once."""
    # The Compact's approved signatures up to the last day, read along signature_compact_state
    # (compact, state, signed_on); each period's count carries its own bounds. With a lower
    # bound too, a planner short of statistics took the national partial index on signed_on
    # (signature_published_signed) and filtered 128,000 rows for 429 (584 ms at national
    # scale, 2 ms this way). Months no period counts are left out (HAVING).
    in_period = {
        f"in_{index}": Count("pk", filter=Q(signed_on__gte=start, signed_on__lte=end))
        for index, (start, end) in enumerate(periods)
    }
    any_counted = Q()
    for name in in_period:
        any_counted |= Q(**{f"{name}__gt": 0})
    rows = (
        Signature.objects.filter(
            compact=compact,
            state=Signature.State.APPROVED,
            signed_on__lte=max(e for _, e in periods),
        )
        .annotate(month=TruncMonth("signed_on"))
        .values("month", "organisation__sector")
        .annotate(**in_period)
        .filter(any_counted)
        .order_by()
    )
    series: list[dict[str, dict[str, int]]] = []
    for start, end in periods:
        monthly: dict[str, dict[str, int]] = {}
        month = start.replace(day=1)
        while month <= end:
            monthly[month.strftime("%Y-%m")] = dict.fromkeys(Sector.values, 0)
            month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        series.append(monthly)
    for row in rows:
        key = row["month"].strftime("%Y-%m")
        for index, monthly in enumerate(series):
            if key in monthly and row[f"in_{index}"]:
                monthly[key][row["organisation__sector"]] = row[f"in_{index}"]
    return [[{"month": key, **counts} for key, counts in monthly.items()] for monthly in series]


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
