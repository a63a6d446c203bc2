"""Who may see and act for organisations, signatures, reviews and change requests."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from signatories import access
from signatories.models import CompactReview, OrganisationChangeRequest, Signature
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    ReferenceGroupMemberFactory,
    SignatureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signature(herefordshire):
    return SignatureFactory(compact=herefordshire)


@pytest.fixture
def contact(signature):
    return OrganisationContactFactory(organisation=signature.organisation).user


@pytest.fixture
def officer(herefordshire):
    return CompactOfficerFactory(compact=herefordshire).user


@pytest.fixture
def other_officer(hertfordshire):
    return CompactOfficerFactory(compact=hertfordshire).user


@pytest.fixture
def stranger():
    """A contact of another organisation."""
    return OrganisationContactFactory().user


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def change_request(organisation):
    return OrganisationChangeRequest.objects.create(
        organisation=organisation, changes={"name": "New name"}
    )


def review(compact):
    return CompactReview.objects.create(compact=compact, reviewed_on="2026-01-01", summary="Done")


# Organisations


def test_a_contact_acts_for_their_organisation(contact, signature):
    assert access.may_act_for(contact, signature.organisation)


def test_a_contact_of_another_organisation_does_not_act_for_it(stranger, signature):
    assert not access.may_act_for(stranger, signature.organisation)


def test_an_officer_of_its_compact_does_not_act_for_an_organisation(officer, signature):
    assert not access.may_act_for(officer, signature.organisation)


def test_an_anonymous_visitor_acts_for_nobody(signature):
    assert not access.may_act_for(AnonymousUser(), signature.organisation)


def test_the_organisations_a_person_acts_for_are_their_own(contact, stranger, signature):
    assert list(access.organisations_acting_for(contact)) == [signature.organisation]
    assert signature.organisation not in access.organisations_acting_for(stranger)
    assert not access.organisations_acting_for(AnonymousUser()).exists()


@pytest.mark.parametrize("state", [Signature.State.PENDING, Signature.State.REJECTED])
def test_a_never_approved_organisation_has_no_public_page(client, herefordshire, state):
    never = SignatureFactory(compact=herefordshire, state=state, pledges="A private pledge")
    assert never.organisation not in access.public_organisations()
    assert client.get(never.organisation.get_absolute_url()).status_code == 404


def test_its_own_contact_and_the_compacts_officer_still_open_its_page(
    client, herefordshire, officer
):
    pending = SignatureFactory(compact=herefordshire)
    for person in (OrganisationContactFactory(organisation=pending.organisation).user, officer):
        client.force_login(person)
        assert client.get(pending.organisation.get_absolute_url()).status_code == 200


def test_an_organisation_published_once_keeps_its_page_after_it_withdraws(client, herefordshire):
    withdrawn = SignatureFactory(compact=herefordshire, approved=True)
    withdrawn.state = Signature.State.WITHDRAWN
    withdrawn.save()
    page = client.get(withdrawn.organisation.get_absolute_url())
    assert page.status_code == 200
    assert "not on any Compact's published list" in page.content.decode()


def test_an_officer_sees_organisations_that_signed_their_compacts(
    officer, other_officer, signature
):
    assert signature.organisation in access.organisations_run_by(officer)
    assert signature.organisation not in access.organisations_run_by(other_officer)


def test_a_contact_sees_no_organisation_in_the_admin(contact):
    assert not access.organisations_run_by(contact).exists()


def test_a_superuser_sees_an_organisation_that_signed_nothing(superuser):
    organisation = OrganisationFactory()
    assert organisation in access.organisations_run_by(superuser)


# Signatures


def test_anyone_signed_in_may_sign_a_new_organisation_up(stranger):
    assert access.may_sign_for(stranger, None)
    assert not access.may_sign_for(AnonymousUser(), None)


def test_only_its_contacts_sign_an_existing_organisation_up(contact, stranger, officer, signature):
    assert access.may_sign_for(contact, signature.organisation)
    assert not access.may_sign_for(stranger, signature.organisation)
    assert not access.may_sign_for(officer, signature.organisation)


def test_an_officer_decides_their_compacts_sign_ups(officer, signature):
    assert access.may_decide(officer, signature)


def test_an_officer_of_another_compact_does_not_decide_a_sign_up(other_officer, signature):
    assert not access.may_decide(other_officer, signature)


def test_the_contact_does_not_decide_their_own_sign_up(contact, signature):
    assert not access.may_decide(contact, signature)


def test_the_contact_and_the_officer_may_withdraw_a_signature(contact, officer, signature):
    assert access.may_withdraw(contact, signature)
    assert access.may_withdraw(officer, signature)


def test_others_may_not_withdraw_a_signature(stranger, other_officer, signature):
    assert not access.may_withdraw(stranger, signature)
    assert not access.may_withdraw(other_officer, signature)
    assert not access.may_withdraw(AnonymousUser(), signature)


def test_only_the_contact_recommits(contact, officer, stranger, signature):
    assert access.may_recommit(contact, signature)
    assert not access.may_recommit(officer, signature)
    assert not access.may_recommit(stranger, signature)


def test_an_officer_sees_only_their_compacts_signatures_in_the_admin(
    officer, other_officer, signature
):
    assert signature in access.signatures_run_by(officer)
    assert signature not in access.signatures_run_by(other_officer)


def test_a_contact_sees_no_signatures_in_the_admin(contact):
    assert not access.signatures_run_by(contact).exists()
    assert not access.signatures_run_by(AnonymousUser()).exists()


# Reviews and change requests


def test_an_officer_records_reviews_of_their_compact_only(
    officer, other_officer, herefordshire, hertfordshire
):
    assert access.may_record_review(officer, herefordshire)
    assert not access.may_record_review(officer, hertfordshire)
    assert not access.may_record_review(other_officer, herefordshire)


def test_an_officer_sees_only_their_compacts_reviews(officer, herefordshire, hertfordshire):
    ours, theirs = review(herefordshire), review(hertfordshire)
    assert list(access.reviews_run_by(officer)) == [ours]
    assert theirs not in access.reviews_run_by(officer)


def test_an_officer_decides_change_requests_of_their_signatories(officer, other_officer, signature):
    request = change_request(signature.organisation)
    assert access.may_decide_change_request(officer, request)
    assert not access.may_decide_change_request(other_officer, request)
    assert request in access.change_requests_run_by(officer)
    assert request not in access.change_requests_run_by(other_officer)


def test_the_contact_does_not_decide_their_own_change_request(contact, signature):
    request = change_request(signature.organisation)
    assert not access.may_decide_change_request(contact, request)
    assert not access.change_requests_run_by(contact).exists()


def test_a_superuser_decides_the_change_of_an_organisation_that_signed_nothing(superuser):
    request = change_request(OrganisationFactory())
    assert access.may_decide_change_request(superuser, request)


# The admin and reference groups


def test_officers_open_the_admin_and_others_do_not(officer, contact):
    assert access.runs_a_compact(officer)
    assert not access.runs_a_compact(contact)
    assert not access.runs_a_compact(AnonymousUser())


def test_only_a_superuser_adds_compacts_organisations_and_officers(officer, superuser):
    for decision in (
        access.may_add_compact,
        access.may_add_organisation_in_admin,
        access.may_appoint_officers,
    ):
        assert decision(superuser) and not decision(officer)


def test_a_compacts_officers_edit_its_commitments(
    officer, other_officer, herefordshire, hertfordshire
):
    assert access.may_edit_commitments(officer, herefordshire)
    assert not access.may_edit_commitments(officer, hertfordshire)
    assert not access.may_edit_commitments(other_officer, herefordshire)


def test_a_member_declares_their_own_links(herefordshire, stranger, other_officer, officer):
    member = ReferenceGroupMemberFactory(compact=herefordshire)
    assert access.may_declare_link(member.user, member)
    assert access.may_declare_link(officer, member)
    assert not access.may_declare_link(stranger, member)
    assert not access.may_declare_link(other_officer, member)


def test_a_person_holds_only_their_active_seats(herefordshire):
    seat = ReferenceGroupMemberFactory(compact=herefordshire)
    ReferenceGroupMemberFactory(compact=herefordshire, user=seat.user, active=False)
    assert list(access.seats_of(seat.user)) == [seat]
    assert not access.seats_of(AnonymousUser()).exists()


def test_a_public_bodys_contact_and_its_compacts_officers_act_for_it(
    officer, other_officer, stranger, herefordshire
):
    council = SignatureFactory(
        compact=herefordshire, organisation=OrganisationFactory(public=True), approved=True
    ).organisation
    its_contact = OrganisationContactFactory(organisation=council).user
    assert list(access.public_bodies_acting_for(its_contact)) == [council]
    assert list(access.public_bodies_acting_for(officer)) == [council]
    assert council not in access.public_bodies_acting_for(other_officer)
    assert council not in access.public_bodies_acting_for(stranger)
    assert list(access.compacts_acting_in(its_contact)) == [herefordshire]
