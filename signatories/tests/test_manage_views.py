"""Contacts manage their own organisation and nobody else's."""

import pytest

from signatories import services
from signatories.models import OrganisationChangeRequest, Signature
from signatories.tests.factories import (
    OrganisationContactFactory,
    OrganisationFactory,
    ReferenceGroupMemberFactory,
    SignatureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(client, herefordshire):
    link = OrganisationContactFactory()
    SignatureFactory(organisation=link.organisation, compact=herefordshire, approved=True)
    client.force_login(link.user)
    return link


def form_data(organisation, **changes):
    data = {
        f: getattr(organisation, f) or ""
        for f in [
            "name",
            "sector",
            "organisation_type",
            "address",
            "postcode",
            "website",
            "area",
            "charity_number",
            "company_number",
            "other_id_scheme",
            "other_id",
        ]
    }
    data.update(changes)
    return data


def test_a_contact_sees_their_organisation(client, contact):
    page = client.get(f"/signatories/{contact.organisation.pk}/manage/").content.decode()
    assert contact.organisation.name in page and contact.user.email in page


@pytest.mark.parametrize("path", ["manage/", "edit/"])
def test_a_contact_cannot_open_another_organisation(client, contact, path):
    other = OrganisationFactory()
    assert client.get(f"/signatories/{other.pk}/{path}").status_code == 403


def test_a_contact_cannot_edit_another_organisation_by_posting(client, contact):
    other = OrganisationFactory(area="Ross")
    response = client.post(f"/signatories/{other.pk}/edit/", form_data(other, area="Elsewhere"))
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.area == "Ross"


def test_edits_apply_and_a_new_name_waits_for_an_officer(client, contact):
    organisation = contact.organisation
    response = client.post(
        f"/signatories/{organisation.pk}/edit/",
        form_data(organisation, name="Brand New Name", area="Bromyard"),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.area == "Bromyard" and organisation.name != "Brand New Name"
    assert OrganisationChangeRequest.objects.get(organisation=organisation).changes == {
        "name": "Brand New Name"
    }


def test_a_bad_edit_shows_errors_and_keeps_input(client, contact):
    organisation = contact.organisation
    response = client.post(
        f"/signatories/{organisation.pk}/edit/",
        form_data(organisation, charity_number="12", area="Typed area"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page and "Typed area" in page


def test_invite_and_remove_contacts(client, contact):
    colleague = UserFactory(email="colleague@example.org")
    organisation = contact.organisation
    client.post(
        f"/signatories/{organisation.pk}/contacts/",
        {"email": "colleague@example.org", "role": "Treasurer"},
    )
    assert organisation.contacts.count() == 1  # invited, not yet a contact
    invitation = organisation.contact_invitations.get()
    services.accept_invitation(token=services.invitation_token(invitation), by=colleague)
    assert organisation.contacts.count() == 2
    link = organisation.contacts.get(user=colleague)
    client.post(f"/signatories/{organisation.pk}/contacts/{link.pk}/remove/")
    assert organisation.contacts.count() == 1


def test_withdraw_from_a_compact(client, contact):
    signature = contact.organisation.signatures.get()
    url = f"/signatories/{contact.organisation.pk}/signatures/{signature.pk}/withdraw/"
    assert "Withdraw" in client.get(url).content.decode()
    client.post(url)
    signature.refresh_from_db()
    assert signature.state == Signature.State.WITHDRAWN
    listed = b"".join(client.get("/signatories.csv").streaming_content).decode()
    assert signature.organisation.name not in listed


def test_recommit_from_the_manage_page(client, contact):
    from datetime import date

    signature = contact.organisation.signatures.get()
    Signature.objects.filter(pk=signature.pk).update(recommit_due=date(2099, 1, 1))
    client.post(f"/signatories/{contact.organisation.pk}/signatures/{signature.pk}/recommit/")
    signature.refresh_from_db()
    assert signature.recommit_due is None and signature.recommitted_on is not None


def test_a_reference_group_member_declares_a_link(client, herefordshire):
    member = ReferenceGroupMemberFactory(compact=herefordshire)
    client.force_login(member.user)
    organisation = OrganisationFactory(name="Linked Charity")
    SignatureFactory(organisation=organisation, compact=herefordshire, approved=True)
    response = client.post(
        "/reference-group/", {"organisation": organisation.pk, "description": "Trustee"}
    )
    assert response.status_code == 302
    assert "Linked Charity: Trustee" in client.get("/reference-group/").content.decode()


def test_only_reference_group_members_have_that_page(client, contact):
    assert client.get("/reference-group/").status_code == 403


def test_each_signature_shows_its_state_as_a_tag_in_its_colour(client, contact, hertfordshire):
    SignatureFactory(
        organisation=contact.organisation, compact=hertfordshire, state=Signature.State.LAPSED
    )
    page = client.get(f"/signatories/{contact.organisation.pk}/manage/").content.decode()
    assert '<strong class="govuk-tag govuk-tag--green">Published</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--orange">Lapsed</strong>' in page


def test_only_a_live_signature_offers_to_withdraw(client, contact, hertfordshire):
    SignatureFactory(
        organisation=contact.organisation, compact=hertfordshire, state=Signature.State.REJECTED
    )
    page = client.get(f"/signatories/{contact.organisation.pk}/manage/").content.decode()
    assert page.count("Withdraw<span") == 1
