"""Who may see and change an agreement: both organisations' contacts see it; the funder's
contacts and the Compact's officers change it; nobody else sees it, in the site or the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from funding import access
from funding.models import FundingNotice
from funding.tests.factories import AgreementFactory
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    SignatureFactory,
    on_the_list,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(herefordshire):
    agreement = AgreementFactory(compact=herefordshire)
    on_the_list(agreement.funder, herefordshire)  # its contacts act for it there
    return agreement


def contact_of(organisation):
    return OrganisationContactFactory(organisation=organisation).user


def notice_about(agreement):
    return FundingNotice.objects.create(
        agreement=agreement,
        kind=FundingNotice.Kind.END,
        issued_on=agreement.start_date,
        effective_on=agreement.end_date,
        reasons="The budget was cut.",
        equality_impact_assessment=FundingNotice.Check.DONE,
        impact_assessment=FundingNotice.Check.DONE,
        improvement_plan=FundingNotice.Check.NOT_RELEVANT,
    )


def test_anonymous_sees_no_agreement(agreement):
    assert not access.visible_to(AnonymousUser()).exists()


def test_anonymous_may_not_view_or_change(agreement):
    visitor = AnonymousUser()
    assert not access.may_view(visitor, agreement)
    assert not access.may_change(visitor, agreement)


def test_anonymous_may_not_record():
    assert not access.may_record(AnonymousUser())


def test_funder_contact_sees_and_changes(agreement):
    funder = contact_of(agreement.funder)
    assert list(access.visible_to(funder)) == [agreement]
    assert access.may_view(funder, agreement)
    assert access.may_change(funder, agreement)


def test_recipient_contact_sees_but_does_not_change(agreement):
    recipient = contact_of(agreement.recipient)
    assert list(access.visible_to(recipient)) == [agreement]
    assert access.may_view(recipient, agreement)
    assert not access.may_change(recipient, agreement)


def test_contact_of_another_organisation_sees_nothing(agreement):
    stranger = contact_of(OrganisationFactory())
    assert not access.visible_to(stranger).exists()
    assert not access.may_view(stranger, agreement)
    assert not access.may_change(stranger, agreement)


def test_contact_of_another_public_body_may_record_but_not_change_this_one(
    agreement, herefordshire
):
    other_council = contact_of(on_the_list(OrganisationFactory(public=True), herefordshire))
    assert access.may_record(other_council)
    assert not access.may_change(other_council, agreement)


def test_voluntary_sector_contact_may_not_record(agreement):
    assert not access.may_record(contact_of(agreement.recipient))


def test_compact_officer_sees_and_changes(agreement, herefordshire):
    officer = CompactOfficerFactory(compact=herefordshire).user
    assert list(access.visible_to(officer)) == [agreement]
    assert access.may_change(officer, agreement)
    assert access.may_record(officer)


def test_officer_of_another_compact_sees_nothing(agreement, hertfordshire):
    officer = CompactOfficerFactory(compact=hertfordshire).user
    assert not access.visible_to(officer).exists()
    assert not access.may_view(officer, agreement)
    assert not access.may_change(officer, agreement)


def test_funder_contact_acts_for_the_funder_only_where_it_is_approved(
    agreement, herefordshire, hertfordshire
):
    funder = contact_of(agreement.funder)
    assert access.may_act_for(funder, agreement.funder, herefordshire)
    assert not access.may_act_for(funder, agreement.funder, hertfordshire)


def test_a_public_body_waiting_for_approval_records_nothing(herefordshire):
    pending = SignatureFactory(compact=herefordshire, organisation=OrganisationFactory(public=True))
    its_contact = contact_of(pending.organisation)
    assert not access.may_record(its_contact)
    assert not access.may_act_for(its_contact, pending.organisation, herefordshire)


def test_officer_acts_for_a_funder_only_in_their_compact(agreement, herefordshire, hertfordshire):
    officer = CompactOfficerFactory(compact=herefordshire).user
    assert access.may_act_for(officer, agreement.funder, herefordshire)
    assert not access.may_act_for(officer, agreement.funder, hertfordshire)


def test_notices_are_seen_by_whoever_sees_the_agreement(agreement):
    notice = notice_about(agreement)
    assert list(access.notices_visible_to(contact_of(agreement.recipient))) == [notice]
    assert not access.notices_visible_to(contact_of(OrganisationFactory())).exists()


def test_agreement_seen_once_by_a_contact_of_both_sides(agreement):
    both = contact_of(agreement.funder)
    OrganisationContactFactory(user=both, organisation=agreement.recipient)
    assert list(access.visible_to(both)) == [agreement]


def test_officer_views_own_compact_in_the_admin(agreement, herefordshire):
    assert access.may_view_in_admin(CompactOfficerFactory(compact=herefordshire).user, agreement)


def test_officer_of_another_compact_may_not_view_in_the_admin(agreement, hertfordshire):
    officer = CompactOfficerFactory(compact=hertfordshire).user
    assert not access.may_view_in_admin(officer, agreement)


def test_funder_contact_may_not_view_in_the_admin(agreement):
    assert not access.may_view_in_admin(contact_of(agreement.funder), agreement)


def test_officers_edit_their_own_compacts_agreements_in_the_admin(agreement, hertfordshire):
    assert access.may_change_in_admin(
        CompactOfficerFactory(compact=agreement.compact).user, agreement
    )
    assert not access.may_change_in_admin(
        CompactOfficerFactory(compact=hertfordshire).user, agreement
    )
    assert not access.may_change_in_admin(contact_of(agreement.funder), agreement)


def test_any_compact_officer_may_open_the_funding_admin(hertfordshire):
    assert access.may_view_in_admin(CompactOfficerFactory(compact=hertfordshire).user)


def test_a_contact_may_not_open_the_funding_admin(agreement):
    assert not access.may_view_in_admin(contact_of(agreement.funder))
