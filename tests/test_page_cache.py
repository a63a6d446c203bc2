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
        assert queries == 0
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


# An officer's admin list of cases, kept for them (page_cache.officer_page).

CASES = "/admin/disputes/case/"


@pytest.fixture
def officer(herefordshire):
    from signatories.tests.factories import CompactOfficerFactory

    return CompactOfficerFactory(compact=herefordshire).user


def test_an_officers_case_list_is_kept_for_them_until_a_row_it_shows_changes(
    client, herefordshire, officer
):
    from disputes.tests.factories import CaseFactory

    case = CaseFactory(compact=herefordshire, reference="C-ONE")
    client.force_login(officer)
    _, body, drawn = visit(client, CASES)
    _, same, served = visit(client, CASES)
    assert b"C-ONE" in body and served < drawn
    assert TOKEN_VALUE.sub(b"", same) == TOKEN_VALUE.sub(b"", body)

    CaseFactory(compact=herefordshire, reference="C-TWO")
    assert b"C-TWO" in visit(client, CASES)[1]
    case.complainant.name = "Renamed Community Trust"
    case.complainant.save()
    assert b"Renamed Community Trust" in visit(client, CASES)[1]


def test_each_officer_gets_the_list_of_their_own_compacts(
    client, herefordshire, hertfordshire, officer
):
    from disputes.tests.factories import CaseFactory
    from signatories.tests.factories import CompactOfficerFactory

    CaseFactory(compact=herefordshire, reference="C-HEREFORD")
    client.force_login(officer)
    visit(client, CASES)
    other = Client()
    other.force_login(CompactOfficerFactory(compact=hertfordshire).user)
    _, body, _ = visit(other, CASES)
    assert b"C-HEREFORD" not in body


def test_an_officer_who_no_longer_runs_the_compact_is_refused_not_served_the_kept_list(
    client, herefordshire, officer
):
    from disputes.tests.factories import CaseFactory

    CaseFactory(compact=herefordshire, reference="C-ONE")
    client.force_login(officer)
    visit(client, CASES)
    from signatories.models import CompactOfficer

    CompactOfficer.objects.filter(user=officer).delete()
    officer.refresh_from_db()
    response, body, _ = visit(client, CASES)
    assert response.status_code == 403 and b"C-ONE" not in body


def test_a_message_is_shown_once_and_never_kept(client, herefordshire, officer):
    from disputes.tests.factories import CaseFactory, confirmed_panel

    case = CaseFactory(compact=herefordshire)
    confirmed_panel(case)  # the formal stage needs a confirmed panel
    client.force_login(officer)
    visit(client, CASES)
    moved = client.post(
        CASES, {"action": "move_to_next_stage", "_selected_action": [case.pk]}, follow=True
    )
    assert b"1 case moved on." in moved.content
    _, body, drawn = visit(client, CASES)
    assert b"1 case moved on." not in body
    _, again, served = visit(client, CASES)
    assert served < drawn and b"1 case moved on." not in again


def test_a_kept_admin_list_gives_each_session_its_own_working_token(herefordshire, officer):
    from disputes.models import Case
    from disputes.tests.factories import CaseFactory, confirmed_panel

    cases = [CaseFactory(compact=herefordshire) for _ in range(2)]
    for case in cases:
        confirmed_panel(case)  # the formal stage needs a confirmed panel
    first = Client()
    first.force_login(officer)
    visit(first, CASES)
    tokens = []
    for case in cases:
        session = Client(enforce_csrf_checks=True)
        session.force_login(officer)  # a second session of the same officer
        response, body, _ = visit(session, CASES)
        token = TOKEN_VALUE.search(body).group(1)
        assert b"<csrf-token>" not in body and "csrftoken" in response.cookies
        tokens.append(token)
        posted = session.post(
            CASES,
            {
                "action": "move_to_next_stage",
                "_selected_action": [case.pk],
                "csrfmiddlewaretoken": token.decode(),
            },
        )
        assert posted.status_code == 302
    assert tokens[0] != tokens[1]
    assert set(Case.objects.values_list("stage", flat=True)) != {cases[0].stage}


def test_the_admin_list_is_drawn_every_time_with_zero_seconds(
    client, settings, herefordshire, officer
):
    settings.PAGE_CACHE_SECONDS = 0
    client.force_login(officer)
    drawn = visit(client, CASES)[2]
    assert visit(client, CASES)[2] == drawn
