"""The consultations admin is a client of the services: it adds through `create_draft`, changes
through `update`, and leaves what other services write (status, feedback, responses) alone."""

from datetime import date

import pytest
import time_machine

from consultations.models import Consultation, Response
from consultations.tests.factories import ConsultationFactory
from consultations.tests.test_pages import form
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
S = Consultation.Status
ADD = "/admin/consultations/consultation/add/"


def change_url(consultation):
    return f"/admin/consultations/consultation/{consultation.pk}/change/"


def admin_form(compact, lead, **overrides):
    """The admin's add or change form as a browser sends it."""
    data = {
        "compact": compact.pk,
        "lead_body": lead.pk,
        "title": "Library hours",
        "summary": "Hours",
        "body": "Shorter hours",
        "level": "consulting",
        "audience": "Residents",
        "opens_on": "2026-01-05",
        "closes_on": "2026-03-29",
        "shorter_reason_kind": "legal",
        "shorter_reason": "A statutory deadline",
        "acknowledge_responses": "on",
        "glossary": "",
        "contact_email": "lib@example.org",
        "questions_text": "Which days?",
        # The management form of the read-only list of emails about it (EmailsAboutInline).
        "core-outboundemail-content_type-object_id-TOTAL_FORMS": "0",
        "core-outboundemail-content_type-object_id-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    data.update(overrides)
    return data


@pytest.fixture
def council(herefordshire):
    council = OrganisationFactory(public=True, name="Herefordshire Council")
    SignatureFactory(organisation=council, compact=herefordshire, approved=True)
    return council


@pytest.fixture
def officer(herefordshire):
    return CompactOfficerFactory(compact=herefordshire).user


@time_machine.travel(date(2026, 1, 2))
def test_a_consultation_added_in_the_admin_has_the_verdict_and_dates_the_site_gives(
    client, herefordshire, council, officer
):
    client.force_login(OrganisationContactFactory(organisation=council).user)
    site = form(
        herefordshire, council, shorter_reason_kind="legal", shorter_reason="A statutory deadline"
    )
    assert client.post("/consultations/new/", site).status_code == 302
    through_site = Consultation.objects.get()

    client.force_login(officer)
    response = client.post(ADD, admin_form(herefordshire, council))
    assert response.status_code == 302, response.content.decode()
    through_admin = Consultation.objects.exclude(pk=through_site.pk).get()

    assert through_admin.compliance_state == through_site.compliance_state
    assert through_admin.compliance_state == Consultation.Compliance.SHORTER_WITH_REASON
    assert through_admin.feedback_due == through_site.feedback_due == date(2026, 6, 21)
    assert through_admin.status == S.DRAFT
    assert through_admin.questions == ["Which days?"]
    assert through_admin.created_by == officer
    assert through_admin.history.get().history_change_reason == "Drafted"


def test_an_admin_add_the_services_refuse_shows_the_error_on_its_field(client, herefordshire):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    charity = OrganisationFactory(name="Ledbury Larder")
    response = client.post(ADD, admin_form(herefordshire, charity))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "lead_body": ["The lead body must be a public-sector organisation."]
    }
    assert not Consultation.objects.exists()


@time_machine.travel(date(2027, 1, 2))
def test_an_admin_change_shortening_a_published_consultation_needs_the_reason(
    client, herefordshire, council, officer
):
    consultation = ConsultationFactory(
        compact=herefordshire,
        lead_body=council,
        opens_on=date(2026, 10, 1),
        closes_on=date(2027, 1, 15),
        status=S.OPEN,
    )
    client.force_login(officer)
    data = admin_form(
        herefordshire,
        council,
        opens_on="2026-10-01",
        closes_on="2027-01-08",
        shorter_reason_kind="",
        shorter_reason="",
    )
    response = client.post(change_url(consultation), data)
    assert response.status_code == 200
    assert "date_change_reason" in response.context["adminform"].form.errors
    consultation.refresh_from_db()
    assert consultation.closes_on == date(2027, 1, 15)

    from consultations.models import DateChange

    data["date_change_reason"] = "The budget is set on 9 January"
    assert client.post(change_url(consultation), data).status_code == 302
    change = DateChange.objects.get()
    assert (change.old_date, change.new_date, change.changed_by) == (
        date(2027, 1, 15),
        date(2027, 1, 8),
        officer,
    )
    latest = consultation.history.order_by("-history_id").first()
    assert latest.history_user == officer
    assert "The budget is set on 9 January" in latest.history_change_reason


def test_the_admin_cannot_write_what_other_services_write(client, herefordshire, council, officer):
    consultation = ConsultationFactory(compact=herefordshire, lead_body=council, status=S.OPEN)
    client.force_login(officer)
    data = admin_form(
        herefordshire,
        council,
        opens_on=f"{consultation.opens_on:%Y-%m-%d}",
        closes_on=f"{consultation.closes_on:%Y-%m-%d}",
        title="Renamed",
        feedback="Decided already",
        feedback_published_on="2026-01-01",
        status=S.FEEDBACK_PUBLISHED,
        commitments_confirmed="on",
    )
    assert client.post(change_url(consultation), data).status_code == 302
    consultation.refresh_from_db()
    assert consultation.title == "Renamed"
    assert (consultation.feedback, consultation.feedback_published_on) == ("", None)
    assert consultation.status == S.OPEN


def test_nobody_deletes_a_consultation_or_a_response_in_the_admin(client, herefordshire):
    consultation = ConsultationFactory(compact=herefordshire)
    response = Response.objects.create(
        consultation=consultation,
        reference="R-1",
        respondent_type="individual",
        body="Views",
        received_on=date(2026, 2, 1),
    )
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert (
        client.post(f"{change_url(consultation)[:-7]}delete/", {"post": "yes"}).status_code == 403
    )
    assert (
        client.post(
            f"/admin/consultations/response/{response.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert Consultation.objects.filter(pk=consultation.pk).exists()
    assert Response.objects.filter(pk=response.pk).exists()
