"""A second click, or a second officer, on a step already taken is told so and changes nothing:
no double move past the panel, no panel replaced behind a confirmation, no 500."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from disputes import services
from disputes.models import Case
from disputes.tests.factories import CaseFactory, confirmed_panel
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    ReferenceGroupMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, herefordshire):
    user = CompactOfficerFactory(compact=herefordshire).user
    client.force_login(user)
    return user


@pytest.fixture
def case(herefordshire):
    return CaseFactory(compact=herefordshire)


def step(client, case, **data):
    return client.post(f"/admin/disputes/case/{case.pk}/step/", data)


def a_panel(compact):
    return [
        ReferenceGroupMemberFactory(compact=compact, organisation=OrganisationFactory(public=True)),
        ReferenceGroupMemberFactory(compact=compact, organisation=OrganisationFactory()),
        ReferenceGroupMemberFactory(
            compact=compact, organisation=OrganisationFactory(private=True)
        ),
    ]


def test_a_second_click_on_move_to_the_next_stage_does_not_skip_the_panel(client, officer, case):
    confirmed_panel(case, officer=officer)
    move = {"action": "next", "reason": "Informal talks failed", "stage": "informal"}
    assert step(client, case, **move).status_code == 302
    second = step(client, case, **move)
    assert second.status_code == 400
    assert "has already moved to the formal (panel) stage" in second.content.decode()
    case.refresh_from_db()
    assert case.stage == "formal"


def test_a_move_from_a_stale_page_is_refused_by_the_service(officer, case):
    confirmed_panel(case, officer=officer)
    seen_by_the_second_officer = Case.objects.get(pk=case.pk)
    services.move_to_next_stage(case, by=officer, reason="Informal talks failed")
    with pytest.raises(ValidationError, match="already moved to the formal"):
        services.move_to_next_stage(seen_by_the_second_officer, by=officer, reason="Same")
    case.refresh_from_db()
    assert case.stage == "formal"


def test_a_second_resolve_says_the_case_is_already_resolved(client, officer, case):
    resolve = {"action": "resolve", "outcome": "Apology given", "stage": "informal"}
    assert step(client, case, **resolve).status_code == 302
    second = step(client, case, **{**resolve, "outcome": "Changed my mind"})
    assert second.status_code == 400
    assert "has already been resolved" in second.content.decode()
    case.refresh_from_db()
    assert case.outcome == "Apology given"


def test_closing_a_case_that_moved_on_since_the_page_was_drawn_is_refused(client, officer, case):
    confirmed_panel(case, officer=officer)
    services.move_to_next_stage(case, by=officer, reason="Informal talks failed")
    close = {"action": "close", "referred_to": "Ombudsman", "stage": "informal"}
    response = step(client, case, **close)
    assert response.status_code == 400
    assert "has already moved to the formal (panel) stage" in response.content.decode()
    case.refresh_from_db()
    assert case.state == Case.State.OPEN


def test_proposing_the_same_panel_twice_keeps_the_confirmations(officer, case, herefordshire):
    members = a_panel(herefordshire)
    seats = services.propose_panel(case, by=officer, members=members)
    services.confirm_no_conflict(seats[0], by=members[0].user)
    with pytest.raises(ValidationError, match="already been proposed"):
        services.propose_panel(case, by=officer, members=members)
    seats[0].refresh_from_db()
    assert seats[0].confirmed_no_conflict_at is not None


def test_a_panel_proposed_since_the_page_was_drawn_is_not_replaced(
    client, officer, case, herefordshire
):
    first, other = a_panel(herefordshire), a_panel(herefordshire)
    page = client.get(f"/admin/disputes/case/{case.pk}/panel/")
    assert 'name="replacing"' in page.content.decode()
    services.propose_panel(case, by=officer, members=first)
    response = client.post(
        f"/admin/disputes/case/{case.pk}/panel/",
        {"members": [m.pk for m in other], "replacing": ""},
    )
    assert response.status_code == 400
    assert "has changed since you opened this page" in response.content.decode()
    assert {seat.member_id for seat in case.panel.all()} == {m.pk for m in first}


def test_a_second_confirmation_of_no_conflict_keeps_the_first(client, officer, case, herefordshire):
    members = a_panel(herefordshire)
    seats = services.propose_panel(case, by=officer, members=members)
    client.force_login(members[0].user)
    url = f"/cases/{case.reference}/confirm/"
    client.post(url)
    seats[0].refresh_from_db()
    first = seats[0].confirmed_no_conflict_at
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "already confirmed" in response.content.decode()
    seats[0].refresh_from_db()
    assert seats[0].confirmed_no_conflict_at == first


def test_a_second_withdrawal_is_a_message_not_a_500(client, case):
    client.force_login(OrganisationContactFactory(organisation=case.complainant).user)
    url = f"/cases/{case.reference}/withdraw/"
    assert client.post(url, {"reason": "Settled between us"}).status_code == 302
    second = client.post(url, {"reason": "Settled between us"})
    assert second.status_code == 400
    assert "has already been withdrawn" in second.content.decode()


def test_nobody_deletes_a_case_in_the_admin(client, case):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(f"/admin/disputes/case/{case.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Case.objects.filter(pk=case.pk).exists()


def test_the_case_page_in_the_admin_saves_nothing_behind_the_services(client, officer, case):
    versions = case.history.count()
    response = client.post(f"/admin/disputes/case/{case.pk}/change/", {"_save": "Save"})
    assert response.status_code == 403
    assert case.history.count() == versions


def test_a_second_click_on_arrange_a_meeting_arranges_and_tells_it_once(client, officer, case):
    from core.models import OutboundEmail

    meeting = {
        "held_on": "2026-02-03",
        "starts_at": "10:30",
        "place": "Shire Hall",
        "attendees": "Both parties and the panel",
    }
    url = f"/admin/disputes/case/{case.pk}/meeting/"
    assert client.post(url, meeting).status_code == 302
    second = client.post(url, meeting)
    assert second.status_code == 400
    assert "already been arranged" in second.content.decode()
    assert case.meetings.count() == 1
    told = OutboundEmail.objects.filter(subject__contains="meeting is arranged")
    recipients = list(told.values_list("recipient", flat=True))
    assert len(recipients) == len(set(recipients))


def test_a_bulk_move_to_mediation_without_a_mediator_is_refused_with_the_reason(client, compacts):
    chelmsford = compacts["chelmsford"]
    client.force_login(CompactOfficerFactory(compact=chelmsford).user)
    case = CaseFactory(compact=chelmsford)
    response = client.post(
        "/admin/disputes/case/",
        {"action": "move_to_next_stage", "_selected_action": [case.pk]},
        follow=True,
    )
    assert "Name the independent mediator" in response.content.decode()
    case.refresh_from_db()
    assert case.stage == "informal"


def _send_twice(client, case, writer, data):
    """Two presses of "Send message" with the same form (a double click)."""
    from core.models import OutboundEmail

    client.force_login(writer)
    url = f"/cases/{case.reference}/messages/"
    responses = []
    for _ in range(2):
        files = {}
        if "attachment" in data:
            name, content = data["attachment"]
            files["attachment"] = SimpleUploadedFile(name, content, content_type="application/pdf")
        responses.append(
            client.post(url, {**{k: v for k, v in data.items() if k != "attachment"}, **files})
        )
    told = list(
        OutboundEmail.objects.filter(subject__contains="new message on case").values_list(
            "recipient", flat=True
        )
    )
    return responses, told


def test_a_second_click_on_send_message_sends_it_once(client, case):
    writer = OrganisationContactFactory(organisation=case.complainant).user
    first, second = _send_twice(
        client, case, writer, {"to": "everyone", "body": "Please restore the notice period."}
    )[0]
    assert first.status_code == 302 and second.status_code == 302
    assert second["Location"] == first["Location"] == case.get_absolute_url()
    assert case.messages.count() == 1


def test_a_double_click_sends_each_email_once(client, case):
    writer = OrganisationContactFactory(organisation=case.complainant).user
    officer = CompactOfficerFactory(compact=case.compact).user
    _, told = _send_twice(client, case, writer, {"to": "officers", "body": "Hello officers"})
    assert told == [officer.email]


def test_a_double_click_with_the_same_attachment_sends_it_once(client, case):
    writer = OrganisationContactFactory(organisation=case.respondent).user
    officer = CompactOfficerFactory(compact=case.compact).user
    letter = ("letter.pdf", b"%PDF-1.4 our letter")
    responses, told = _send_twice(
        client, case, writer, {"to": "everyone", "body": "Our letter", "attachment": letter}
    )
    assert [r.status_code for r in responses] == [302, 302]
    assert case.messages.count() == 1
    assert told.count(officer.email) == 1


def test_the_same_text_with_another_attachment_is_a_second_message(client, case):
    writer = OrganisationContactFactory(organisation=case.respondent).user
    client.force_login(writer)
    url = f"/cases/{case.reference}/messages/"
    for content in (b"%PDF-1.4 first letter", b"%PDF-1.4 second letter"):
        letter = SimpleUploadedFile("letter.pdf", content, content_type="application/pdf")
        client.post(url, {"to": "everyone", "body": "Our letter", "attachment": letter})
    assert case.messages.count() == 2


def test_the_same_text_again_after_a_while_is_a_new_message(client, case):
    from datetime import timedelta

    from django.utils import timezone

    writer = OrganisationContactFactory(organisation=case.complainant).user
    first = services.send_message(case, by=writer, to="officers", body="Any news?")
    type(first).objects.filter(pk=first.pk).update(sent_at=timezone.now() - timedelta(minutes=10))
    services.send_message(case, by=writer, to="officers", body="Any news?")
    assert case.messages.count() == 2


def test_a_double_click_on_raise_a_concern_logs_one_case(client, herefordshire):
    from signatories.tests.factories import on_the_list

    contact = OrganisationContactFactory()
    on_the_list(contact.organisation, herefordshire)
    council = on_the_list(OrganisationFactory(public=True), herefordshire)
    commitment = herefordshire.commitments.filter(theme="resolution").first()
    client.force_login(contact.user)
    concern = {
        "compact": herefordshire.pk,
        "complainant": contact.organisation.pk,
        "respondent": council.pk,
        "commitment": commitment.pk,
        "what_happened": "They ended our funding without notice.",
        "outcome_sought": "Three months' notice.",
        "first_raised_on_0": "2",
        "first_raised_on_1": "1",
        "first_raised_on_2": "2026",
        "first_raised_how": "Letter",
        "contact_name": "Jo",
        "contact_email": "jo@example.org",
    }
    pages = [client.post("/cases/raise/", concern) for _ in range(2)]
    assert [p.status_code for p in pages] == [200, 200], pages[0].content.decode()[:3000]
    assert Case.objects.filter(complainant=contact.organisation).count() == 1
    reference = Case.objects.get(complainant=contact.organisation).reference
    assert reference in pages[1].content.decode()


def test_a_second_click_on_add_an_internal_note_adds_it_once(client, officer, case):
    url = f"/admin/disputes/case/{case.pk}/note/"
    responses = [client.post(url, {"text": "Chase the council"}) for _ in range(2)]
    assert [r.status_code for r in responses] == [302, 302]
    assert case.internal_notes.count() == 1
