"""Nobody acts for a body until an officer approves it: a stranger who signs a "council" up can
follow the sign-up and nothing else on its behalf, and the pages say why and what happens next."""

from datetime import date

import pytest
import time_machine

from consultations.models import Consultation, Response
from consultations.tests.factories import ConsultationFactory
from funding.models import FundingAgreement
from signatories.models import Signature
from signatories.tests.factories import (
    OrganisationContactFactory,
    OrganisationFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending_council(herefordshire):
    """A stranger's "Fakeshire County Council", signed up and waiting for an officer."""
    council = OrganisationFactory(public=True, name="Fakeshire County Council")
    SignatureFactory(organisation=council, compact=herefordshire)
    return council


@pytest.fixture
def stranger(client, pending_council):
    user = OrganisationContactFactory(organisation=pending_council).user
    client.force_login(user)
    return user


def test_a_pending_body_cannot_start_a_consultation_and_is_told_why(client, stranger):
    response = client.get("/consultations/new/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "waiting for a Compact officer to approve it" in page
    assert "Fakeshire County Council" in page


def test_a_pending_body_cannot_record_funding(client, stranger, herefordshire, pending_council):
    assert client.get("/funding/new/").status_code == 403
    charity = OrganisationFactory(name="Hereford Community Larder")
    response = client.post(
        "/funding/new/",
        {
            "compact": herefordshire.pk,
            "funder": pending_council.pk,
            "recipient": charity.pk,
            "title": "Grant",
            "amount": "5000",
        },
    )
    assert response.status_code == 403 and not FundingAgreement.objects.exists()


def test_a_pending_body_cannot_publish_through_a_forged_post(
    client, stranger, herefordshire, pending_council
):
    response = client.post(
        "/consultations/new/",
        {"compact": herefordshire.pk, "lead_body": pending_council.pk, "title": "Fake"},
    )
    assert response.status_code == 403 and not Consultation.objects.exists()


@time_machine.travel(date(2026, 2, 1))
def test_a_pending_body_does_not_respond_for_itself(client, stranger, herefordshire):
    consultation = ConsultationFactory(compact=herefordshire)
    page = client.get(f"/consultations/{consultation.pk}/respond/").content.decode()
    assert "Fakeshire County Council" not in page
    assert not Response.objects.exists()


def test_a_pending_bodys_page_is_not_public(client, pending_council):
    assert client.get(pending_council.get_absolute_url()).status_code == 404


def test_once_approved_the_body_acts_for_itself(client, stranger, pending_council):
    signature = pending_council.signatures.get()
    signature.state = Signature.State.APPROVED
    signature.signed_on = date(2026, 2, 1)
    signature.save()
    assert client.get("/consultations/new/").status_code == 200
    assert client.get("/funding/new/").status_code == 200
    client.logout()
    assert client.get(pending_council.get_absolute_url()).status_code == 200


def test_a_reference_group_member_cannot_read_a_pending_sign_ups_name_by_its_number(
    client, herefordshire, hertfordshire, pending_council
):
    """The reference group page's organisation picker sends an organisation's number: only
    organisations whose page the member may open are accepted, so trying numbers reveals no
    never-approved sign-up (here one to another Compact)."""
    from signatories.models import DeclaredLink
    from signatories.tests.factories import ReferenceGroupMemberFactory

    member = ReferenceGroupMemberFactory(compact=hertfordshire)
    client.force_login(member.user)
    response = client.post(
        "/reference-group/", {"organisation": pending_council.pk, "description": "Trustee"}
    )
    assert response.status_code == 400
    assert pending_council.name not in response.content.decode()  # not offered, not named
    assert not DeclaredLink.objects.exists()
    assert "Fakeshire" not in client.get("/reference-group/").content.decode()
    listed = SignatureFactory(compact=herefordshire, approved=True).organisation
    response = client.post("/reference-group/", {"organisation": listed.pk, "description": "x"})
    assert response.status_code == 302  # a published organisation, in any Compact, is fine


def test_an_approved_charity_does_not_make_itself_a_public_body(client, herefordshire):
    """The officer approved a charity. Its contact re-labelling it "Public sector, Council" on
    the edit page must not let it publish consultations or fund as a public body (nor count as
    one) until an officer approves that change, as for a change of name."""
    from signatories import services as signatories_services
    from signatories.models import Organisation, OrganisationChangeRequest
    from signatories.tests.factories import CompactOfficerFactory

    link = OrganisationContactFactory(organisation__name="Ledbury Larder")
    charity = link.organisation
    SignatureFactory(organisation=charity, compact=herefordshire, approved=True)
    client.force_login(link.user)
    page = client.get(f"/signatories/{charity.pk}/edit/")
    assert page.status_code == 200
    data = {
        f: getattr(charity, f) or ""
        for f in (
            "name",
            "address",
            "postcode",
            "website",
            "area",
            "charity_number",
            "company_number",
            "other_id_scheme",
            "other_id",
        )
    }
    data.update(sector="public", organisation_type="council")
    response = client.post(f"/signatories/{charity.pk}/edit/", data)
    assert response.status_code == 302
    charity.refresh_from_db()
    assert (charity.sector, charity.organisation_type) != ("public", "council")
    assert client.get("/consultations/new/").status_code == 403
    assert client.get("/funding/new/").status_code == 403
    change = OrganisationChangeRequest.objects.get(organisation=charity)
    assert change.changes == {"sector": "public", "organisation_type": "council"}
    signatories_services.approve_change_request(
        change, by=CompactOfficerFactory(compact=herefordshire).user
    )
    assert Organisation.objects.get(pk=charity.pk).sector == "public"
    assert client.get("/consultations/new/").status_code == 200
