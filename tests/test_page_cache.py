"""Public pages served whole from the cache to visitors who are not signed in."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from consultations.models import Follower
from consultations.tests.factories import ConsultationFactory
from signatories.tests.factories import SignatureFactory

pytestmark = pytest.mark.django_db
TOKEN_VALUE = re.compile(rb'(?<=name="csrfmiddlewaretoken" value=")([A-Za-z0-9]+)')


def visit(client, url):
    """The response, and how many queries it cost."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body, len(captured)


def test_an_anonymous_visitor_gets_the_kept_page_until_a_row_it_shows_changes(
    client, herefordshire
):
    SignatureFactory(compact=herefordshire, approved=True, organisation__name="Alpha Trust")
    first, body, drawn = visit(client, "/signatories/")
    again, same, served = visit(Client(), "/signatories/")
    assert drawn > 0 and served == 0
    assert same == body and b"Alpha Trust" in same
    assert "Cookie" in again["Vary"]

    SignatureFactory(compact=herefordshire, approved=True, organisation__name="Beta Hall")
    _, renewed, queries = visit(client, "/signatories/")
    assert queries > 0 and b"Beta Hall" in renewed


def test_each_filter_is_kept_apart(client, herefordshire, hertfordshire):
    SignatureFactory(compact=herefordshire, approved=True, organisation__name="Alpha Trust")
    SignatureFactory(compact=hertfordshire, approved=True, organisation__name="Beta Hall")
    visit(client, "/signatories/?compact=herefordshire")
    _, body, queries = visit(client, "/signatories/?compact=hertfordshire")
    assert queries > 0 and b"Beta Hall" in body and b"Alpha Trust" not in body


def test_signed_in_people_and_visitors_with_a_session_always_get_a_page_drawn_for_them(
    client, roles
):
    visit(Client(), "/consultations/")  # kept for anonymous visitors
    client.force_login(roles["compact_officer"])
    _, body, queries = visit(client, "/consultations/")
    assert queries > 0 and b"Draft a consultation" in body

    with_session = Client()
    with_session.cookies["sessionid"] = "a-session-of-a-sign-up-under-way"
    assert visit(with_session, "/consultations/")[2] > 0


def test_refusals_are_not_kept(client):
    visit(client, "/signatories/?compact=nowhere")
    response, _, queries = visit(client, "/signatories/?compact=nowhere")
    assert response.status_code == 400 and queries > 0


def test_the_day_turns_over_at_midnight_in_london(client, herefordshire):
    consultation = ConsultationFactory(
        compact=herefordshire,
        opens_on=datetime(2026, 5, 1).date(),
        closes_on=datetime(2026, 6, 30).date(),
    )
    url = consultation.get_absolute_url()
    with time_machine.travel(datetime.fromisoformat("2026-06-01T23:30:00+01:00"), tick=False):
        _, body, _ = visit(client, url)
        assert b"29 days left" in body
    with time_machine.travel(datetime.fromisoformat("2026-06-02T00:10:00+01:00"), tick=False):
        _, body, queries = visit(client, url)
        assert queries > 0 and b"28 days left" in body


def test_a_kept_page_with_a_form_gives_every_visitor_their_own_working_token(herefordshire):
    consultation = ConsultationFactory(compact=herefordshire)
    url = consultation.get_absolute_url()
    visit(Client(), url)
    tokens = []
    for email in ("one@example.org", "two@example.org"):
        visitor = Client(enforce_csrf_checks=True)
        response, body, queries = visit(visitor, url)
        assert queries == 1  # which Compact the consultation is in: the version it is kept under
        token = re.search(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', body).group(1)
        assert b"<csrf-token>" not in body and "csrftoken" in response.cookies
        tokens.append(token)
        posted = visitor.post(
            f"/consultations/{consultation.pk}/follow/",
            {"email": email, "csrfmiddlewaretoken": token.decode()},
        )
        assert posted.status_code == 302
    assert tokens[0] != tokens[1]
    assert Follower.objects.filter(consultation=consultation).count() == 2


def test_a_small_export_is_kept_and_a_large_one_only_streams(client, settings, herefordshire):
    for n in range(3):
        SignatureFactory(compact=herefordshire, approved=True, organisation__name=f"Org {n}")
    first, body, _ = visit(client, "/signatories.csv")
    again, same, queries = visit(client, "/signatories.csv")
    assert queries == 0 and same == body and body.count(b"\n") == 4
    assert again["Content-Disposition"] == 'attachment; filename="signatories.csv"'

    settings.PAGE_CACHE_MAX_BYTES = 100
    first, body, _ = visit(client, "/signatories.json")
    again, same, queries = visit(client, "/signatories.json")
    assert first.streaming and again.streaming and queries > 0 and same == body


def test_turned_off_with_zero_seconds(client, settings, herefordshire):
    settings.PAGE_CACHE_SECONDS = 0
    visit(client, "/signatories/")
    assert visit(client, "/signatories/")[2] > 0


# Signed-in pages are never kept: an officer's admin list of cases is drawn on every visit.

CASES = "/admin/disputes/case/"


@pytest.fixture
def officer(herefordshire):
    from signatories.tests.factories import CompactOfficerFactory

    return CompactOfficerFactory(compact=herefordshire).user


def test_an_officers_case_list_is_drawn_afresh_on_every_visit(client, herefordshire, officer):
    from disputes.tests.factories import CaseFactory

    CaseFactory(compact=herefordshire, reference="C-ONE")
    client.force_login(officer)
    _, body, drawn = visit(client, CASES)
    assert b"C-ONE" in body and visit(client, CASES)[2] == drawn
    CaseFactory(compact=herefordshire, reference="C-TWO")
    assert b"C-TWO" in visit(client, CASES)[1]


def test_an_officer_who_no_longer_runs_the_compact_is_refused(client, herefordshire, officer):
    from disputes.tests.factories import CaseFactory
    from signatories.models import CompactOfficer

    CaseFactory(compact=herefordshire, reference="C-ONE")
    client.force_login(officer)
    visit(client, CASES)
    CompactOfficer.objects.filter(user=officer).delete()
    officer.refresh_from_db()
    response, body, _ = visit(client, CASES)
    assert response.status_code == 403 and b"C-ONE" not in body


# Keyed per Compact: a change in one Compact leaves another's pages kept.


def test_a_change_in_one_compact_leaves_anothers_pages_kept(client, herefordshire, hertfordshire):
    SignatureFactory(compact=herefordshire, approved=True, organisation__name="Alpha Trust")
    SignatureFactory(compact=hertfordshire, approved=True, organisation__name="Beta Hall")
    theirs = ConsultationFactory(compact=hertfordshire)
    kept_elsewhere = [
        "/compacts/hertfordshire/",
        "/signatories/?compact=hertfordshire",
        "/consultations/?compact=hertfordshire",
        theirs.get_absolute_url(),
    ]
    renewed_here = ["/compacts/herefordshire/", "/signatories/?compact=herefordshire"]
    national = ["/compacts/", "/signatories/", "/consultations/"]
    for url in kept_elsewhere + renewed_here + national:
        visit(client, url)

    SignatureFactory(compact=herefordshire, approved=True, organisation__name="Gamma Club")

    for url in kept_elsewhere:
        _, body, queries = visit(client, url)
        assert queries <= 1, url  # only which Compact it shows: the page itself is kept
        assert b"Gamma Club" not in body
    for url in renewed_here:
        _, body, queries = visit(client, url)
        assert queries > 1, url  # which Compact it shows, then the page drawn afresh
    for url in national:
        _, body, queries = visit(client, url)
        assert queries >= 1, url  # a national page kept asks nothing; drawn, at least one
    assert b"Gamma Club" in visit(client, "/signatories/?compact=herefordshire")[1]
    assert b"Gamma Club" in visit(client, "/signatories/")[1]


def test_an_organisations_page_follows_every_compact_it_is_in(client, herefordshire, hertfordshire):
    from signatories.tests.factories import OrganisationFactory

    organisation = OrganisationFactory(name="Alpha Trust")
    SignatureFactory(organisation=organisation, compact=herefordshire, approved=True)
    url = f"/signatories/{organisation.pk}/"
    assert b"Hertfordshire" not in visit(client, url)[1]
    SignatureFactory(organisation=organisation, compact=hertfordshire, approved=True)
    assert b"Hertfordshire" in visit(client, url)[1]
    organisation.name = "Alpha Trust (renamed)"
    organisation.save()
    assert b"Alpha Trust (renamed)" in visit(client, url)[1]
    assert b"Alpha Trust (renamed)" in visit(client, "/signatories/?compact=hertfordshire")[1]


def test_bulk_writes_that_fire_no_signals_move_their_compacts_version_on(
    herefordshire, hertfordshire
):
    from consultations.services import recompute_for_compact
    from core import page_cache
    from disputes.models import refresh_targets_for
    from signatories.services import refresh_recommit_dates

    for bulk in (refresh_recommit_dates, recompute_for_compact, refresh_targets_for):
        here = page_cache.versions([herefordshire.pk])
        there = page_cache.versions([hertfordshire.pk])
        everywhere = page_cache.versions(None)
        bulk(herefordshire)
        assert page_cache.versions([herefordshire.pk]) != here, bulk
        assert page_cache.versions(None) != everywhere, bulk
        assert page_cache.versions([hertfordshire.pk]) == there, bulk


def test_every_key_is_ascii_and_short(client, herefordshire, monkeypatch):
    """memcached refuses keys with spaces, control characters or non-ASCII (an en dash)."""
    from django.core.cache import cache

    keys = []
    real_set = cache.set
    monkeypatch.setattr(
        cache, "set", lambda key, *a, **k: keys.append(key) or real_set(key, *a, **k)
    )
    SignatureFactory(compact=herefordshire, approved=True)
    for url in (
        "/signatories/?q=caf%C3%A9%20%E2%80%93%20bar&compact=herefordshire",
        "/consultations/?q=%E2%80%93",
        "/compacts/herefordshire/",
        "/signatories.csv?q=%20%0A",
    ):
        visit(client, url)
    assert keys and all(re.fullmatch(r"[A-Za-z0-9:._-]{1,200}", key) for key in keys), keys
