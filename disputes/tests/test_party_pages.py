"""Both parties follow the case on its page: the concern, a shared timeline, the panel, the
meetings and the outcome; neither sees the other's people or their contact details."""

from datetime import date, time

import pytest

from disputes import services
from disputes.tests.factories import CaseFactory, confirmed_panel
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SECRETS = ("Priya Secret", "priya.secret@example.org", "07700 900123")


@pytest.fixture
def case(herefordshire):
    case = CaseFactory(compact=herefordshire)
    officer = CompactOfficerFactory(compact=herefordshire).user
    members = confirmed_panel(case, officer=officer)
    services.move_to_next_stage(case, by=officer, reason="Informal talks failed (officer's note)")
    services.record_meeting(
        case,
        by=officer,
        held_on=date(2026, 2, 3),
        starts_at=time(10, 30),
        place="Plough Lane, Hereford",
        attendees="Both parties",
        notes="The council's director was defensive",
    )
    services.resolve(case, by=officer, outcome="Three months' notice restored")
    case.members = members
    return case


def page_for(client, user, case):
    client.force_login(user)
    return client.get(case.get_absolute_url())


@pytest.mark.parametrize("side", ["complainant", "respondent"])
def test_each_party_sees_the_concern_timeline_panel_meetings_and_outcome(client, case, side):
    contact = OrganisationContactFactory(organisation=getattr(case, side)).user
    response = page_for(client, contact, case)
    assert response.status_code == 200
    page = response.content.decode()
    for expected in (
        "They ended our funding without talking to us.",  # what happened
        "A meeting.",  # outcome sought
        "Moved to the formal (panel) stage",
        case.members[0].name,
        case.members[0].organisation.name,
        "Plough Lane, Hereford",
        "Tuesday 3 February 2026, 10:30 a.m.",
        "Three months&#x27; notice restored",
    ):
        assert expected in page, expected
    assert "Add to your calendar" in page
    order = [
        f"{case.members[0].name} proposed for the panel",
        f"{case.members[2].name} confirmed no conflict of interest",
        "Moved to the formal (panel) stage",
        "Resolved",
    ]
    timeline = page[page.index('id="timeline"') :]
    assert [timeline.index(step) for step in order] == sorted(
        timeline.index(step) for step in order
    )


@pytest.mark.parametrize("side", ["complainant", "respondent"])
def test_a_party_never_sees_peoples_contact_details_panel_notes_or_officers_reasons(
    client, case, side
):
    contact = OrganisationContactFactory(organisation=getattr(case, side)).user
    page = page_for(client, contact, case).content.decode()
    for secret in (*SECRETS, "defensive", "officer&#x27;s note", case.members[0].user.email):
        assert secret not in page, secret


def test_the_panel_sees_the_contact_details_and_notes(client, case):
    page = page_for(client, case.members[0].user, case).content.decode()
    assert all(secret in page for secret in SECRETS)
    assert "defensive" in page


def test_the_respondent_replies_in_writing_to_everyone_in_the_case(client, herefordshire):
    case = CaseFactory(compact=herefordshire)
    respondent = OrganisationContactFactory(organisation=case.respondent).user
    complainant = OrganisationContactFactory(organisation=case.complainant).user
    page = page_for(client, respondent, case).content.decode()
    assert "Both organisations, the officers and the panel" in page
    client.post(
        f"/cases/{case.reference}/messages/",
        {"to": "everyone", "body": "We will restore the notice period."},
    )
    assert (
        "We will restore the notice period." in page_for(client, complainant, case).content.decode()
    )
    refused = client.post(
        f"/cases/{case.reference}/messages/", {"to": "respondent", "body": "Only to them"}
    )
    assert refused.status_code == 400 and not case.messages.filter(body="Only to them").exists()


@pytest.mark.parametrize("who", ["stranger", "other_officer", "pending_contact"])
def test_people_outside_the_case_see_nothing_of_it(client, case, hertfordshire, who):
    if who == "stranger":
        user = UserFactory()
    elif who == "other_officer":
        user = CompactOfficerFactory(compact=hertfordshire).user
    else:
        user = OrganisationContactFactory(organisation=case.respondent, user__is_active=False).user
    client.force_login(user)
    response = client.get(case.get_absolute_url())
    assert response.status_code in {302, 404}
    assert "They ended our funding" not in response.content.decode()
    meeting = case.meetings.get()
    assert client.get(meeting.get_calendar_url()).status_code in {302, 404}


def test_a_member_declares_a_conflict_from_the_case_page(client, herefordshire):
    case = CaseFactory(compact=herefordshire)
    officer = CompactOfficerFactory(compact=herefordshire).user
    from disputes.tests.factories import panel_members

    members = panel_members(herefordshire)
    services.propose_panel(case, by=officer, members=members)
    page = page_for(client, members[0].user, case).content.decode()
    assert "I confirm I have no conflict of interest" in page
    assert "Declare a conflict of interest" in page
    empty = client.post(f"/cases/{case.reference}/conflict/", {"conflict": ""})
    assert empty.status_code == 400
    client.post(f"/cases/{case.reference}/conflict/", {"conflict": "I chair its board"})
    seat = case.panel.get(member=members[0])
    assert seat.declared_conflict_at is not None and seat.conflict == "I chair its board"
    # Stood down: the case, its people and a second declaration are no longer theirs.
    assert client.get(case.get_absolute_url()).status_code == 404
    again = client.post(f"/cases/{case.reference}/conflict/", {"conflict": "Twice"})
    assert again.status_code == 404
    seat.refresh_from_db()
    assert seat.conflict == "I chair its board"
    client.force_login(members[1].user)
    assert client.post(f"/cases/{case.reference}/conflict/", {"conflict": "x"}).status_code == 302
    client.force_login(UserFactory())
    assert client.post(f"/cases/{case.reference}/conflict/", {"conflict": "x"}).status_code == 404
