"""Compact officers triage sign-ups in the admin, through the same services."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from signatories.models import OrganisationChangeRequest, Signature
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/signatories/signature/"


@pytest.fixture
def officer(client, herefordshire):
    user = CompactOfficerFactory(compact=herefordshire).user
    client.force_login(user)
    return user


def test_pending_sign_ups_with_filters_and_search(client, officer, herefordshire):
    fresh = SignatureFactory(compact=herefordshire)
    old = SignatureFactory(compact=herefordshire, submitted_at=timezone.now() - timedelta(weeks=6))
    page = client.get(f"{CHANGELIST}?state__exact=pending&age=older").content.decode()
    assert old.organisation.name in page and fresh.organisation.name not in page
    page = client.get(f"{CHANGELIST}?q={fresh.reference}").content.decode()
    assert fresh.organisation.name in page and old.organisation.name not in page
    page = client.get(
        f"{CHANGELIST}?organisation__sector__exact=voluntary_community&age=week"
    ).content.decode()
    assert fresh.organisation.name in page


def test_bulk_approve_calls_the_service(
    client, officer, herefordshire, hertfordshire, django_capture_on_commit_callbacks
):
    ours = [SignatureFactory(compact=herefordshire) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CHANGELIST, {"action": "approve", "_selected_action": [s.pk for s in ours]})
    for signature in ours:
        signature.refresh_from_db()
        assert signature.state == Signature.State.APPROVED
        assert signature.history.first().history_change_reason == "Approved"
    assert len(mail.outbox) == 2


def test_an_officer_cannot_approve_for_another_compact_even_by_posting_its_id(
    client, officer, hertfordshire
):
    theirs = SignatureFactory(compact=hertfordshire)
    client.post(CHANGELIST, {"action": "approve", "_selected_action": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.state == Signature.State.PENDING


def test_bulk_reject_asks_for_a_reason_then_rejects(client, officer, herefordshire):
    signature = SignatureFactory(compact=herefordshire)
    page = client.post(CHANGELIST, {"action": "reject", "_selected_action": [signature.pk]})
    assert "Reject sign-ups" in page.content.decode()
    client.post(
        CHANGELIST,
        {
            "action": "reject",
            "apply": "1",
            "_selected_action": [signature.pk],
            "reason": "Outside the area",
        },
    )
    signature.refresh_from_db()
    assert signature.state == Signature.State.REJECTED
    assert signature.rejection_reason == "Outside the area"


def test_the_change_page_shows_the_organisations_other_signatures(
    client, officer, herefordshire, hertfordshire
):
    signature = SignatureFactory(compact=herefordshire)
    other = SignatureFactory(
        organisation=signature.organisation, compact=hertfordshire, approved=True
    )
    page = client.get(f"{CHANGELIST}{signature.pk}/change/").content.decode()
    assert f"Hertfordshire Compact – Published ({other.reference})" in page


def test_a_review_recorded_in_the_admin_invites_signatories(
    client, officer, herefordshire, django_capture_on_commit_callbacks
):
    SignatureFactory(compact=herefordshire, approved=True, signed_on=date(2025, 6, 1))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/signatories/compactreview/add/",
            {"compact": herefordshire.pk, "reviewed_on": "2026-11-01", "summary": "Annual review"},
        )
    assert response.status_code == 302
    assert herefordshire.reviews.get().recorded_by == officer
    assert len(mail.outbox) == 1


def test_an_officer_approves_a_change_of_name(client, officer, herefordshire):
    signature = SignatureFactory(compact=herefordshire, approved=True)
    contact = OrganisationContactFactory(organisation=signature.organisation).user
    request = OrganisationChangeRequest.objects.create(
        organisation=signature.organisation, changes={"name": "Renamed Trust"}, requested_by=contact
    )
    client.post(
        "/admin/signatories/organisationchangerequest/",
        {"action": "approve", "_selected_action": [request.pk]},
    )
    signature.organisation.refresh_from_db()
    assert signature.organisation.name == "Renamed Trust"


def test_the_sign_up_list_shows_states_by_their_labels(client, officer, herefordshire):
    SignatureFactory(compact=herefordshire)
    SignatureFactory(compact=herefordshire, approved=True)
    page = client.get(CHANGELIST).content.decode()
    assert "Waiting for approval" in page and "Published" in page
    assert ">pending<" not in page and ">approved<" not in page


def test_the_change_request_list_shows_its_state_by_its_label(client, officer, herefordshire):
    signature = SignatureFactory(compact=herefordshire)
    OrganisationChangeRequest.objects.create(
        organisation=signature.organisation, changes={"name": "New name"}
    )
    page = client.get("/admin/signatories/organisationchangerequest/").content.decode()
    assert "Waiting for approval" in page and ">pending<" not in page


def test_an_officer_does_not_see_another_compacts_sign_up(client, officer, hertfordshire):
    theirs = SignatureFactory(compact=hertfordshire)
    assert client.get(f"{CHANGELIST}{theirs.pk}/change/").status_code == 302
    assert theirs.organisation.name not in client.get(CHANGELIST).content.decode()
