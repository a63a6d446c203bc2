"""Who may see and run a consultation: anyone a published one; its lead body and Compact officers
the rest."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from consultations import access, services
from consultations.models import Consultation
from consultations.tests.factories import ConsultationFactory
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
    on_the_list,
)

pytestmark = pytest.mark.django_db
S = Consultation.Status


@pytest.fixture
def draft(herefordshire):
    return ConsultationFactory(compact=herefordshire, status=S.DRAFT)


@pytest.fixture
def published(herefordshire):
    return ConsultationFactory(compact=herefordshire, status=S.OPEN)


def lead_contact(consultation):
    on_the_list(consultation.lead_body, consultation.compact)
    return OrganisationContactFactory(organisation=consultation.lead_body).user


def test_anyone_may_see_a_published_consultation(published):
    assert access.may_view(AnonymousUser(), published)
    assert published in access.visible_to(AnonymousUser())


def test_an_anonymous_visitor_may_not_see_a_draft(draft):
    assert not access.may_view(AnonymousUser(), draft)
    assert draft not in access.visible_to(AnonymousUser())


def test_an_anonymous_visitor_runs_nothing(published):
    assert not access.may_change(AnonymousUser(), published)
    assert not access.run_by(AnonymousUser()).exists()


def test_the_lead_bodys_contact_sees_and_runs_its_draft(draft):
    user = lead_contact(draft)
    assert access.may_view(user, draft) and access.may_change(user, draft)
    assert list(access.visible_to(user).filter(pk=draft.pk)) == [draft]
    assert list(access.run_by(user)) == [draft]


def test_a_contact_of_another_organisation_neither_sees_a_draft_nor_runs_anything(draft, published):
    stranger = OrganisationContactFactory(organisation=OrganisationFactory(public=True)).user
    assert not access.may_view(stranger, draft)
    assert draft not in access.visible_to(stranger)
    assert not access.may_change(stranger, published)
    assert not access.run_by(stranger).exists()


def test_the_compacts_officer_sees_and_runs_its_consultations(herefordshire, draft, published):
    officer = CompactOfficerFactory(compact=herefordshire).user
    assert access.may_view(officer, draft) and access.may_change(officer, draft)
    assert set(access.run_by(officer)) == {draft, published}


def test_an_officer_of_another_compact_neither_sees_a_draft_nor_runs_anything(
    hertfordshire, draft, published
):
    officer = CompactOfficerFactory(compact=hertfordshire).user
    assert not access.may_view(officer, draft)
    assert draft not in access.visible_to(officer)
    assert not access.may_change(officer, published)
    assert not access.run_by(officer).exists()


def test_a_contact_of_an_approved_public_body_may_draft(herefordshire):
    council = on_the_list(OrganisationFactory(public=True), herefordshire)
    user = OrganisationContactFactory(organisation=council).user
    assert access.may_draft(user)
    assert access.may_draft_for(user, lead_body=council, compact=herefordshire)


def test_a_contact_of_a_public_body_waiting_for_approval_may_not_draft(herefordshire):
    pending = SignatureFactory(compact=herefordshire, organisation=OrganisationFactory(public=True))
    user = OrganisationContactFactory(organisation=pending.organisation).user
    assert not access.may_draft(user)
    assert not access.may_draft_for(user, lead_body=pending.organisation, compact=herefordshire)


def test_a_contact_of_a_voluntary_organisation_may_not_draft():
    user = OrganisationContactFactory().user
    assert not access.may_draft(user)
    assert not access.may_draft(AnonymousUser())


def test_only_an_organisations_contacts_respond_on_its_behalf(herefordshire):
    contact = OrganisationContactFactory(
        organisation=on_the_list(OrganisationFactory(), herefordshire)
    )
    organisation = contact.organisation
    assert access.may_respond_for(contact.user, organisation)
    assert not access.may_respond_for(UserFactory(), organisation)
    assert not access.may_respond_for(AnonymousUser(), organisation)
    assert not access.may_respond_for(None, organisation)
    assert list(access.organisations_responding(contact.user)) == [organisation]
    assert not access.organisations_responding(AnonymousUser()).exists()


def test_a_lead_body_cannot_move_its_consultation_to_a_body_it_does_not_act_for(draft):
    user = lead_contact(draft)
    other_body = OrganisationFactory(public=True)
    with pytest.raises(PermissionDenied):
        services.update(consultation=draft, by=user, lead_body=other_body)
    draft.refresh_from_db()
    assert draft.lead_body != other_body


def test_an_officer_cannot_move_a_consultation_to_a_compact_they_do_not_run(draft, hertfordshire):
    officer = CompactOfficerFactory(compact=draft.compact).user
    with pytest.raises(PermissionDenied):
        services.update(consultation=draft, by=officer, compact=hertfordshire, title="Moved")
    draft.refresh_from_db()
    assert draft.compact != hertfordshire


def test_a_consultation_cannot_be_given_a_voluntary_lead_body(draft):
    from django.core.exceptions import ValidationError

    officer = CompactOfficerFactory(compact=draft.compact).user
    with pytest.raises(ValidationError):
        services.update(consultation=draft, by=officer, lead_body=OrganisationFactory())


def test_an_officer_may_not_open_another_compacts_consultation_in_the_admin(
    client, hertfordshire, published
):
    client.force_login(CompactOfficerFactory(compact=hertfordshire).user)
    url = f"/admin/consultations/consultation/{published.pk}/change/"
    assert client.get(url).status_code in {302, 404}


def test_the_admin_export_holds_only_the_officers_own_consultations(
    client, herefordshire, hertfordshire
):
    own = ConsultationFactory(compact=herefordshire, title="Ours", opens_on=date(2026, 1, 5))
    services.record_response(
        consultation=own,
        by=CompactOfficerFactory(compact=herefordshire).user,
        channel="written",
        body="From our own consultation",
        received_on=date(2026, 1, 10),
    )
    client.force_login(CompactOfficerFactory(compact=hertfordshire).user)
    response = client.post(
        "/admin/consultations/consultation/",
        {"action": "export_responses", "_selected_action": [own.pk]},
    )
    body = b"".join(response.streaming_content).decode()
    assert "From our own consultation" not in body
