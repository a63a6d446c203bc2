"""Adding a contact invites the address; it never tells the inviter whether the address has an
account (issue 19). Only whoever reads mail there, signed in as that address, accepts."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from core.models import OutboundEmail
from signatories import services
from signatories.models import ContactInvitation, OrganisationContact
from signatories.tests.factories import (
    OrganisationContactFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
State = ContactInvitation.State


@pytest.fixture
def contact(client, herefordshire):
    link = OrganisationContactFactory()
    SignatureFactory(organisation=link.organisation, compact=herefordshire, approved=True)
    client.force_login(link.user)
    return link


def add_url(contact):
    return f"/signatories/{contact.organisation.pk}/contacts/"


def invitation_link(address) -> str:
    body = OutboundEmail.objects.filter(recipient=address).latest("pk").body_text
    return re.sub(r"^https?://[^/]+", "", re.search(r"https?://\S+/invitations/\S+", body)[0])


def as_seen(response, address) -> str:
    """The page, with what differs between any two requests (the typed address, the CSRF
    token, the invitation's number) made the same."""
    page = response.content.decode()
    page = page.replace(address, "ADDRESS")
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", page)
    return re.sub(r"/invitations/\d+/", "/invitations/N/", page)


def test_inviting_an_address_with_an_account_and_one_without_look_the_same(client, contact):
    UserFactory(email="colleague@example.org")
    seen = {}
    for address in ("colleague@example.org", "nobody@example.org"):
        posted = client.post(add_url(contact), {"email": address, "role": "Treasurer"})
        page = client.get(posted["Location"])
        seen[address] = (posted.status_code, posted["Location"], as_seen(page, address))
        assert "ADDRESS" in seen[address][2] and "Treasurer" in seen[address][2]
        invitation = ContactInvitation.objects.get(email=address)
        client.post(
            f"/signatories/{contact.organisation.pk}/invitations/{invitation.pk}/withdraw/",
            follow=True,  # its message is shown here, not on the next page
        )
    assert seen["colleague@example.org"] == seen["nobody@example.org"]
    # nobody became a contact by being typed in
    assert not OrganisationContact.objects.filter(user__email="colleague@example.org").exists()


def test_the_invitation_email_is_the_same_whatever_the_address_holds(client, contact):
    UserFactory(email="colleague@example.org")
    client.post(add_url(contact), {"email": "colleague@example.org"})
    client.post(add_url(contact), {"email": "nobody@example.org"})
    known, unknown = (
        OutboundEmail.objects.get(recipient=a)
        for a in ("colleague@example.org", "nobody@example.org")
    )
    assert known.subject == unknown.subject
    without_link = [re.sub(r"/invitations/\S+", "", e.body_text) for e in (known, unknown)]
    assert without_link[0] == without_link[1]
    assert "/account/register/" in unknown.body_text


def test_the_invited_person_accepts_signed_in_as_that_address(client, contact):
    client.post(add_url(contact), {"email": "Colleague@Example.org", "role": "Treasurer"})
    link = invitation_link("colleague@example.org")
    colleague = UserFactory(email="colleague@example.org")
    invitee = Client()
    invitee.force_login(colleague)
    page = invitee.get(link)  # opening the link (a mail scanner does) accepts nothing
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    assert not OrganisationContact.objects.filter(user=colleague).exists()
    accepted = invitee.post(link)
    assert accepted.status_code == 302
    assert accepted["Location"] == f"/signatories/{contact.organisation.pk}/manage/"
    link_row = OrganisationContact.objects.get(user=colleague)
    assert link_row.organisation == contact.organisation and link_row.role == "Treasurer"
    invitation = ContactInvitation.objects.get()
    assert invitation.state == State.ACCEPTED and invitation.accepted_by == colleague
    assert link_row.history.first().history_change_reason.startswith("Accepted an invitation")
    reasons = list(invitation.history.values_list("history_change_reason", flat=True))
    assert reasons == ["Accepted", "Invited to be a contact"]
    # the link is single-use: a second press changes nothing and says so
    again = invitee.post(link)
    assert again.status_code == 400
    assert OrganisationContact.objects.filter(user=colleague).count() == 1


def test_someone_signed_in_as_another_address_cannot_accept(client, contact):
    client.post(add_url(contact), {"email": "colleague@example.org"})
    link = invitation_link("colleague@example.org")
    intruder = Client()
    intruder.force_login(UserFactory(email="intruder@example.org"))
    assert intruder.get(link).status_code == 200
    assert "colleague@example.org" in intruder.get(link).content.decode()
    assert intruder.post(link).status_code == 403
    assert not OrganisationContact.objects.filter(user__email="intruder@example.org").exists()
    assert ContactInvitation.objects.get().state == State.PENDING


def test_a_visitor_who_is_not_signed_in_is_asked_to_sign_in_or_register(client, contact):
    client.post(add_url(contact), {"email": "newcomer@example.org"})
    link = invitation_link("newcomer@example.org")
    page = Client().get(link)
    body = page.content.decode()
    assert page.status_code == 200
    assert "/account/sign-in/?next=" in body and "/account/register/" in body
    assert Client().post(link).status_code == 302  # to sign in; nothing accepted
    assert ContactInvitation.objects.get().state == State.PENDING


def test_after_registering_and_confirming_the_address_the_link_works(client, contact):
    client.post(add_url(contact), {"email": "newcomer@example.org"})
    link = invitation_link("newcomer@example.org")
    newcomer = UserFactory(email="newcomer@example.org", is_active=False, confirmed_at=None)
    invitee = Client()
    invitee.force_login(newcomer)  # an unconfirmed account cannot sign in; this proves the rule
    assert invitee.post(link).status_code in (302, 403)
    assert not OrganisationContact.objects.filter(user=newcomer).exists()
    newcomer.is_active, newcomer.confirmed_at = True, timezone.now()
    newcomer.save()
    invitee.force_login(newcomer)
    assert invitee.post(link).status_code == 302
    assert OrganisationContact.objects.filter(user=newcomer).exists()


def test_a_forged_or_expired_link_does_nothing(client, contact, settings):
    client.post(add_url(contact), {"email": "colleague@example.org"})
    link = invitation_link("colleague@example.org")
    invitee = Client()
    invitee.force_login(UserFactory(email="colleague@example.org"))
    assert invitee.post(link[:-4] + "xyz/").status_code == 400
    with time_machine.travel(timezone.now() + timedelta(days=settings.CONTACT_INVITATION_DAYS + 1)):
        assert invitee.get(link).status_code == 400
        assert invitee.post(link).status_code == 400
    assert not OrganisationContact.objects.filter(user__email="colleague@example.org").exists()


def test_a_withdrawn_invitation_cannot_be_accepted(client, contact):
    client.post(add_url(contact), {"email": "colleague@example.org"})
    link = invitation_link("colleague@example.org")
    invitation = ContactInvitation.objects.get()
    withdrawn = client.post(
        f"/signatories/{contact.organisation.pk}/invitations/{invitation.pk}/withdraw/"
    )
    assert withdrawn.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == State.WITHDRAWN
    assert invitation.history.first().history_change_reason == "Withdrawn"
    invitee = Client()
    invitee.force_login(UserFactory(email="colleague@example.org"))
    assert invitee.post(link).status_code == 400
    assert "Invited, not yet accepted" not in client.get(withdrawn["Location"]).content.decode()


def test_only_the_organisations_contacts_withdraw_its_invitations(client, contact):
    client.post(add_url(contact), {"email": "colleague@example.org"})
    invitation = ContactInvitation.objects.get()
    outsider = Client()
    outsider.force_login(OrganisationContactFactory().user)
    url = f"/signatories/{contact.organisation.pk}/invitations/{invitation.pk}/withdraw/"
    assert outsider.post(url).status_code == 403
    other = OrganisationContactFactory().organisation
    assert (
        client.post(f"/signatories/{other.pk}/invitations/{invitation.pk}/withdraw/").status_code
        == 403
    )
    assert ContactInvitation.objects.get().state == State.PENDING


def test_inviting_the_same_address_again_sends_a_fresh_link_and_keeps_one_invitation(
    client, contact
):
    client.post(add_url(contact), {"email": "colleague@example.org"})
    first = invitation_link("colleague@example.org")
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        client.post(add_url(contact), {"email": "COLLEAGUE@example.org"})
        invitation = ContactInvitation.objects.get(state=State.PENDING)
        assert invitation.expires_at > timezone.now() + timedelta(days=13)
        assert invitation.history.first().history_change_reason == "Invitation sent again"
    assert OutboundEmail.objects.filter(recipient="colleague@example.org").count() == 2
    assert invitation_link("colleague@example.org") != first


def test_a_pending_organisations_contact_may_invite_but_gains_no_power_for_the_invitee(
    herefordshire,
):
    """Approval gates what contacts do in a Compact, not who the organisation's contacts are:
    a contact of a pending sign-up manages its contacts (access.may_act_for) as today."""
    from signatories import access

    link = OrganisationContactFactory()
    SignatureFactory(organisation=link.organisation, compact=herefordshire)
    invitation = services.invite_contact(link.organisation, "x@example.org", invited_by=link.user)
    person = UserFactory(email="x@example.org")
    services.accept_invitation(token=services.invitation_token(invitation), by=person)
    assert access.may_act_for(person, link.organisation)
    assert not access.acts_as_signatory(person, link.organisation, herefordshire)


def test_an_organisation_with_no_contacts_can_be_invited_to_by_the_portal(herefordshire):
    """For imported organisations (issue 25): the portal itself invites their first contact."""
    organisation = OrganisationFactory()
    invitation = services.invite_contact(
        organisation, "chair@example.org", reason="Imported from the Compact's register"
    )
    assert invitation.invited_by is None
    assert (
        invitation.history.first().history_change_reason == "Imported from the Compact's register"
    )
    assert OutboundEmail.objects.get(recipient="chair@example.org")
    person = UserFactory(email="chair@example.org")
    contact = services.accept_invitation(token=services.invitation_token(invitation), by=person)
    assert list(organisation.contacts.all()) == [contact]


def test_someone_who_is_not_a_contact_cannot_invite(herefordshire):
    from django.core.exceptions import PermissionDenied

    organisation = OrganisationContactFactory().organisation
    with pytest.raises(PermissionDenied):
        services.invite_contact(organisation, "x@example.org", invited_by=UserFactory())
    assert not ContactInvitation.objects.exists()


def test_invitations_from_one_client_are_limited_like_any_public_form(client, contact, settings):
    settings.PUBLIC_FORM_RATE = "2/m"
    for number in range(2):
        assert client.post(add_url(contact), {"email": f"p{number}@example.org"}).status_code == 302
    assert client.post(add_url(contact), {"email": "p2@example.org"}).status_code == 429
    assert not OutboundEmail.objects.filter(recipient="p2@example.org").exists()
