"""Levels of participation drive the page (004 §8): informing informs, the others invite."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from consultations import services
from consultations.models import Consultation, Response
from consultations.tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db
OPEN_DAY = date(2026, 2, 1)
Level = Consultation.Level


def informing(compact, **kwargs):
    return ConsultationFactory(compact=compact, level=Level.INFORMING, **kwargs)


@time_machine.travel(OPEN_DAY)
def test_an_informing_consultation_shows_no_respond_button_and_says_no_response_is_sought(
    client, herefordshire
):
    consultation = informing(herefordshire)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Respond to this consultation" not in page
    assert f"/consultations/{consultation.pk}/respond/" not in page
    assert "does not seek responses" in page
    assert "Every response will be acknowledged" not in page


@time_machine.travel(OPEN_DAY)
@pytest.mark.parametrize("level", [Level.CONSULTING, Level.PARTNERSHIP])
def test_consulting_and_partnership_invite_responses(client, herefordshire, level):
    consultation = ConsultationFactory(compact=herefordshire, level=level)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Respond to this consultation" in page


@time_machine.travel(OPEN_DAY)
def test_the_respond_page_of_an_informing_consultation_takes_no_response(client, herefordshire):
    consultation = informing(herefordshire)
    page = client.get(f"/consultations/{consultation.pk}/respond/")
    assert "This consultation does not seek responses" in page.content.decode()
    posted = client.post(
        f"/consultations/{consultation.pk}/respond/",
        {"token": "t", "respondent_type": "anonymous", "body": "Hello"},
    )
    assert posted.status_code == 400
    assert not Response.objects.exists()


@time_machine.travel(OPEN_DAY)
def test_the_services_refuse_a_response_to_an_informing_consultation(herefordshire, roles):
    consultation = informing(
        herefordshire, lead_body=roles["public_body_officer"].organisation_links.get().organisation
    )
    with pytest.raises(ValidationError, match="seeks no responses"):
        services.submit_response(
            consultation=consultation, by=None, token="", respondent_type="anonymous", body="Hi"
        )
    with pytest.raises(ValidationError, match="seeks no responses"):
        services.record_response(
            consultation=consultation,
            by=roles["public_body_officer"],
            channel=Response.Channel.WRITTEN,
            body="A letter",
            received_on=OPEN_DAY,
        )
    assert not Response.objects.exists()


@time_machine.travel(OPEN_DAY)
def test_the_lead_body_sees_no_response_count_or_response_links_on_an_informing_one(
    client, herefordshire, roles
):
    officer = roles["public_body_officer"]
    consultation = informing(herefordshire, lead_body=officer.organisation_links.get().organisation)
    client.force_login(officer)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Run this consultation" in page
    assert "responses so far" not in page and "0 responses" not in page
    assert "Record a response" not in page and "responses.csv" not in page
    manage = client.get("/consultations/yours/").content.decode()
    assert "Informing" in manage


def test_an_informing_consultation_owes_no_feedback(herefordshire):
    consultation = informing(herefordshire, status=Consultation.Status.CLOSED)
    assert consultation.feedback_due is None
    assert not consultation.feedback_overdue(date(2027, 1, 1))


def test_a_closed_informing_consultation_does_not_await_feedback(client, herefordshire):
    informing(herefordshire, status=Consultation.Status.CLOSED, title="Decided already")
    ConsultationFactory(compact=herefordshire, status=Consultation.Status.CLOSED, title="Asked")
    page = client.get("/consultations/?awaiting_feedback=true").content.decode()
    assert "Asked" in page and "Decided already" not in page
