"""Every text a consultation's forms take has a length, checked on the form with a message that
names the field and its limit: titles, questions, reasons and responses."""

from datetime import date

import pytest
import time_machine

from consultations.models import Consultation, Response
from consultations.tests.factories import ConsultationFactory
from consultations.tests.test_pages import form
from signatories.tests.factories import (
    OrganisationContactFactory,
    OrganisationFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(date(2026, 1, 2)):
        yield


@pytest.fixture
def officer(client, herefordshire):
    council = OrganisationFactory(public=True, name="Herefordshire Council")
    SignatureFactory(organisation=council, compact=herefordshire, approved=True)
    user = OrganisationContactFactory(organisation=council).user
    client.force_login(user)
    return user


def lead(officer):
    return officer.organisation_links.get().organisation


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "T" * 201, "The title must be 200 characters or fewer (it has 201)"),
        ("summary", "S" * 2_001, "The summary must be 2,000 characters or fewer (it has 2001)"),
        (
            "shorter_reason",
            "R" * 2_001,
            "The reason must be 2,000 characters or fewer (it has 2001)",
        ),
        (
            "questions_text",
            "Q?\n" + "W" * 501,
            "Question 2 must be 500 characters or fewer (it has 501)",
        ),
        (
            "questions_text",
            "\n".join(f"Question {n}?" for n in range(21)),
            "Ask 20 questions or fewer (there are 21)",
        ),
    ],
)
def test_a_draft_with_a_text_too_long_is_refused_on_its_field(
    client, officer, herefordshire, field, value, message
):
    data = form(herefordshire, lead(officer), shorter_reason_kind="legal", **{field: value})
    response = client.post("/consultations/new/", data)
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert not Consultation.objects.exists()


def test_an_extension_reason_too_long_is_refused(client, officer, herefordshire):
    consultation = ConsultationFactory(compact=herefordshire, lead_body=lead(officer))
    response = client.post(
        f"/consultations/{consultation.pk}/extend/",
        {"closes_on_0": "30", "closes_on_1": "4", "closes_on_2": "2026", "reason": "R" * 2_001},
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "reason": ["The reason must be 2,000 characters or fewer (it has 2001)"]
    }
    assert not consultation.extensions.exists()


def test_a_recorded_response_too_long_is_refused(client, officer, herefordshire):
    consultation = ConsultationFactory(compact=herefordshire, lead_body=lead(officer))
    response = client.post(
        f"/consultations/{consultation.pk}/responses/new/",
        {
            "channel": "written",
            "respondent_type": "individual",
            "received_on_0": "1",
            "received_on_1": "1",
            "received_on_2": "2026",
            "body": "B" * 20_001,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "body": ["The response must be 20,000 characters or fewer (it has 20001)"]
    }
    assert not Response.objects.exists()


def test_an_online_response_too_long_says_so_on_its_field(client, herefordshire):
    consultation = ConsultationFactory(compact=herefordshire)
    response = client.post(
        f"/consultations/{consultation.pk}/respond/",
        {"token": "t", "respondent_type": "anonymous", "body": "B" * 20_001},
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "body": ["Your response must be 20,000 characters or fewer (it has 20001)"]
    }
