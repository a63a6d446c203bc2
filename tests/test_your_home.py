"""A signed-in contact's home: each of their organisations' live items and what to do next."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from consultations.models import Consultation, Response
from consultations.tests.factories import ConsultationFactory
from disputes.tests.factories import CaseFactory
from funding.models import FundingNotice
from funding.tests.factories import AgreementFactory
from signatories import services
from signatories.tests.factories import (
    PASSWORD,
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 2, 10)


@pytest.fixture
def charity(herefordshire):
    organisation = OrganisationFactory(name="Ledbury Larder")
    SignatureFactory(organisation=organisation, compact=herefordshire, approved=True)
    return organisation


@pytest.fixture
def council(herefordshire):
    organisation = OrganisationFactory(public=True, name="Herefordshire Council")
    SignatureFactory(organisation=organisation, compact=herefordshire, approved=True)
    return organisation


def _home(client, user):
    client.force_login(user)
    with time_machine.travel(TODAY, tick=False):
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_public_home_page_is_unchanged_for_visitors(client, compacts):
    page = client.get("/").content.decode()
    assert "Your home" not in page
    assert "Herefordshire" in page


def test_a_contact_sees_open_consultations_to_respond_to_with_their_closing_date(
    client, herefordshire, charity, council
):
    consultation = ConsultationFactory(
        compact=herefordshire, lead_body=council, title="Library hours", closes_on=date(2026, 3, 30)
    )
    contact = OrganisationContactFactory(organisation=charity).user
    page = _home(client, contact)
    assert "Ledbury Larder" in page
    assert "Library hours" in page
    assert reverse("consultations:respond", args=[consultation.pk]) in page
    assert "By 30 March 2026" in page
    assert "govuk-task-list" in page


def test_a_response_already_sent_is_listed_and_not_asked_again(
    client, herefordshire, charity, council
):
    consultation = ConsultationFactory(compact=herefordshire, lead_body=council, title="Parks")
    Response.objects.create(
        consultation=consultation,
        reference="R-HOME1",
        respondent_type=Response.RespondentType.ORGANISATION,
        organisation=charity,
        body="We agree.",
        received_on=date(2026, 2, 1),
    )
    page = _home(client, OrganisationContactFactory(organisation=charity).user)
    assert "R-HOME1" in page
    assert reverse("consultations:respond", args=[consultation.pk]) not in page


def test_a_contact_sees_their_funding_agreements_notices_and_cases(
    client, herefordshire, charity, council
):
    agreement = AgreementFactory(
        compact=herefordshire, funder=council, recipient=charity, title="Advice line"
    )
    notice = FundingNotice.objects.create(
        agreement=agreement,
        kind=FundingNotice.Kind.END,
        issued_on=date(2026, 2, 1),
        effective_on=date(2026, 6, 1),
        reasons="Budget.",
    )
    case = CaseFactory(compact=herefordshire, complainant=charity, respondent=council)
    page = _home(client, OrganisationContactFactory(organisation=charity).user)
    assert "Advice line" in page and agreement.get_absolute_url() in page
    assert notice.get_absolute_url() in page
    assert case.get_absolute_url() in page and case.reference in page


def test_a_re_commitment_says_what_the_review_changed_and_its_date(client, herefordshire):
    organisation = OrganisationFactory(name="Ross Youth Club")
    with time_machine.travel(date(2025, 6, 1), tick=False):
        SignatureFactory(organisation=organisation, compact=herefordshire, approved=True)
    with time_machine.travel(date(2026, 1, 20), tick=False):
        services.record_review(
            compact=herefordshire,
            by=CompactOfficerFactory(compact=herefordshire).user,
            reviewed_on=date(2026, 1, 20),
            summary="Funding notice rises to six months.",
        )
    page = _home(client, OrganisationContactFactory(organisation=organisation).user)
    assert "Funding notice rises to six months." in page
    assert "Re-commit to the" in page


def test_a_pending_organisation_sees_only_its_sign_up(client, herefordshire, council):
    waiting = OrganisationFactory(name="New Group")
    SignatureFactory(organisation=waiting, compact=herefordshire)
    ConsultationFactory(compact=herefordshire, lead_body=council, title="Bins")
    page = _home(client, OrganisationContactFactory(organisation=waiting).user)
    assert "New Group" in page
    assert "Waiting for approval" in page
    assert "Bins" not in page


def test_a_public_body_officer_sees_feedback_renewals_and_cases_against_their_body(
    client, herefordshire, charity, council
):
    closed = ConsultationFactory(
        compact=herefordshire,
        lead_body=council,
        title="Street lights",
        status=Consultation.Status.CLOSED,
        opens_on=date(2025, 9, 1),
        closes_on=date(2025, 12, 1),
    )
    agreement = AgreementFactory(
        compact=herefordshire,
        funder=council,
        recipient=charity,
        title="Meals",
        renewal_date=date(2026, 9, 1),
    )
    case = CaseFactory(compact=herefordshire, complainant=charity, respondent=council)
    page = _home(client, OrganisationContactFactory(organisation=council).user)
    assert "Consultations awaiting feedback" in page
    assert reverse("consultations:feedback", args=[closed.pk]) in page
    assert reverse("funding:renewal_new", args=[agreement.pk]) in page
    assert case.get_absolute_url() in page and "Ledbury Larder" in page


def test_another_organisations_items_are_not_shown(client, herefordshire, charity, council):
    stranger = OrganisationFactory(name="Someone Else")
    SignatureFactory(organisation=stranger, compact=herefordshire, approved=True)
    AgreementFactory(compact=herefordshire, funder=council, recipient=stranger, title="Not yours")
    page = _home(client, OrganisationContactFactory(organisation=charity).user)
    assert "Not yours" not in page


def test_someone_with_no_organisation_is_offered_the_sign_up_link(client, compacts):
    page = _home(client, UserFactory())
    assert f'href="{reverse("signatories:signup_start")}"' in page


def test_signing_in_ends_on_the_home_page(client, compacts):
    UserFactory(email="jo@example.org")
    response = client.post(
        reverse("accounts:login"), {"username": "jo@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_the_manage_page_shows_what_the_review_changed_beside_re_commit(client, herefordshire):
    organisation = OrganisationFactory(name="Kington Walkers")
    with time_machine.travel(date(2025, 6, 1), tick=False):
        SignatureFactory(organisation=organisation, compact=herefordshire, approved=True)
    services.record_review(
        compact=herefordshire,
        by=CompactOfficerFactory(compact=herefordshire).user,
        reviewed_on=date(2026, 1, 20),
        summary="Consultations now name a lead officer.",
    )
    client.force_login(OrganisationContactFactory(organisation=organisation).user)
    page = client.get(reverse("signatories:manage", args=[organisation.pk])).content.decode()
    assert "Consultations now name a lead officer." in page
    assert f'href="{reverse("home")}"' in page  # its consultations, funding and cases


def test_the_public_home_page_links_raise_a_concern(client, compacts):
    page = client.get("/").content.decode()
    assert f'href="{reverse("disputes:raise")}">raise a concern</a>' in page
