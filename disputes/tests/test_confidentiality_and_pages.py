"""Names, contact details, correspondence and panel notes: only officers and the case's panel."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disputes import services
from disputes.models import Case, PanelMember
from disputes.tests.factories import CaseFactory
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    ReferenceGroupMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
SECRET_NAME, SECRET_EMAIL, SECRET_NOTE = (
    "Priya Secret",
    "priya.secret@example.org",
    "Panel thinks the council erred",
)


@pytest.fixture
def case(herefordshire):
    case = CaseFactory(compact=herefordshire)
    officer = CompactOfficerFactory(compact=herefordshire).user
    members = [
        ReferenceGroupMemberFactory(
            compact=herefordshire, organisation=OrganisationFactory(public=True)
        ),
        ReferenceGroupMemberFactory(compact=herefordshire, organisation=OrganisationFactory()),
        ReferenceGroupMemberFactory(
            compact=herefordshire, organisation=OrganisationFactory(private=True)
        ),
    ]
    services.propose_panel(case, by=officer, members=members)
    for seat in case.panel.all():  # the panel sees the case once each member has confirmed
        services.confirm_no_conflict(seat, by=seat.member.user)
    services.record_meeting(
        case, by=officer, held_on=date(2026, 1, 20), attendees="All", notes=SECRET_NOTE
    )
    services.send_message(case, by=officer, to="respondent", body="Letter to the council only")
    services.send_message(case, by=officer, to="complainant", body="Letter to the charity only")
    case.people = {
        "officer": officer,
        "other_officer": CompactOfficerFactory(
            compact=case.compact.__class__.objects.get(slug="hertfordshire")
        ).user,
        "panel": members[0].user,
        "reference_group_not_on_panel": ReferenceGroupMemberFactory(compact=herefordshire).user,
        "complainant": OrganisationContactFactory(organisation=case.complainant).user,
        "respondent": OrganisationContactFactory(organisation=case.respondent).user,
        "stranger_contact": OrganisationContactFactory().user,
        "anonymous": None,
    }
    return case


EXPECTED = {
    # role: (status of the case page, sees the confidential parts, letters it reads)
    "officer": (200, True, {"council", "charity"}),
    "panel": (200, True, {"council", "charity"}),
    "complainant": (200, False, {"charity"}),
    "respondent": (200, False, {"council"}),
    "other_officer": (404, False, set()),
    "reference_group_not_on_panel": (404, False, set()),
    "stranger_contact": (404, False, set()),
    "anonymous": (302, False, set()),
}


@pytest.mark.parametrize("role", EXPECTED)
def test_the_case_page_shows_each_role_only_what_it_may_see(client, case, role):
    person = case.people[role]
    if person:
        client.force_login(person)
    response = client.get(case.get_absolute_url())
    status, confidential, letters = EXPECTED[role]
    assert response.status_code == status
    page = response.content.decode() if status == 200 else ""
    for secret in (SECRET_NAME, SECRET_EMAIL, SECRET_NOTE):
        assert (secret in page) is confidential
    assert ("Letter to the council only" in page) is ("council" in letters)
    assert ("Letter to the charity only" in page) is ("charity" in letters)


ACTIONS = {
    # role: statuses of POSTing nothing to messages/, withdraw/ and confirm/
    "officer": (400, 403, 404),
    "panel": (400, 403, 302),
    "complainant": (400, 400, 404),
    "respondent": (400, 400, 404),
    "other_officer": (404, 404, 404),
    "reference_group_not_on_panel": (404, 404, 404),
    "stranger_contact": (404, 404, 404),
    "anonymous": (302, 302, 302),
}


@pytest.mark.parametrize("role", ACTIONS)
def test_other_case_urls_answer_each_role(client, case, role):
    person = case.people[role]
    if person:
        client.force_login(person)
    statuses = tuple(
        client.post(case.get_absolute_url() + suffix, {}).status_code
        for suffix in ("messages/", "withdraw/", "confirm/")
    )
    assert statuses == ACTIONS[role]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("officer", 200),
        ("other_officer", 302),
        ("panel", 302),
        ("complainant", 302),
        ("anonymous", 302),
    ],
)
def test_the_admin_case_page_is_for_the_compacts_officers_only(client, case, role, status):
    person = case.people[role]
    if person:
        client.force_login(person)
    response = client.get(f"/admin/disputes/case/{case.pk}/change/")
    assert response.status_code == status
    if status == 200:
        assert SECRET_NAME in response.content.decode()


def test_the_public_lessons_page_has_statistics_and_lessons_but_no_names(client, case):
    services.resolve(
        case, by=case.people["officer"], outcome="Agreed", lesson="Talk before cutting funding"
    )
    page = client.get("/cases/lessons/").content.decode()
    assert case.commitment.citation.url in page  # the lesson cites its clause, linked
    assert "Talk before cutting funding" in page
    for secret in (SECRET_NAME, SECRET_EMAIL, SECRET_NOTE, case.reference, case.complainant.name):
        assert secret not in page


def test_an_officer_runs_a_case_through_every_stage_in_the_admin(client, herefordshire):
    case = CaseFactory(compact=herefordshire)
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    conflicted = ReferenceGroupMemberFactory(compact=herefordshire, organisation=case.respondent)
    others = [
        ReferenceGroupMemberFactory(
            compact=herefordshire, organisation=OrganisationFactory(public=True)
        ),
        ReferenceGroupMemberFactory(compact=herefordshire, organisation=OrganisationFactory()),
    ]
    response = client.post(
        f"/admin/disputes/case/{case.pk}/panel/",
        {"members": [conflicted.pk] + [m.pk for m in others]},
    )
    assert (
        response.status_code == 400
        and "comes from one of the organisations" in response.content.decode()
    )
    good = others + [
        ReferenceGroupMemberFactory(
            compact=herefordshire, organisation=OrganisationFactory(private=True)
        )
    ]
    client.post(f"/admin/disputes/case/{case.pk}/panel/", {"members": [m.pk for m in good]})
    assert PanelMember.objects.filter(case=case).count() == 3
    refused = client.post(
        f"/admin/disputes/case/{case.pk}/step/",
        {"action": "next", "reason": "Talks failed", "stage": "informal"},
    )
    assert "Not every member has confirmed" in refused.content.decode()
    for seat in case.panel.all():
        services.confirm_no_conflict(seat, by=seat.member.user)
    client.post(
        f"/admin/disputes/case/{case.pk}/step/",
        {"action": "next", "reason": "Talks failed", "stage": "informal"},
    )
    client.post(
        f"/admin/disputes/case/{case.pk}/meeting/",
        {"held_on": "2026-01-25", "attendees": "All", "notes": "Met"},
    )
    client.post(
        f"/admin/disputes/case/{case.pk}/step/",
        {"action": "resolve", "outcome": "Agreed", "lesson": "Talk", "stage": "formal"},
    )
    case.refresh_from_db()
    assert case.state == Case.State.RESOLVED and case.meetings.count() == 1
    history = client.get(f"/admin/disputes/case/{case.pk}/history/").content.decode()
    assert "Moved to formal (panel): Talks failed" in history and "Resolved: Agreed" in history


def test_admin_filters_target_overdue(client, herefordshire):
    overdue = CaseFactory(compact=herefordshire, stage="formal", target_date=date(2020, 1, 1))
    CaseFactory(compact=herefordshire, reference="C-INFORMAL")
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    page = client.get("/admin/disputes/case/?target=overdue").content.decode()
    assert overdue.reference in page and "C-INFORMAL" not in page


def test_admin_filters_by_compact_in_a_select_that_keeps_the_other_filters(
    client, herefordshire, hertfordshire
):
    CaseFactory(compact=herefordshire, reference="C-HEREFORD", stage="formal")
    CaseFactory(compact=hertfordshire, reference="C-HERTS", stage="formal")
    CaseFactory(compact=herefordshire, reference="C-EARLY")
    officer = CompactOfficerFactory(compact=herefordshire).user
    CompactOfficerFactory(compact=hertfordshire, user=officer)
    client.force_login(officer)
    page = client.get(f"/admin/disputes/case/?compact__id__exact={herefordshire.pk}&stage=formal")
    html = page.content.decode()
    assert "C-HEREFORD" in html and "C-HERTS" not in html and "C-EARLY" not in html
    assert f'<option value="{herefordshire.pk}" selected>Herefordshire Compact</option>' in html
    assert '<input type="hidden" name="stage" value="formal">' in html
    assert 'name="_selected_action" value=' in html  # the action checkboxes, drawn directly

    client.force_login(CompactOfficerFactory(compact=hertfordshire).user)
    html = client.get("/admin/disputes/case/").content.decode()
    assert "Herefordshire Compact</option>" not in html  # only the Compacts this officer runs


def test_admin_stage_filter_offers_the_stages_of_the_officers_compacts(client, compacts):
    client.force_login(CompactOfficerFactory(compact=compacts["chelmsford"]).user)
    html = client.get("/admin/disputes/case/").content.decode()
    for stage in compacts["chelmsford"].resolution_stages:
        assert f"?stage={stage}" in html


def test_raising_a_concern_in_the_browser_with_errors_kept(client, herefordshire):
    contact = OrganisationContactFactory()
    client.force_login(contact.user)
    page = client.get("/cases/raise/").content.decode()
    assert "not for contract breaches" in page
    response = client.post(
        "/cases/raise/", {"compact": herefordshire.pk, "what_happened": "Typed text"}
    )
    assert response.status_code == 400 and "Typed text" in response.content.decode()
    assert "Say what outcome you want" in response.content.decode()


def test_only_contacts_can_raise_a_concern(client):
    client.force_login(UserFactory())
    assert client.get("/cases/raise/").status_code == 403


@pytest.mark.parametrize("url", ["/cases/", "/admin/disputes/case/"])
def test_case_lists_do_not_grow_in_queries(client, herefordshire, url, drawn_afresh):
    officer = CompactOfficerFactory(compact=herefordshire).user
    client.force_login(officer)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for _ in range(2):
        CaseFactory(compact=herefordshire)
    few = count()
    for _ in range(10):
        CaseFactory(compact=herefordshire)
    assert count() == few


def test_the_case_page_says_in_words_when_the_compact_sets_no_formal_target(client, hertfordshire):
    case = CaseFactory(compact=hertfordshire)
    client.force_login(OrganisationContactFactory(organisation=case.complainant).user)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Not set by this Compact" in page and "not_set" not in page
