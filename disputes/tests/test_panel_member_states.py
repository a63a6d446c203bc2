"""What a panel member sees follows their answer (RULES.md: names and contact details stay with
the officers and the case's panel). Invited, not yet answered: only what they need to decide on
a conflict (the case reference, the two organisations, the commitment, the stage) and the
confirm / declare-a-conflict buttons. Confirmed "no conflict": the whole case. Declared a
conflict, or replaced: nothing more."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from disputes import access, services
from disputes.tests.factories import CaseFactory, panel_members
from signatories.tests.factories import CompactOfficerFactory

pytestmark = pytest.mark.django_db

SECRETS = (
    "Priya Secret",  # the raiser's name
    "priya.secret@example.org",
    "07700 900123",
    "They ended our funding without talking to us.",  # the concern's full text
    "A meeting.",  # the outcome sought
    "Our confidential letter",  # correspondence
    "Shire Hall, Hereford",  # a meeting
)


@pytest.fixture
def case(herefordshire, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = CaseFactory(compact=herefordshire)
    officer = CompactOfficerFactory(compact=herefordshire).user
    case.members = panel_members(herefordshire)
    services.propose_panel(case, by=officer, members=case.members)
    letter = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter", content_type="application/pdf")
    case.letter = services.send_message(
        case, by=officer, to="everyone", body="Our confidential letter", attachment=letter
    )
    case.meeting = services.record_meeting(
        case, by=officer, held_on=date(2026, 2, 3), place="Shire Hall, Hereford", attendees="All"
    )
    case.officer = officer
    return case


def seat_of(case, member):
    return case.panel.get(member=member)


def urls(case):
    return {
        "attachment": f"/cases/{case.reference}/attachments/{case.letter.pk}/",
        "calendar": case.meeting.get_calendar_url(),
    }


def test_an_invited_member_sees_only_what_they_need_to_decide(client, case):
    client.force_login(case.members[0].user)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    for needed in (
        case.reference,
        case.complainant.name,
        case.respondent.name,
        case.commitment.heading,
        case.stage_label(),
        "I confirm I have no conflict of interest",
        f"/cases/{case.reference}/conflict/",
    ):
        assert needed in page, needed
    for secret in SECRETS:
        assert secret not in page, secret
    for name, url in urls(case).items():
        assert client.get(url).status_code == 404, name


def test_an_invited_member_does_not_write_on_the_case(client, case):
    client.force_login(case.members[0].user)
    response = client.post(
        f"/cases/{case.reference}/messages/", {"to": "everyone", "body": "Hello"}
    )
    assert response.status_code in {403, 404}
    assert not case.messages.filter(body="Hello").exists()


def test_an_invited_member_has_no_part_beyond_answering(case):
    assert access.roles_on(case.members[0].user, case) == set()
    assert access.invited_seat(case.members[0].user, case) == seat_of(case, case.members[0])


def test_a_member_who_confirmed_sees_the_whole_case(client, case):
    member = case.members[0]
    client.force_login(member.user)
    assert client.post(f"/cases/{case.reference}/confirm/").status_code == 302
    page = client.get(case.get_absolute_url()).content.decode()
    for secret in SECRETS:
        assert secret in page, secret
    assert "I confirm I have no conflict of interest" not in page
    for name, url in urls(case).items():
        assert client.get(url).status_code == 200, name


def test_a_member_who_declared_a_conflict_sees_nothing_more(client, case):
    member = case.members[0]
    client.force_login(member.user)
    response = client.post(
        f"/cases/{case.reference}/conflict/", {"conflict": "I am a trustee of the charity"}
    )
    assert response.status_code == 302
    assert client.get(case.get_absolute_url()).status_code == 404
    for name, url in urls(case).items():
        assert client.get(url).status_code == 404, name
    assert case.reference not in client.get("/cases/").content.decode()


def test_a_member_replaced_on_the_panel_sees_nothing_more(client, case, herefordshire):
    replaced = case.members[0]
    others = panel_members(herefordshire)
    services.propose_panel(
        case,
        by=case.officer,
        members=[others[0], *case.members[1:]],
        replacing=[m.pk for m in case.members],
    )
    client.force_login(replaced.user)
    assert client.get(case.get_absolute_url()).status_code == 404
    for name, url in urls(case).items():
        assert client.get(url).status_code == 404, name
    assert case.reference not in client.get("/cases/").content.decode()


def test_the_invited_member_finds_the_case_in_their_list(client, case):
    client.force_login(case.members[0].user)
    assert case.reference in client.get("/cases/").content.decode()


def test_target_reminders_go_to_the_confirmed_panel_not_to_a_member_who_declared_a_conflict(
    herefordshire,
):
    from disputes.models import PanelMember
    from disputes.reminders import formal_target
    from signatories.tests.factories import ReferenceGroupMemberFactory

    case = CaseFactory(compact=herefordshire, stage="formal", target_date=date(2026, 2, 16))
    now = case.created_at
    states = {
        "confirmed": {"confirmed_no_conflict_at": now},
        "invited": {},
        "conflicted": {"declared_conflict_at": now, "conflict": "Trustee"},
    }
    emails = {}
    for state, answer in states.items():
        member = ReferenceGroupMemberFactory(compact=herefordshire)
        PanelMember.objects.create(case=case, member=member, **answer)
        emails[state] = member.user.email
    told = {due.recipient for due in formal_target(date(2026, 2, 16), 14)}
    assert emails["confirmed"] in told
    assert emails["invited"] not in told and emails["conflicted"] not in told
