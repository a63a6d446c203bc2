"""Anyone responds while a consultation is open: for an organisation, alone or anonymously."""

import re
from datetime import date

import pytest
import time_machine
from django.core import mail

from consultations.models import Consultation, Response
from consultations.tests.factories import ConsultationFactory
from signatories.tests.factories import (
    OrganisationContactFactory,
    OrganisationFactory,
    SignatureFactory,
    on_the_list,
)

pytestmark = pytest.mark.django_db
OPEN_DAY = date(2026, 2, 1)


@pytest.fixture
def consultation(herefordshire):
    return ConsultationFactory(compact=herefordshire)


def token_of(page):
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def respond(client, consultation, **data):
    page = client.get(f"/consultations/{consultation.pk}/respond/").content.decode()
    form = {
        "token": token_of(page),
        "respondent_type": "individual",
        "name": "Sam",
        "email": "sam@example.org",
        "represents": "Myself",
        "capacity": "Resident",
        "body": "Keep Saturdays open.",
        "answer_0": "Good",
    }
    form.update(data)
    return client.post(f"/consultations/{consultation.pk}/respond/", form)


@time_machine.travel(OPEN_DAY)
def test_an_individual_responds_and_is_acknowledged_with_a_reference(
    client, consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = respond(client, consultation)
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.answers == {"What do you think?": "Good"}
    done = client.get(response["Location"]).content.decode()
    assert saved.reference in done
    assert saved.reference in mail.outbox[0].body


@time_machine.travel(OPEN_DAY)
def test_an_anonymous_response_keeps_no_name_but_gets_a_reference(client, consultation):
    respond(
        client,
        consultation,
        respondent_type="anonymous",
        name="Should vanish",
        email="",
        represents="",
    )
    saved = Response.objects.get()
    assert saved.name == "" and saved.reference.startswith("R-")
    assert len(mail.outbox) == 0


@time_machine.travel(OPEN_DAY)
def test_a_contact_responds_on_behalf_of_their_organisation(client, consultation):
    larder = on_the_list(OrganisationFactory(name="Ledbury Larder"), consultation.compact)
    contact = OrganisationContactFactory(organisation=larder)
    client.force_login(contact.user)
    respond(
        client,
        consultation,
        respondent_type="organisation",
        organisation=contact.organisation.pk,
        organisation_size="small",
        represents="Our 40 volunteers",
    )
    assert Response.objects.get().organisation == contact.organisation


def test_an_organisation_waiting_for_approval_does_not_respond_as_itself(client, consultation):
    pending = SignatureFactory(compact=consultation.compact, organisation__name="New Larder")
    contact = OrganisationContactFactory(organisation=pending.organisation)
    client.force_login(contact.user)
    page = client.get(f"/consultations/{consultation.pk}/respond/").content.decode()
    assert "New Larder" not in page  # not offered as an organisation to respond for
    assert not Response.objects.exists()


@time_machine.travel(OPEN_DAY)
def test_no_acknowledgement_when_the_consultation_said_so_at_the_start(client, herefordshire):
    consultation = ConsultationFactory(compact=herefordshire, acknowledge_responses=False)
    respond(client, consultation)
    assert len(mail.outbox) == 0


@time_machine.travel(OPEN_DAY)
def test_a_double_submission_creates_one_response(client, consultation):
    page = client.get(f"/consultations/{consultation.pk}/respond/").content.decode()
    form = {"token": token_of(page), "respondent_type": "anonymous", "body": "Once only"}
    client.post(f"/consultations/{consultation.pk}/respond/", form)
    client.post(f"/consultations/{consultation.pk}/respond/", form)
    assert Response.objects.count() == 1


@time_machine.travel(OPEN_DAY)
def test_an_empty_response_is_refused_and_the_rest_kept(client, consultation):
    response = respond(client, consultation, body="", answer_0="", represents="My street")
    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page and "Enter your response" in page and "My street" in page
    assert not Response.objects.exists()


@time_machine.travel(date(2026, 3, 31))
def test_a_response_after_closing_is_refused_clearly(client, consultation):
    page = client.get(f"/consultations/{consultation.pk}/respond/").content.decode()
    assert (
        "Responses can no longer be sent" in page
    )  # past its closing day, even before the task ran
    from django.core.exceptions import ValidationError

    from consultations import services

    with pytest.raises(ValidationError, match="closed on 30 March 2026"):
        services.submit_response(
            consultation=consultation, by=None, token="t", respondent_type="anonymous", body="late"
        )
    Consultation.objects.filter(pk=consultation.pk).update(status="closed")
    response = client.post(
        f"/consultations/{consultation.pk}/respond/",
        {"token": "x", "respondent_type": "anonymous", "body": "late"},
    )
    assert response.status_code == 400
    assert "Responses can no longer be sent" in response.content.decode()


def test_officers_record_responses_from_other_channels_including_petitions(client, herefordshire):
    council = on_the_list(OrganisationFactory(public=True), herefordshire)
    officer = OrganisationContactFactory(organisation=council).user
    consultation = ConsultationFactory(compact=herefordshire, lead_body=council)
    client.force_login(officer)
    url = f"/consultations/{consultation.pk}/responses/new/"
    base = {
        "respondent_type": "individual",
        "name": "Campaign",
        "received_on_0": "1",
        "received_on_1": "2",
        "received_on_2": "2026",
        "body": "Save it",
    }
    response = client.post(url, {**base, "channel": "petition"})
    assert "Enter the number of signatures" in response.content.decode()
    client.post(url, {**base, "channel": "petition", "petition_signatures": "1500"})
    client.post(url, {**base, "channel": "meeting"})
    assert sorted(Response.objects.values_list("channel", "petition_signatures")) == [
        ("meeting", None),
        ("petition", 1500),
    ]
    csv_text = b"".join(
        client.get(f"/consultations/{consultation.pk}/responses.csv").streaming_content
    ).decode()
    assert "petition" in csv_text and "1500" in csv_text


def test_the_responses_csv_keeps_anonymous_responses_anonymous_and_is_for_the_lead_body_only(
    client, herefordshire
):
    council = on_the_list(OrganisationFactory(public=True), herefordshire)
    officer = OrganisationContactFactory(organisation=council).user
    consultation = ConsultationFactory(compact=herefordshire, lead_body=council)
    Response.objects.create(
        consultation=consultation,
        reference="R-ANON",
        respondent_type="anonymous",
        name="Hidden Name",
        email="hidden@example.org",
        body="x",
        received_on=OPEN_DAY,
    )
    client.force_login(officer)
    csv_text = b"".join(
        client.get(f"/consultations/{consultation.pk}/responses.csv").streaming_content
    ).decode()
    assert (
        "R-ANON" in csv_text
        and "Hidden Name" not in csv_text
        and "hidden@example.org" not in csv_text
    )
    client.force_login(OrganisationContactFactory().user)
    assert client.get(f"/consultations/{consultation.pk}/responses.csv").status_code == 403


def test_the_admin_export_keeps_anonymous_responses_anonymous(client, herefordshire):
    from signatories.tests.factories import CompactOfficerFactory

    consultation = ConsultationFactory(compact=herefordshire)
    Response.objects.create(
        consultation=consultation,
        reference="R-ANON2",
        respondent_type="anonymous",
        name="Secret Person",
        email="secret@example.org",
        body="x",
        received_on=OPEN_DAY,
    )
    Response.objects.create(
        consultation=consultation,
        reference="R-NAMED",
        respondent_type="individual",
        name="Open Person",
        email="open@example.org",
        body="y",
        received_on=OPEN_DAY,
    )
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    response = client.post(
        "/admin/consultations/consultation/",
        {"action": "export_responses", "_selected_action": [consultation.pk]},
    )
    text = b"".join(response.streaming_content).decode()
    assert "R-ANON2" in text and "Secret Person" not in text and "secret@example.org" not in text
    assert "Open Person" in text and consultation.title in text
