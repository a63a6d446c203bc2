"""Approval gates power (as in funding): the contact of an organisation whose signature of the
Compact waits for an officer (or is no longer on the list) reads its case but does not write
on it; the page says why and what happens next. An approved contact still writes."""

import pytest
from django.core.exceptions import PermissionDenied

from core.models import OutboundEmail
from disputes import services
from disputes.tests.factories import CaseFactory
from signatories.models import Signature
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(herefordshire):
    case = CaseFactory(compact=herefordshire)
    CompactOfficerFactory(compact=herefordshire)
    return case


def pending(case, side="respondent"):
    """The side's signature lapsed and it signed again: the new sign-up waits for an officer."""
    organisation = getattr(case, side)
    Signature.objects.filter(organisation=organisation, compact=case.compact).update(
        state=Signature.State.LAPSED
    )
    SignatureFactory(organisation=organisation, compact=case.compact)
    return OrganisationContactFactory(organisation=organisation).user


@pytest.mark.parametrize("side", ["complainant", "respondent"])
def test_a_pending_contact_cannot_send_a_message(client, case, side):
    contact = pending(case, side)
    OutboundEmail.objects.all().delete()
    client.force_login(contact)
    response = client.post(
        f"/cases/{case.reference}/messages/", {"to": "everyone", "body": "We disagree."}
    )
    assert response.status_code == 403
    assert "waiting for a Compact officer to approve it" in response.content.decode()
    assert not case.messages.exists()
    assert not OutboundEmail.objects.exists()


def test_a_pending_contact_cannot_reply_to_a_letter(client, case):
    officer = case.compact.officers.first().user
    letter = services.send_message(case, by=officer, to="respondent", body="Please reply")
    contact = pending(case)
    client.force_login(contact)
    response = client.post(
        f"/cases/{case.reference}/messages/",
        {"to": "officers", "body": "Our reply", "reply_to": letter.pk},
    )
    assert response.status_code == 403
    assert case.messages.count() == 1
    letter.refresh_from_db()
    assert letter.replied_on is None


def test_the_service_refuses_a_pending_contact(case):
    contact = pending(case)
    with pytest.raises(PermissionDenied):
        services.send_message(case, by=contact, to="officers", body="Through the service")
    assert not case.messages.exists()


def test_the_case_page_says_why_and_offers_no_message_form(client, case):
    client.force_login(pending(case))
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "waiting for a Compact officer to approve it" in page
    assert "govuk-inset-text" in page or "govuk-notification-banner" in page
    assert f"/cases/{case.reference}/messages/" not in page
    assert "They ended our funding without talking to us." in page  # still reads the case


def test_a_contact_of_an_organisation_taken_off_the_list_cannot_write(client, case):
    organisation = case.respondent
    Signature.objects.filter(organisation=organisation, compact=case.compact).update(
        state=Signature.State.WITHDRAWN
    )
    client.force_login(OrganisationContactFactory(organisation=organisation).user)
    response = client.post(
        f"/cases/{case.reference}/messages/", {"to": "everyone", "body": "Still here"}
    )
    assert response.status_code == 403
    assert not case.messages.exists()


@pytest.mark.parametrize("side", ["complainant", "respondent"])
def test_an_approved_contact_still_writes(client, case, side):
    contact = OrganisationContactFactory(organisation=getattr(case, side)).user
    client.force_login(contact)
    page = client.get(case.get_absolute_url()).content.decode()
    assert f"/cases/{case.reference}/messages/" in page
    response = client.post(
        f"/cases/{case.reference}/messages/", {"to": "everyone", "body": "We agree."}
    )
    assert response.status_code == 302
    assert case.messages.filter(body="We agree.").exists()
    assert OutboundEmail.objects.filter(subject__contains="new message on case").exists()
