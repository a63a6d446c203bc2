"""Who may see and change a case: its Compact's officers, its panel and its two parties only."""

import pytest
from django.contrib.auth.models import AnonymousUser

from disputes import access
from disputes.models import Case, Message, PanelMember
from disputes.tests.factories import CaseFactory
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    ReferenceGroupMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(herefordshire):
    return CaseFactory(compact=herefordshire)


@pytest.fixture
def officer(herefordshire):
    return CompactOfficerFactory(compact=herefordshire).user


@pytest.fixture
def complainant(case):
    return OrganisationContactFactory(organisation=case.complainant).user


@pytest.fixture
def respondent(case):
    return OrganisationContactFactory(organisation=case.respondent).user


@pytest.fixture
def seat(case):
    """A seat on the panel: the member has confirmed they have no conflict (an invited member
    who has not is no part of it yet: test_panel_member_states)."""
    from django.utils import timezone

    member = ReferenceGroupMemberFactory(compact=case.compact)
    return PanelMember.objects.create(
        case=case, member=member, confirmed_no_conflict_at=timezone.now()
    )


@pytest.fixture
def other_officer(hertfordshire):
    return CompactOfficerFactory(compact=hertfordshire).user


@pytest.fixture
def stranger_contact():
    return OrganisationContactFactory().user


@pytest.fixture
def panel_member_of_another_case(herefordshire):
    other = CaseFactory(compact=herefordshire)
    member = ReferenceGroupMemberFactory(compact=herefordshire)
    PanelMember.objects.create(case=other, member=member)
    return member.user


OUTSIDERS = ["anonymous", "stranger_contact", "other_officer", "panel_member_of_another_case"]


@pytest.fixture
def outsider(request):
    if request.param == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
def test_an_outsider_does_not_see_the_case_in_their_list(case, outsider):
    assert case not in access.visible_to(outsider)


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
def test_an_outsider_may_not_view_the_case(case, outsider):
    assert not access.may_view(outsider, case)


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
def test_an_outsider_may_not_change_the_case(case, outsider):
    assert not access.may_change(outsider, case)


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
def test_an_outsider_may_not_withdraw_the_case(case, outsider):
    assert not access.may_withdraw(outsider, case)


@pytest.mark.parametrize("outsider", OUTSIDERS, indirect=True)
def test_an_outsider_may_not_record_a_panel_meeting(case, outsider):
    assert not access.may_record_meeting(outsider, case)


@pytest.mark.parametrize("person", ["officer", "complainant", "respondent", "seat"])
def test_each_part_in_the_case_sees_it_in_their_list_and_may_view_it(case, person, request):
    user = request.getfixturevalue(person)
    user = user.member.user if isinstance(user, PanelMember) else user
    assert list(access.visible_to(user)) == [case]
    assert access.may_view(user, case)


def test_only_the_compacts_officers_may_change_the_case(case, officer, complainant, seat):
    assert access.may_change(officer, case)
    assert not access.may_change(complainant, case)
    assert not access.may_change(seat.member.user, case)


def test_a_superuser_runs_every_case(case):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    assert access.may_change(superuser, case)
    assert list(access.run_by(superuser, Case.objects.all())) == [case]


def test_an_officer_runs_only_the_cases_of_their_compact(case, officer, other_officer):
    assert list(access.run_by(officer, Case.objects.all())) == [case]
    assert not access.run_by(other_officer, Case.objects.all()).exists()


def test_the_admin_case_list_is_for_officers_only(officer, complainant):
    assert access.may_run_cases(officer)
    assert not access.may_run_cases(complainant)
    assert not access.may_run_cases(AnonymousUser())


def test_either_party_and_the_officers_may_withdraw_but_not_the_panel(
    case, officer, complainant, respondent, seat
):
    assert access.may_withdraw(complainant, case)
    assert access.may_withdraw(respondent, case)
    assert access.may_withdraw(officer, case)
    assert not access.may_withdraw(seat.member.user, case)


def test_officers_and_the_panel_record_meetings_but_not_the_parties(
    case, officer, complainant, seat
):
    assert access.may_record_meeting(officer, case)
    assert access.may_record_meeting(seat.member.user, case)
    assert not access.may_record_meeting(complainant, case)


def test_only_the_member_in_the_seat_confirms_no_conflict(
    seat, officer, panel_member_of_another_case
):
    assert access.may_confirm_no_conflict(seat.member.user, seat)
    assert not access.may_confirm_no_conflict(officer, seat)
    assert not access.may_confirm_no_conflict(panel_member_of_another_case, seat)
    assert not access.may_confirm_no_conflict(AnonymousUser(), seat)


def test_only_contacts_may_raise_a_concern_and_only_for_their_organisation(
    case, complainant, officer
):
    assert access.may_raise_concern(complainant)
    assert access.may_raise_for(complainant, case.complainant)
    assert not access.may_raise_for(complainant, case.respondent)
    assert not access.may_raise_concern(officer)
    assert not access.may_raise_concern(AnonymousUser())


def test_a_party_writes_to_everyone_or_the_officers_never_to_the_other_party_alone(
    case, complainant
):
    roles = access.roles_on(complainant, case)
    assert access.addressees(roles) == [Message.Party.EVERYONE, Message.Party.OFFICERS]


def test_officers_and_the_panel_write_to_anyone(case, officer, seat):
    for user in (officer, seat.member.user):
        assert access.addressees(access.roles_on(user, case)) == list(Message.Party)


def test_the_panel_sees_the_confidential_parts_and_the_parties_do_not(case, seat, complainant):
    assert access.sees_confidential(access.roles_on(seat.member.user, case))
    assert not access.sees_confidential(access.roles_on(complainant, case))


def test_the_superuser_sees_every_case_without_a_join_or_a_list_of_compacts(
    herefordshire, hertfordshire, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from signatories.tests.factories import UserFactory

    from .factories import CaseFactory

    cases = {CaseFactory(compact=herefordshire), CaseFactory(compact=hertfordshire)}
    superuser = UserFactory(is_staff=True, is_superuser=True)
    with CaptureQueriesContext(connection) as captured:
        assert set(access.visible_to(superuser)) == cases
    listed = [q["sql"] for q in captured.captured_queries if 'FROM "disputes_case"' in q["sql"]]
    assert listed and not any('JOIN "disputes_panelmember"' in sql for sql in listed), listed
    assert not any('"compact_id" IN' in sql for sql in listed), listed
