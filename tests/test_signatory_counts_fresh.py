"""Approve a sign-up, and every page that counts signatories shows the new number at once, with
every cache on (the page cache, the figures cache and the counts), each page having been drawn
and kept just before."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from dashboard import queries as dashboard
from signatories import services
from signatories.models import Signature
from signatories.tests.factories import CompactOfficerFactory, SignatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def caches_on(settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.FIGURES_CACHE_SECONDS = 300


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


def list_count(body: str) -> int:
    found = re.search(r"(\d+) signatures?</caption>", body)
    assert found, body
    return int(found.group(1))


def test_an_approval_shows_at_once_on_every_page_that_counts(client, herefordshire, caches_on):
    for _ in range(2):
        SignatureFactory(compact=herefordshire, approved=True)
    pending = SignatureFactory(compact=herefordshire)
    officer = CompactOfficerFactory(compact=herefordshire).user
    signed_in = Client()
    signed_in.force_login(officer)
    period = dashboard.parse_period({}, timezone.localdate())
    name = herefordshire.name

    def counts() -> dict[str, int]:
        metrics = json.loads(signed_in.get("/dashboard/metrics.json?compact=herefordshire").content)
        return {
            "home": home_count(client.get("/").content.decode(), name),
            "compacts": compacts_count(client.get("/compacts/").content.decode(), name),
            "published list": list_count(
                client.get("/signatories/?compact=herefordshire").content.decode()
            ),
            "metrics.json": sum(metrics["signatories"]["by_sector"].values()),
            "figures": sum(
                dashboard.metrics(herefordshire, period, timezone.localdate())["signatories"][
                    "by_sector"
                ].values()
            ),
        }

    before = counts()
    assert counts() == before  # drawn and kept: the second visit is served from the caches
    approved = Signature.objects.filter(compact=herefordshire, state=Signature.State.APPROVED)
    assert set(before.values()) == {approved.count()} == {2}

    services.approve_signature(pending, by=officer)

    assert counts() == dict.fromkeys(before, 3)
