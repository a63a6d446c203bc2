"""Every change to a signature goes through one service, is checked and is in its history."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from signatories import services
from signatories.models import Signature
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    SignatureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(herefordshire):
    return CompactOfficerFactory(compact=herefordshire).user


@pytest.fixture
def pending(herefordshire):
    return SignatureFactory(compact=herefordshire)


def last_history(signature):
    return signature.history.order_by("-history_date", "-history_id").first()


def test_an_officer_approves_a_sign_up_and_it_is_published(
    officer, pending, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signature = services.approve_signature(pending, by=officer)
    assert signature.state == Signature.State.APPROVED
    assert signature.signed_on is not None
    entry = last_history(signature)
    assert entry.history_user == officer and entry.history_change_reason == "Approved"
    assert "is on the Herefordshire Compact list" in mail.outbox[0].subject


def test_an_officer_of_another_compact_cannot_approve(pending, hertfordshire):
    stranger = CompactOfficerFactory(compact=hertfordshire).user
    with pytest.raises(PermissionDenied):
        services.approve_signature(pending, by=stranger)
    pending.refresh_from_db()
    assert pending.state == Signature.State.PENDING


def test_a_rejection_needs_a_reason_and_records_it(officer, pending):
    with pytest.raises(ValidationError, match="reason"):
        services.reject_signature(pending, by=officer, reason="  ")
    signature = services.reject_signature(pending, by=officer, reason="Not based in Herefordshire")
    assert signature.state == Signature.State.REJECTED
    assert signature.rejection_reason == "Not based in Herefordshire"
    assert last_history(signature).history_change_reason == "Rejected: Not based in Herefordshire"


def test_a_rejected_sign_up_cannot_then_be_approved(officer, pending):
    services.reject_signature(pending, by=officer, reason="Duplicate")
    with pytest.raises(ValidationError, match="cannot change that way"):
        services.approve_signature(pending, by=officer)


def test_the_organisation_withdraws_and_only_its_contacts_may(pending):
    contact = OrganisationContactFactory(organisation=pending.organisation).user
    with pytest.raises(PermissionDenied):
        services.withdraw_signature(pending, by=UserFactory())
    signature = services.withdraw_signature(pending, by=contact)
    assert signature.state == Signature.State.WITHDRAWN
    assert last_history(signature).history_user == contact


def test_a_review_invites_signatories_and_sets_the_recommit_date(
    officer, herefordshire, django_capture_on_commit_callbacks
):
    published = SignatureFactory(compact=herefordshire, approved=True, signed_on=date(2025, 6, 1))
    with django_capture_on_commit_callbacks(execute=True):
        review = services.record_review(
            compact=herefordshire,
            by=officer,
            reviewed_on=date(2026, 11, 1),
            summary="Annual review",
        )
    assert review.recommit_by == date(2026, 11, 1) + timedelta(
        weeks=herefordshire.recommit_within_weeks
    )
    published.refresh_from_db()
    assert published.recommit_due == review.recommit_by
    herefordshire.refresh_from_db()
    assert herefordshire.reviewed_on == date(2026, 11, 1)
    assert "please re-commit" in mail.outbox[0].subject


def test_a_compact_without_a_recommit_period_never_lapses(hertfordshire):
    officer = CompactOfficerFactory(compact=hertfordshire).user
    published = SignatureFactory(compact=hertfordshire, approved=True)
    review = services.record_review(
        compact=hertfordshire, by=officer, reviewed_on=date(2026, 11, 1), summary="x"
    )
    assert review.recommit_by is None
    assert services.lapse_overdue_signatures(date(2030, 1, 1)) == 0
    published.refresh_from_db()
    assert published.state == Signature.State.APPROVED


def test_a_signature_lapses_the_day_after_its_recommit_date(herefordshire):
    due = date(2027, 1, 24)
    signature = SignatureFactory(compact=herefordshire, approved=True, recommit_due=due)
    assert services.lapse_overdue_signatures(due) == 0
    assert services.lapse_overdue_signatures(due + timedelta(days=1)) == 1
    signature.refresh_from_db()
    assert signature.state == Signature.State.LAPSED
    assert "not re-committed" in last_history(signature).history_change_reason


def test_recommitting_clears_the_due_date(herefordshire):
    signature = SignatureFactory(
        compact=herefordshire, approved=True, recommit_due=date(2027, 1, 24)
    )
    contact = OrganisationContactFactory(organisation=signature.organisation).user
    with time_machine.travel(date(2027, 1, 20)):
        services.recommit_signature(signature, by=contact)
    signature.refresh_from_db()
    assert signature.recommitted_on == date(2027, 1, 20)
    assert signature.recommit_due is None
    assert services.lapse_overdue_signatures(date(2027, 2, 1)) == 0


def test_the_lapse_task(herefordshire):
    from signatories.tasks import lapse_overdue_signatures

    SignatureFactory(compact=herefordshire, approved=True, recommit_due=date(2027, 1, 24))
    assert lapse_overdue_signatures.apply(kwargs={"today": "2027-01-24"}).get() == 0
    assert lapse_overdue_signatures.apply(kwargs={"today": "2027-01-25"}).get() == 1


def test_editing_the_name_goes_to_an_officer_other_details_apply_at_once(officer, pending):
    organisation = pending.organisation
    contact = OrganisationContactFactory(organisation=organisation).user
    request = services.update_organisation(
        organisation=organisation, by=contact, data={"name": "New Name", "area": "Leominster"}
    )
    organisation.refresh_from_db()
    assert organisation.area == "Leominster"
    assert organisation.name != "New Name"
    assert request.changes == {"name": "New Name"}
    services.approve_change_request(request, by=officer)
    organisation.refresh_from_db()
    assert organisation.name == "New Name"


def test_a_contact_cannot_edit_another_organisation(pending):
    other = OrganisationContactFactory().user
    with pytest.raises(PermissionDenied):
        services.update_organisation(
            organisation=pending.organisation, by=other, data={"area": "X"}
        )


def test_the_last_contact_cannot_be_removed(pending):
    link = OrganisationContactFactory(organisation=pending.organisation)
    with pytest.raises(ValidationError, match="at least one contact"):
        services.remove_contact(contact=link, by=link.user)
    second = UserFactory(email="second@example.org")
    invitation = services.invite_contact(
        pending.organisation, "SECOND@example.org", invited_by=link.user, role="Treasurer"
    )
    services.accept_invitation(token=services.invitation_token(invitation), by=second)
    services.remove_contact(contact=link, by=second)
    assert list(pending.organisation.contacts.values_list("user__email", flat=True)) == [
        "second@example.org"
    ]


def test_a_member_declares_a_link_and_it_is_in_history(herefordshire):
    from signatories.tests.factories import OrganisationFactory, ReferenceGroupMemberFactory

    member = ReferenceGroupMemberFactory(compact=herefordshire)
    organisation = OrganisationFactory()
    link = services.declare_link(
        member=member, organisation=organisation, description="Trustee", by=member.user
    )
    assert link.history.first().history_user == member.user
    with pytest.raises(ValidationError, match="already declared"):
        services.declare_link(
            member=member, organisation=organisation, description="Again", by=member.user
        )
    with pytest.raises(PermissionDenied):
        services.declare_link(
            member=member, organisation=OrganisationFactory(), description="x", by=UserFactory()
        )
