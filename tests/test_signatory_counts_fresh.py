"""Approve a sign-up, and every page that counts or lists signatories shows the new number at
once: with the page cache on (the portal's only cache), each page drawn and kept just before
(the annual pack's PDF built as its file), for an anonymous visitor and for the Compact's
officer, whether the approval comes through the service or through the admin's bulk action."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from dashboard import queries as dashboard
from signatories import services
from signatories.models import Signature
from signatories.tests.factories import CompactOfficerFactory, OrganisationFactory, SignatureFactory

pytestmark = pytest.mark.django_db

NAME = "Ledbury Tenants Forum"


@pytest.fixture
def cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def home_count(body: str, name: str) -> int:
    row = re.search(
        rf">{re.escape(name)}</a></td>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>(\d+)</td>", body
    )
    assert row, body
    return int(row.group(1))


def compacts_count(body: str, name: str) -> int:
    found = re.search(rf"{re.escape(name)}.*?(\d+) signator(?:y|ies)", body, re.S)
    assert found, body
    return int(found.group(1))


def compact_page_count(body: str) -> int:
    found = re.search(r"(\d+) organisations? on the published list", body)
    assert found, body
    return int(found.group(1))


def list_count(body: str) -> int:
    found = re.search(r"(\d+) signatures?</caption>", body)
    assert found, body
    return int(found.group(1))


def sector_total(body: str, chart: str) -> int:
    """The sum of the 'Signatories by sector' chart's table (dashboard, summary, pack)."""
    figure = body[body.index(f'id="{chart}-title"') :]
    rows = re.search(r"<tbody[^>]*>(.*?)</tbody>", figure[: figure.index("</figure>")], re.S)
    values = re.findall(
        r"</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">(\d+)<", rows.group(1)
    )
    assert values, figure
    return sum(map(int, values))


def pdf_sectors(response) -> int:
    """The sum of the PDF pack's 'Signatories by sector' chart (its words, read by pypdf)."""
    from tests.test_annual_pack import pdf_text

    assert response.status_code == 200, response.status_code
    words = pdf_text(b"".join(response.streaming_content))
    chart = words[words.index("Signatories by sector at the end of the year") :]
    found = re.search(
        r"Public sector (\d+) \(\d+%\) Voluntary and community sector (\d+) \(\d+%\) "
        r"Private sector (\d+)",
        chart,
    )
    assert found, chart[:600]
    return sum(map(int, found.groups()))


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def counts(visitor: Client, officer: Client, compact, organisation) -> dict[str, int]:
    """Every page that counts or lists signatories, as both; each number is the Compact's."""
    name, slug = compact.name, compact.slug
    year = dashboard.financial_year(timezone.localdate()).start.year
    found = {}
    for who, client in (("visitor", visitor), ("officer", officer)):
        if who == "visitor":  # signed in, the home page is the person's own
            found["visitor home"] = home_count(text(client.get("/")), name)
        found |= {
            f"{who} compacts": compacts_count(text(client.get("/compacts/")), name),
            f"{who} compact page": compact_page_count(text(client.get(f"/compacts/{slug}/"))),
            f"{who} list": list_count(text(client.get(f"/signatories/?compact={slug}"))),
            f"{who} national list": list_count(text(client.get("/signatories/"))),
            f"{who} csv": text(client.get(f"/signatories.csv?compact={slug}")).count("\n") - 1,
            f"{who} national csv": text(client.get("/signatories.csv")).count("\n") - 1,
            f"{who} json": len(
                json.loads(text(client.get(f"/signatories.json?compact={slug}")))["signatories"]
            ),
            f"{who} national json": len(
                json.loads(text(client.get("/signatories.json")))["signatories"]
            ),
            # the organisation's page lists the Compacts it is on: this one counts 1 once approved
            f"{who} organisation page": text(client.get(f"/signatories/{organisation.pk}/")).count(
                f">{name}</a></h3>"
            ),
            f"{who} public summary": sector_total(
                text(client.get(f"/dashboard/{slug}/summary/")), "chart-sectors"
            ),
            f"{who} public pack": sector_total(
                text(client.get(f"/dashboard/{slug}/summary/pack/{year}/")), "pack-sectors"
            ),
            f"{who} public pack pdf": pdf_sectors(
                client.get(f"/dashboard/{slug}/summary/pack/{year}/?format=pdf")
            ),
        }
    metrics = json.loads(text(officer.get(f"/dashboard/metrics.json?compact={slug}")))
    found |= {
        "officer dashboard": sector_total(
            text(officer.get(f"/dashboard/{slug}/")), "chart-sectors"
        ),
        "officer pack": sector_total(
            text(officer.get(f"/dashboard/{slug}/pack/{year}/")), "pack-sectors"
        ),
        "officer pack pdf": pdf_sectors(officer.get(f"/dashboard/{slug}/pack/{year}/?format=pdf")),
        "officer metrics.json": sum(metrics["signatories"]["by_sector"].values()),
    }
    return found


def _world(herefordshire, hertfordshire):
    for _ in range(2):
        SignatureFactory(compact=herefordshire, approved=True)
    # On another Compact's list already, so its page is public (and kept) before the approval.
    organisation = OrganisationFactory(name=NAME)
    SignatureFactory(organisation=organisation, compact=hertfordshire, approved=True)
    pending = SignatureFactory(organisation=organisation, compact=herefordshire)
    officer = CompactOfficerFactory(compact=herefordshire, user__is_staff=True).user
    signed_in = Client()
    signed_in.force_login(officer)
    return organisation, pending, officer, signed_in


def _expected(before: dict, moved: int) -> dict:
    """Before the approval: 2 in Herefordshire, 3 nationally, the organisation on 0 of its
    lists; after: one more everywhere."""
    return {key: value + moved for key, value in before.items()}


def _check(client, signed_in, herefordshire, organisation, approve, committed):
    before = counts(client, signed_in, herefordshire, organisation)
    assert counts(client, signed_in, herefordshire, organisation) == before  # kept, served again
    for key, value in before.items():
        wanted = 0 if "organisation" in key else 3 if "national" in key else 2
        assert value == wanted, (key, value)

    with committed(execute=True):  # the approval commits, as in production
        approve()

    assert counts(client, signed_in, herefordshire, organisation) == _expected(before, 1)


def test_an_approval_by_the_service_shows_at_once_on_every_page(
    client, herefordshire, hertfordshire, cache_on, django_capture_on_commit_callbacks
):
    organisation, pending, officer, signed_in = _world(herefordshire, hertfordshire)
    _check(
        client,
        signed_in,
        herefordshire,
        organisation,
        lambda: services.approve_signature(pending, by=officer),
        django_capture_on_commit_callbacks,
    )
    assert Signature.objects.get(pk=pending.pk).state == Signature.State.APPROVED


def test_an_approval_by_the_admins_action_shows_at_once_on_every_page(
    client, herefordshire, hertfordshire, cache_on, django_capture_on_commit_callbacks
):
    organisation, pending, officer, signed_in = _world(herefordshire, hertfordshire)

    def approve():
        admin = Client()
        admin.force_login(officer)
        response = admin.post(
            "/admin/signatories/signature/",
            {"action": "approve", "_selected_action": [pending.pk]},
            follow=True,
        )
        assert "1 sign-ups approved." in response.content.decode()

    _check(
        client, signed_in, herefordshire, organisation, approve, django_capture_on_commit_callbacks
    )
    assert Signature.objects.get(pk=pending.pk).state == Signature.State.APPROVED
