"""A concern moves through the procedure: each move a service, checked, and in history."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from disputes import services
from disputes.models import Case
from disputes.tests.factories import CaseFactory, confirmed_panel
from signatories.tests.factories import (
    CompactOfficerFactory,
    DeclaredLinkFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    ReferenceGroupMemberFactory,
    UserFactory,
    on_the_list,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(herefordshire):
    return CompactOfficerFactory(compact=herefordshire).user


def reasons(case):
    return [h.history_change_reason for h in case.history.order_by("history_date", "history_id")]


def test_a_contact_raises_a_concern_and_gets_a_reference(
    herefordshire, django_capture_on_commit_callbacks
):
    contact = OrganisationContactFactory()
    on_the_list(contact.organisation, herefordshire)
    respondent = on_the_list(OrganisationFactory(public=True), herefordshire)
    with django_capture_on_commit_callbacks(execute=True):
        case = services.raise_concern(
            by=contact.user,
            compact=herefordshire,
            complainant=contact.organisation,
            respondent=respondent,
            commitment=herefordshire.commitments.get(clause="FP-5"),
            what_happened="Grant ended",
            outcome_sought="Talk",
            first_raised_on=date(2026, 1, 2),
            first_raised_how="Letter",
            contact_name="Jo",
            contact_email="jo@example.org",
            today=date(2026, 1, 5),
        )
    assert case.stage == "informal" and case.state == "open"
    assert case.target_date == date(2026, 2, 16)  # six weeks = 42 days
    assert case.reference in mail.outbox[0].body


def test_a_contact_cannot_raise_for_another_organisation(herefordshire):
    with pytest.raises(PermissionDenied):
        services.raise_concern(
            by=UserFactory(),
            compact=herefordshire,
            complainant=OrganisationFactory(),
            respondent=OrganisationFactory(),
            commitment=herefordshire.commitments.first(),
            what_happened="x",
            outcome_sought="x",
            first_raised_on=date(2026, 1, 1),
            first_raised_how="x",
            contact_name="x",
            contact_email="x@example.org",
        )


def test_stages_follow_the_compacts_procedure_and_are_recorded(officer, herefordshire):
    case = CaseFactory(compact=herefordshire)
    confirmed_panel(case, officer=officer)
    services.move_to_next_stage(
        case, by=officer, reason="Informal talks failed", today=date(2026, 1, 20)
    )
    case.refresh_from_db()
    assert (case.stage, case.formal_started_on) == ("formal", date(2026, 1, 20))
    services.move_to_next_stage(
        case, by=officer, reason="Panel could not agree", today=date(2026, 2, 10)
    )
    case.refresh_from_db()
    assert (case.stage, case.left_formal_on) == ("additional", date(2026, 2, 10))
    with pytest.raises(ValidationError, match="no stage after"):
        services.move_to_next_stage(case, by=officer, reason="x")
    services.resolve(
        case, by=officer, outcome="Mediated agreement", lesson="Talk early", today=date(2026, 3, 1)
    )
    case.refresh_from_db()
    assert case.state == "resolved" and case.closed_at_stage == "additional"
    assert reasons(case)[-3:] == [
        "Moved to formal (panel): Informal talks failed",
        "Moved to additional support (mediation): Panel could not agree",
        "Resolved: Mediated agreement",
    ]


def test_chelmsford_goes_from_informal_to_mediation(chelmsford):
    officer = CompactOfficerFactory(compact=chelmsford).user
    case = CaseFactory(compact=chelmsford)
    services.move_to_next_stage(
        case,
        by=officer,
        reason="Needs a mediator",
        mediator_name="Sam Mediator",
        mediator_organisation="Essex Compact mediation panel",
        referred_to_mediator_on=date(2026, 1, 10),
        today=date(2026, 1, 12),
    )
    case.refresh_from_db()
    assert case.stage == "mediation" and case.target_date is None
    assert (case.mediator_name, case.referred_to_mediator_on) == (
        "Sam Mediator",
        date(2026, 1, 10),
    )


def test_invalid_moves_are_refused(officer, herefordshire):
    case = CaseFactory(compact=herefordshire)
    services.resolve(case, by=officer, outcome="Sorted")
    with pytest.raises(ValidationError, match="cannot change"):
        services.move_to_next_stage(case, by=officer, reason="Back to formal")
    with pytest.raises(ValidationError):
        services.withdraw(case, by=officer, reason="x")


def test_either_party_can_withdraw_at_any_stage(herefordshire):
    case = CaseFactory(compact=herefordshire)
    respondent_contact = OrganisationContactFactory(organisation=case.respondent).user
    services.withdraw(case, by=respondent_contact, reason="Going to court")
    case.refresh_from_db()
    assert case.state == "withdrawn"
    assert "Withdrawn by respondent" in reasons(case)[-1]


def test_closing_unresolved_notes_the_referral(officer, herefordshire):
    case = CaseFactory(compact=herefordshire)
    with pytest.raises(ValidationError, match="referred"):
        services.close_unresolved(case, by=officer, referred_to="")
    services.close_unresolved(case, by=officer, referred_to="Essex Compact mediation panel")
    case.refresh_from_db()
    assert case.state == "closed_unresolved" and case.referred_to == "Essex Compact mediation panel"


def test_an_officer_of_another_compact_cannot_move_a_case(herefordshire, hertfordshire):
    case = CaseFactory(compact=herefordshire)
    with pytest.raises(PermissionDenied):
        services.move_to_next_stage(
            case, by=CompactOfficerFactory(compact=hertfordshire).user, reason="x"
        )


def panel_of(compact, *sectors_and_orgs):
    return [
        ReferenceGroupMemberFactory(compact=compact, organisation=org) for org in sectors_and_orgs
    ]


def test_a_conflict_free_cross_sector_panel_is_saved(officer, herefordshire):
    case = CaseFactory(compact=herefordshire)
    members = panel_of(
        herefordshire,
        OrganisationFactory(public=True),
        OrganisationFactory(),
        OrganisationFactory(private=True),
    )
    seats = services.propose_panel(case, by=officer, members=members)
    assert len(seats) == 3
    assert "Panel proposed" in reasons(case)[-1]
    services.confirm_no_conflict(seats[0], by=members[0].user)
    seats[0].refresh_from_db()
    assert seats[0].confirmed_no_conflict_at is not None


@pytest.mark.parametrize("problem", ["party", "link", "sector", "size"])
def test_panels_with_a_problem_cannot_be_saved(officer, herefordshire, problem):
    case = CaseFactory(compact=herefordshire)
    orgs = [
        OrganisationFactory(public=True),
        OrganisationFactory(),
        OrganisationFactory(private=True),
    ]
    if problem == "party":
        orgs[1] = case.complainant
    if problem == "sector":
        orgs = [OrganisationFactory() for _ in range(3)]
    if problem == "size":
        orgs = orgs[:2]
    members = panel_of(herefordshire, *orgs)
    if problem == "link":
        DeclaredLinkFactory(member=members[0], organisation=case.respondent)
    words = {
        "party": "comes from one of the organisations",
        "link": "declared a link",
        "sector": "at least two sectors",
        "size": "wrong number of members",
    }
    with pytest.raises(ValidationError, match=words[problem]):
        services.propose_panel(case, by=officer, members=members)
    assert not case.panel.exists()


def test_a_written_reply_dates_the_message_it_answers(officer, herefordshire):
    case = CaseFactory(compact=herefordshire)
    letter = services.send_message(
        case, by=officer, to="respondent", body="Please reply", today=date(2026, 1, 6)
    )
    respondent = OrganisationContactFactory(organisation=case.respondent).user
    services.send_message(
        case,
        by=respondent,
        to="officers",
        body="Our reply",
        reply_to=letter,
        today=date(2026, 1, 20),
    )
    letter.refresh_from_db()
    assert letter.replied_on == date(2026, 1, 20)
    with pytest.raises(PermissionDenied):
        services.send_message(case, by=UserFactory(), to="officers", body="Nosy")


def test_panel_meetings_are_recorded_by_officers_and_panel_only(officer, herefordshire):
    case = CaseFactory(compact=herefordshire)
    services.record_meeting(
        case, by=officer, held_on=date(2026, 1, 25), attendees="All", notes="Notes"
    )
    with pytest.raises(PermissionDenied):
        services.record_meeting(
            case,
            by=OrganisationContactFactory(organisation=case.complainant).user,
            held_on=date(2026, 1, 25),
            attendees="x",
            notes="x",
        )
    assert Case.objects.get(pk=case.pk).meetings.count() == 1


def test_a_party_cannot_write_straight_to_the_other_party(herefordshire):
    case = CaseFactory(compact=herefordshire)
    complainant = OrganisationContactFactory(organisation=case.complainant).user
    with pytest.raises(PermissionDenied):
        services.send_message(case, by=complainant, to="respondent", body="Hello directly")
    assert not case.messages.exists()
