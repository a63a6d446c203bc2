"""The officer's case page in the admin shows the whole case, in words, with its next steps."""

import re
from datetime import date
from html import unescape

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from disputes import services
from disputes.models import Case, SteeringGroup
from disputes.tests.factories import CaseFactory, confirmed_panel, panel_members
from signatories.tests.factories import (
    CompactOfficerFactory,
    DeclaredLinkFactory,
    OrganisationContactFactory,
    ReferenceGroupMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    html = response.content.decode()
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def officer(client, herefordshire):
    user = CompactOfficerFactory(compact=herefordshire, user__full_name="Olu Officer").user
    client.force_login(user)
    return user


def change_page(client, case):
    return client.get(f"/admin/disputes/case/{case.pk}/change/")


def test_the_case_page_shows_the_panel_with_each_members_answer(client, officer, herefordshire):
    case = CaseFactory(compact=herefordshire)
    members = panel_members(herefordshire)
    services.propose_panel(case, by=officer, members=members)
    services.confirm_no_conflict(case.panel.get(member=members[0]), by=members[0].user)
    services.declare_conflict(
        case.panel.get(member=members[1]), by=members[1].user, conflict="Trustee of the charity"
    )
    page = text_of(change_page(client, case))
    assert f"{members[0].name} {members[0].organisation.name} Public sector" in page
    assert "Confirmed no conflict" in page
    assert "Declared a conflict: to be replaced" in page and "Trustee of the charity" in page
    assert "Invited, not answered yet" in page


def test_the_case_page_shows_correspondence_with_attachments_meetings_and_emails(
    client, officer, herefordshire, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    case = CaseFactory(compact=herefordshire)
    contact = OrganisationContactFactory(organisation=case.respondent).user
    message = services.send_message(
        case,
        by=contact,
        to="everyone",
        body="Our reply in writing",
        attachment=SimpleUploadedFile("reply.txt", b"We disagree."),
    )
    services.record_meeting(
        case, by=officer, held_on=date(2026, 2, 3), place="Plough Lane", attendees="All"
    )
    response = change_page(client, case)
    page = text_of(response)
    assert "Our reply in writing" in page and "Plough Lane" in page
    assert f"/cases/{case.reference}/attachments/{message.pk}/" in response.content.decode()
    assert "A panel meeting is arranged" in page  # the emails about the case
    assert client.get(f"/cases/{case.reference}/attachments/{message.pk}/").status_code == 200


def test_raised_by_is_a_name_not_a_link_to_a_page_the_officer_cannot_open(
    client, officer, herefordshire
):
    raiser = UserFactory(full_name="Rita Raiser")
    case = CaseFactory(compact=herefordshire, raised_by=raiser)
    html = change_page(client, case).content.decode()
    assert "Rita Raiser" in html
    assert f"/admin/accounts/user/{raiser.pk}/" not in html


@time_machine.travel(date(2026, 3, 1))
def test_days_left_are_counted_only_while_the_target_runs(client, officer, herefordshire):
    running = CaseFactory(
        compact=herefordshire, stage="formal", initial_contact_on=date(2026, 2, 1)
    )
    past_it = CaseFactory(
        compact=herefordshire, stage="additional", initial_contact_on=date(2026, 1, 5)
    )
    listing = client.get("/admin/disputes/case/").content.decode()
    assert re.search(rf"{running.reference}.*?field-days_left\">14<", listing, re.S)
    assert re.search(rf"{past_it.reference}.*?field-days_left\">–<", listing, re.S)
    assert "-38" not in listing and "−" not in listing


def test_deadlines_name_the_clause_that_sets_them(client, officer, herefordshire):
    case = CaseFactory(compact=herefordshire, initial_contact_on=date(2026, 1, 5))
    page = text_of(change_page(client, case))
    assert "16 February 2026, 6 weeks from initial contact" in page
    assert herefordshire.clause_for("formal_stage_weeks") in page


def test_the_admin_shows_stages_in_words_never_codes(client, compacts):
    chelmsford = compacts["chelmsford"]
    case = CaseFactory(compact=chelmsford, stage="steering_group")
    client.force_login(CompactOfficerFactory(compact=chelmsford).user)
    services.resolve(
        case, by=CompactOfficerFactory(compact=chelmsford).user, outcome="Agreed in the end"
    )
    page = change_page(client, case).content.decode()
    assert "Steering group told" in page
    for code in ("steering_group", "closed_unresolved", ">informal<", ">mediation<"):
        assert code not in page


def test_a_chelmsford_case_offers_no_panel_but_records_its_mediator(client, compacts):
    chelmsford = compacts["chelmsford"]
    officer = CompactOfficerFactory(compact=chelmsford).user
    client.force_login(officer)
    case = CaseFactory(compact=chelmsford)
    page = change_page(client, case).content.decode()
    assert "Propose a panel" not in page and "panel meeting" not in page
    assert client.get(f"/admin/disputes/case/{case.pk}/panel/").status_code == 404
    step = client.get(f"/admin/disputes/case/{case.pk}/step/").content.decode()
    assert "Move to the next stage: Mediation" in step and "mediator" in step.lower()
    refused = client.post(
        f"/admin/disputes/case/{case.pk}/step/",
        {"action": "next", "reason": "Talks failed", "stage": "informal"},
    )
    assert (
        refused.status_code == 400 and "Name the independent mediator" in refused.content.decode()
    )
    client.post(
        f"/admin/disputes/case/{case.pk}/step/",
        {
            "action": "next",
            "reason": "Talks failed",
            "stage": "informal",
            "mediator_name": "Sam Mediator",
            "mediator_organisation": "Essex Compact mediation panel",
            "referred_to_mediator_on": "2026-01-10",
        },
    )
    case.refresh_from_db()
    assert (
        case.stage == "mediation" and case.mediator_organisation == "Essex Compact mediation panel"
    )
    page = text_of(change_page(client, case))
    assert "Sam Mediator, Essex Compact mediation panel, referred 10 January 2026" in page
    assert "Steering group's contact: not set" in page
    SteeringGroup.objects.create(compact=chelmsford, name="Steering Group", email="sg@cvs.example")
    assert "Steering group told: Steering Group" in text_of(change_page(client, case))


@pytest.mark.parametrize(
    "slug, offered",
    [
        ("herefordshire", ["Formal (panel)", "Additional support (mediation)"]),
        ("hertfordshire", ["Formal (panel)", "Mediation"]),
        ("chelmsford", ["Mediation", "Steering group told"]),
    ],
)
def test_each_compacts_procedure_offers_only_its_own_stages(client, compacts, slug, offered):
    compact = compacts[slug]
    officer = CompactOfficerFactory(compact=compact).user
    client.force_login(officer)
    case = CaseFactory(compact=compact)
    seen = []
    while True:
        form = client.get(f"/admin/disputes/case/{case.pk}/step/").content.decode()
        move = re.search(r"Move to the next stage: ([^<]+)<", form)
        if not move:
            break
        seen.append(move.group(1))
        if case.stage == "informal" and services.uses_panel(case):
            confirmed_panel(case, officer=officer)
        services.move_to_next_stage(
            case,
            by=officer,
            reason="On",
            mediator_name="Sam Mediator",
            referred_to_mediator_on=date(2026, 1, 10),
        )
        case.refresh_from_db()
    assert seen == offered


def test_a_case_moves_to_formal_only_once_every_member_has_confirmed(officer, herefordshire):
    case = CaseFactory(compact=herefordshire)
    members = panel_members(herefordshire)
    services.propose_panel(case, by=officer, members=members)
    for member in members[:2]:
        services.confirm_no_conflict(case.panel.get(member=member), by=member.user)
    with pytest.raises(Exception, match="Not every member has confirmed"):
        services.move_to_next_stage(case, by=officer, reason="Talks failed")
    services.confirm_no_conflict(case.panel.get(member=members[2]), by=members[2].user)
    services.move_to_next_stage(case, by=officer, reason="Talks failed")
    assert Case.objects.get(pk=case.pk).stage == "formal"


def test_the_panel_picker_flags_party_members_and_declared_links_before_the_choice(
    client, officer, herefordshire
):
    case = CaseFactory(compact=herefordshire)
    ReferenceGroupMemberFactory(
        compact=herefordshire, organisation=case.respondent, name="Pat Party"
    )
    linked = ReferenceGroupMemberFactory(compact=herefordshire, name="Lee Linked")
    DeclaredLinkFactory(member=linked, organisation=case.complainant)
    clear = ReferenceGroupMemberFactory(compact=herefordshire, name="Cleo Clear")
    page = text_of(client.get(f"/admin/disputes/case/{case.pk}/panel/"))
    assert f"Pat Party – {case.respondent.name} (Public sector) ⚠ is from" in page
    assert f"Lee Linked – {linked.organisation.name}" in page
    assert f"⚠ has declared a link with {case.complainant.name}" in page
    cleo = re.search(r"Cleo Clear[^⚠]*?(?=Lee|Pat|$)", page)
    assert cleo and "⚠" not in cleo.group(0)
    assert clear.organisation.get_sector_display() in page


def test_an_officer_names_the_case_owner_among_the_compacts_officers(
    client, officer, herefordshire, hertfordshire
):
    case = CaseFactory(compact=herefordshire)
    colleague = CompactOfficerFactory(compact=herefordshire, user__full_name="Cam Colleague").user
    outsider = CompactOfficerFactory(compact=hertfordshire, user__full_name="Ozzy Outsider").user
    form = client.get(f"/admin/disputes/case/{case.pk}/owner/").content.decode()
    assert "Cam Colleague" in form and "Ozzy Outsider" not in form
    refused = client.post(f"/admin/disputes/case/{case.pk}/owner/", {"owner": outsider.pk})
    assert refused.status_code == 400
    client.post(f"/admin/disputes/case/{case.pk}/owner/", {"owner": colleague.pk})
    case.refresh_from_db()
    assert case.owner == colleague
    assert "Case owner: Cam Colleague" in text_of(change_page(client, case))


def test_internal_notes_are_seen_by_officers_only(client, officer, herefordshire):
    case = CaseFactory(compact=herefordshire)
    client.post(f"/admin/disputes/case/{case.pk}/note/", {"text": "Chase the council on Friday"})
    assert "Chase the council on Friday" in change_page(client, case).content.decode()
    members = confirmed_panel(case, officer=officer)
    for person in (
        OrganisationContactFactory(organisation=case.complainant).user,
        OrganisationContactFactory(organisation=case.respondent).user,
        members[0].user,
    ):
        client.force_login(person)
        page = client.get(case.get_absolute_url())
        assert page.status_code == 200 and "Chase the council" not in page.content.decode()
