"""A public body officer runs a consultation; the public sees lists, feeds and a calendar."""

from datetime import date

import feedparser
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from consultations.models import Consultation
from consultations.tests.factories import ConsultationFactory
from signatories.tests.factories import (
    OrganisationContactFactory,
    OrganisationFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db


def dateparts(prefix, d):
    return {f"{prefix}_0": d.day, f"{prefix}_1": d.month, f"{prefix}_2": d.year}


@pytest.fixture
def officer(client, herefordshire):
    council = OrganisationFactory(public=True, name="Herefordshire Council")
    SignatureFactory(organisation=council, compact=herefordshire, approved=True)
    user = OrganisationContactFactory(organisation=council).user
    client.force_login(user)
    return user


def form(compact, lead, **overrides):
    data = {
        "compact": compact.pk,
        "lead_body": lead.pk,
        "title": "Library hours",
        "summary": "Hours",
        "body": "Shorter hours",
        "level": "consulting",
        "audience": "Residents",
        **dateparts("opens_on", date(2026, 1, 5)),
        **dateparts("closes_on", date(2026, 3, 29)),
        "shorter_reason_kind": "",
        "shorter_reason": "",
        "acknowledge_responses": "on",
        "glossary": "",
        "contact_email": "lib@example.org",
        "questions_text": "Which days?\nAnything else?",
    }
    data.update(overrides)
    return data


@time_machine.travel(date(2026, 1, 2))
def test_draft_publish_with_a_reason_then_the_page_shows_the_clock(client, officer, herefordshire):
    lead = officer.organisation_links.get().organisation
    response = client.post("/consultations/new/", form(herefordshire, lead))
    consultation = Consultation.objects.get()
    assert response["Location"] == consultation.get_absolute_url()
    assert consultation.questions == ["Which days?", "Anything else?"]
    page = client.get(f"/consultations/{consultation.pk}/publish/").content.decode()
    assert "10.2.1" in page and "WT-3" in page  # the commitments, with their clauses
    assert "30 March 2026" in page  # the earliest compliant closing date
    response = client.post(
        f"/consultations/{consultation.pk}/publish/", {"commitments_confirmed": "on"}
    )
    assert (
        response.status_code == 400
        and "give the reason before publishing" in response.content.decode()
    )
    client.post(
        f"/consultations/{consultation.pk}/edit/",
        form(herefordshire, lead, shorter_reason_kind="legal", shorter_reason="Statutory deadline"),
    )
    client.post(f"/consultations/{consultation.pk}/publish/", {"commitments_confirmed": "on"})
    consultation.refresh_from_db()
    assert (
        consultation.status == "forthcoming"
        and consultation.compliance_state == "shorter_with_reason"
    )
    with time_machine.travel(date(2026, 3, 19)):
        Consultation.objects.filter(pk=consultation.pk).update(status="open")
        page = client.get(consultation.get_absolute_url()).content.decode()
        assert "10 days left" in page
        assert "Statutory deadline" in page and "Shorter, with reason" in page


@time_machine.travel(date(2026, 1, 2))
def test_closing_before_opening_is_refused_and_the_draft_kept(client, officer, herefordshire):
    lead = officer.organisation_links.get().organisation
    response = client.post(
        "/consultations/new/", form(herefordshire, lead, **dateparts("closes_on", date(2026, 1, 1)))
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert (
        "The closing date must be on or after the opening date" in page and "Shorter hours" in page
    )
    assert not Consultation.objects.exists()


def test_documents_are_checked_for_type_and_size(
    client, officer, herefordshire, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    consultation = ConsultationFactory(
        compact=herefordshire, lead_body=officer.organisation_links.get().organisation
    )
    url = f"/consultations/{consultation.pk}/documents/"
    big = SimpleUploadedFile(
        "plan.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024 + 1), content_type="application/pdf"
    )
    response = client.post(url, {"title": "Plan", "file": big})
    assert response.status_code == 400 and "smaller than 10 MB" in response.content.decode()
    script = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    assert "must be a PDF" in client.post(url, {"title": "Plan", "file": script}).content.decode()
    good = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 small", content_type="application/pdf")
    assert client.post(url, {"title": "The plan", "file": good}).status_code == 302
    assert consultation.documents.get().title == "The plan"


def test_the_public_list_filters_and_hides_drafts(client, herefordshire, hertfordshire):
    ConsultationFactory(compact=herefordshire, title="Open here")
    ConsultationFactory(compact=hertfordshire, title="Open there")
    ConsultationFactory(compact=herefordshire, title="Secret draft", status="draft")
    page = client.get("/consultations/").content.decode()
    assert "Open here" in page and "Open there" in page and "Secret draft" not in page
    page = client.get("/consultations/?compact=hertfordshire").content.decode()
    assert "Open there" in page and "Open here" not in page
    assert client.get("/consultations/?status=nonsense").status_code == 400


def test_a_draft_is_not_public(client, herefordshire):
    draft = ConsultationFactory(compact=herefordshire, status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_list_page_does_not_grow_in_queries(client, herefordshire, drawn_afresh):
    for _ in range(3):
        ConsultationFactory(compact=herefordshire)

    def count():
        client.get("/consultations/")  # once first (what a process does once is not counted)
        with CaptureQueriesContext(connection) as captured:
            client.get("/consultations/")
        return len(captured)

    few = count()
    for _ in range(15):
        ConsultationFactory(compact=herefordshire)
    assert count() == few


def test_the_atom_feed_parses_and_filters_by_compact(client, herefordshire, hertfordshire):
    ConsultationFactory(compact=herefordshire, title="Hereford parks")
    ConsultationFactory(compact=hertfordshire, title="Hertford parks")
    feed = feedparser.parse(client.get("/consultations/feed.atom").content)
    assert not feed.bozo
    assert {e.title for e in feed.entries} == {"Hereford parks", "Hertford parks"}
    feed = feedparser.parse(client.get("/consultations/feed.atom?compact=herefordshire").content)
    assert [e.title for e in feed.entries] == ["Hereford parks"]
    assert client.get("/consultations/feed.atom?compact=nowhere").status_code == 404


def test_the_calendar_has_opening_and_closing_events(client, herefordshire):
    consultation = ConsultationFactory(compact=herefordshire, title="Parks")
    cal = Calendar.from_ical(client.get("/consultations/calendar.ics").getvalue())
    events = {str(e["summary"]): e.decoded("dtstart") for e in cal.walk("VEVENT")}
    assert events[f"Parks opens ({consultation.lead_body.name})"] == date(2026, 1, 5)
    assert events[f"Parks closes ({consultation.lead_body.name})"] == date(2026, 3, 30)
    assert client.get("/consultations/calendar.ics?compact=nowhere").status_code == 400


def test_following_needs_a_real_email(client, herefordshire):
    consultation = ConsultationFactory(compact=herefordshire)
    response = client.post(f"/consultations/{consultation.pk}/follow/", {"email": "not-an-email"})
    assert response.status_code == 400 and "Enter an email address" in response.content.decode()
    client.post(f"/consultations/{consultation.pk}/follow/", {"email": "fan@example.org"})
    assert consultation.followers.get().email == "fan@example.org"


def test_admin_filters_for_officers(client, herefordshire):
    from signatories.tests.factories import CompactOfficerFactory

    ConsultationFactory(compact=herefordshire, title="Awaiting one", status="closed")
    ConsultationFactory(compact=herefordshire, title="Open one")
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    page = client.get("/admin/consultations/consultation/?feedback=awaiting").content.decode()
    assert "Awaiting one" in page and "Open one" not in page
    page = client.get("/admin/consultations/consultation/?compliance=meets").content.decode()
    assert "Open one" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "compact=herefordshire&opens=2026-01-05",
            {"earliest_closing": "2026-03-30", "min_weeks": 12},
        ),
        (
            "compact=herefordshire&opens=2026-01-05&closes=2026-03-29",
            {"state": "shorter_no_reason"},
        ),
        ("compact=chelmsford&opens=2026-01-05&closes=2026-03-30", {"state": "meets"}),
    ],
)
def test_the_period_check_gives_the_earliest_compliant_closing_date(
    client, compacts, query, expected
):
    data = client.get(f"/consultations/check.json?{query}").json()
    for key, value in expected.items():
        assert data[key] == value


@pytest.mark.parametrize(
    "query",
    [
        "compact=nowhere&opens=2026-01-05",
        "compact=herefordshire&opens=5/1/2026",
        "compact=herefordshire&opens=2026-01-05&closes=2026-01-01",
    ],
)
def test_the_period_check_answers_400_with_a_reason(client, compacts, query):
    response = client.get(f"/consultations/check.json?{query}")
    assert response.status_code == 400 and response.json()["error"]


def test_the_admin_shows_compliance_labels_never_codes(client, herefordshire):
    from signatories.tests.factories import CompactOfficerFactory

    ConsultationFactory(compact=herefordshire, title="Short one", closes_on=date(2026, 2, 1))
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    page = client.get("/admin/consultations/consultation/").content.decode()
    assert "Shorter, no reason" in page and ">shorter_no_reason<" not in page


def test_the_list_shows_each_consultations_status_and_compliance_tags(client, herefordshire):
    ConsultationFactory(compact=herefordshire, title="Short one", closes_on=date(2026, 2, 1))
    page = client.get("/consultations/").content.decode()
    assert '<strong class="govuk-tag govuk-tag--green">Open</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--red">Shorter, no reason</strong>' in page
