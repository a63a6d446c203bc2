"""The admin writes through the same services as the site, or not at all (issue 18)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail

from signatories import services
from signatories.models import DeclaredLink, Organisation, OrganisationContact, Signature
from signatories.tests.admin_forms import post_admin_form
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
def officer(client, herefordshire):
    user = CompactOfficerFactory(compact=herefordshire, user__full_name="Olive Officer").user
    client.force_login(user)
    return user


@pytest.fixture
def superuser(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def _in_scope(herefordshire) -> Organisation:
    """An organisation the officer sees: it once asked to sign and was turned down."""
    organisation = OrganisationFactory(name="Bromyard Arts")
    SignatureFactory(
        organisation=organisation, compact=herefordshire, state=Signature.State.REJECTED
    )
    return organisation


def _add_signature(client, organisation, compact):
    return client.post(
        "/admin/signatories/signature/add/",
        {
            "organisation": organisation.pk,
            "compact": compact.pk,
            "contact_name": "Pat Jones",
            "contact_email": "pat@bromyard.example.org",
            "contact_role": "Chair",
            "pledges": "We will answer consultations.",
        },
    )


def test_a_signature_added_in_the_admin_is_a_sign_up_like_one_made_online(
    client, officer, herefordshire, django_capture_on_commit_callbacks
):
    organisation = _in_scope(herefordshire)
    with django_capture_on_commit_callbacks(execute=True):
        response = _add_signature(client, organisation, herefordshire)
    assert response.status_code == 302, response.content.decode()[:3000]
    added = organisation.signatures.get(state=Signature.State.PENDING)

    contact = OrganisationContactFactory().user
    online = services.submit_signature(
        by=contact,
        compact=herefordshire,
        contact_name="Sam Smith",
        contact_role="Chair",
        organisation=contact.organisation_links.get().organisation,
    )
    for field in ("state", "decided_at", "signed_on", "recommitted_on", "recommit_due"):
        assert getattr(added, field) == getattr(online, field), field
    assert added.submitted_at is not None and added.reference.startswith("CP-")
    assert added.submitted_by == officer
    assert added.contact_email == "pat@bromyard.example.org"
    reason = added.history.order_by("-history_id").first().history_change_reason
    assert reason == "Added by Olive Officer in the admin"
    assert mail.outbox[0].to == ["pat@bromyard.example.org"]


def test_a_signature_added_in_the_admin_after_a_review_gets_the_dates_of_one_made_online(
    client, superuser, herefordshire
):
    published = SignatureFactory(compact=herefordshire, approved=True)
    with time_machine.travel(date(2026, 1, 6)):
        services.record_review(
            compact=herefordshire, by=superuser, reviewed_on=date(2026, 1, 5), summary="Review"
        )
    organisation = _in_scope(herefordshire)
    _add_signature(client, organisation, herefordshire)
    added = organisation.signatures.get(state=Signature.State.PENDING)
    services.approve_signature(added, by=superuser)
    added.refresh_from_db()
    assert added.signed_on is not None and added.decided_at is not None
    assert added.recommit_due is None  # signed after the review: nothing to re-commit to
    Signature.objects.filter(pk=published.pk).update(signed_on=date(2025, 6, 1))
    published.refresh_from_db()
    published.save()
    assert published.recommit_due == date(2026, 1, 5) + timedelta(weeks=12)


def test_a_second_live_signature_added_in_the_admin_is_a_form_error_not_a_500(
    client, officer, herefordshire
):
    organisation = _in_scope(herefordshire)
    live = SignatureFactory(organisation=organisation, compact=herefordshire)
    response = _add_signature(client, organisation, herefordshire)
    assert response.status_code == 200
    assert live.reference in response.content.decode()
    assert organisation.signatures.filter(state=Signature.State.PENDING).count() == 1


def test_a_signatures_organisation_and_compact_cannot_be_changed_in_the_admin(
    client, officer, herefordshire
):
    signature = SignatureFactory(compact=herefordshire)
    other = _in_scope(herefordshire)
    url = f"/admin/signatories/signature/{signature.pk}/change/"
    post_admin_form(client, url, {"organisation": other.pk})
    signature.refresh_from_db()
    assert signature.organisation != other


def test_a_declared_link_added_in_the_admin_goes_through_declare_link(
    client, superuser, herefordshire
):
    member = ReferenceGroupMemberFactory(compact=herefordshire)
    linked = OrganisationFactory()
    url = f"/admin/signatories/referencegroupmember/{member.pk}/change/"
    response = post_admin_form(
        client,
        url,
        {
            "declared_links-TOTAL_FORMS": "1",
            "declared_links-0-organisation": linked.pk,
            "declared_links-0-description": "Trustee",
            "declared_links-0-declared_on": "2026-11-02",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    link = DeclaredLink.objects.get(member=member)
    assert link.recorded_by == superuser
    assert link.declared_on == date(2026, 11, 2)
    assert link.history.get().history_change_reason == "Declared"


def test_a_superuser_edits_the_feedback_and_recommit_weeks_of_a_compact(
    client, superuser, herefordshire
):
    url = f"/admin/signatories/compact/{herefordshire.pk}/change/"
    response = post_admin_form(
        client, url, {"feedback_due_weeks": "9", "recommit_within_weeks": "20"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    herefordshire.refresh_from_db()
    assert herefordshire.feedback_due_weeks == 9
    assert herefordshire.recommit_within_weeks == 20


def test_a_longer_recommit_period_moves_every_recommit_date(client, superuser, herefordshire):
    published = SignatureFactory(compact=herefordshire, approved=True, signed_on=date(2025, 6, 1))
    review = services.record_review(
        compact=herefordshire, by=superuser, reviewed_on=date(2026, 11, 1), summary="Review"
    )
    url = f"/admin/signatories/compact/{herefordshire.pk}/change/"
    post_admin_form(client, url, {"recommit_within_weeks": "20"})
    published.refresh_from_db()
    review.refresh_from_db()
    assert published.recommit_due == date(2026, 11, 1) + timedelta(weeks=20)
    assert review.recommit_by == date(2026, 11, 1) + timedelta(weeks=20)


def test_an_officer_cannot_rename_an_organisation_in_the_admin(client, officer, herefordshire):
    signature = SignatureFactory(compact=herefordshire)
    organisation = signature.organisation
    url = f"/admin/signatories/organisation/{organisation.pk}/change/"
    post_admin_form(
        client, url, {"name": "Renamed Behind Everyone's Back", "charity_number": "1234567"}
    )
    organisation.refresh_from_db()
    assert organisation.name != "Renamed Behind Everyone's Back"
    assert organisation.charity_number != "1234567"


def test_nobody_makes_anyone_a_contact_in_the_admin(client, superuser, herefordshire):
    signature = SignatureFactory(compact=herefordshire)
    organisation = signature.organisation
    stranger = UserFactory()
    url = f"/admin/signatories/organisation/{organisation.pk}/change/"
    post_admin_form(
        client,
        url,
        {
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "0",
            "contacts-0-user": stranger.pk,
            "contacts-0-role": "Chair",
        },
    )
    assert not OrganisationContact.objects.filter(user=stranger).exists()
