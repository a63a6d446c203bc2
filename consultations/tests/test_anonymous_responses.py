"""An anonymous response stores no link to the account that sent it, nor does its history."""

import re
from datetime import date

import pytest
import time_machine

from consultations.models import Response
from consultations.tests.factories import ConsultationFactory
from signatories.tests.factories import CompactOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db
OPEN_DAY = date(2026, 2, 1)


@pytest.fixture
def consultation(herefordshire):
    return ConsultationFactory(compact=herefordshire)


def respond(client, consultation, **data):
    page = client.get(f"/consultations/{consultation.pk}/respond/").content.decode()
    form = {
        "token": re.search(r'name="token" value="([^"]+)"', page).group(1),
        "respondent_type": "individual",
        "name": "Sam",
        "email": "sam@example.org",
        "represents": "Myself",
        "capacity": "Resident",
        "body": "Keep Saturdays open.",
        "answer_0": "Good",
        **data,
    }
    return client.post(f"/consultations/{consultation.pk}/respond/", form)


@pytest.fixture
def sender(client):
    user = UserFactory(email="sender.secret@example.org", full_name="Sender Secret")
    client.force_login(user)
    return user


@time_machine.travel(OPEN_DAY)
def test_an_anonymous_response_from_a_signed_in_person_names_no_account(
    client, consultation, sender
):
    assert (
        respond(
            client, consultation, respondent_type="anonymous", name="", email="", represents=""
        ).status_code
        == 302
    )
    response = Response.objects.get()
    assert response.submitted_by is None and response.recorded_by is None
    for row in response.history.all():
        assert row.history_user is None and row.submitted_by is None


@time_machine.travel(OPEN_DAY)
def test_the_officer_sees_anonymous_in_the_admin_and_its_history(
    client, consultation, sender, herefordshire
):
    respond(client, consultation, respondent_type="anonymous", name="", email="", represents="")
    response = Response.objects.get()
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    for page in ("change", "history"):
        html = client.get(f"/admin/consultations/response/{response.pk}/{page}/")
        assert html.status_code == 200
        text = html.content.decode()
        assert "sender.secret@example.org" not in text and "Sender Secret" not in text
    change = client.get(f"/admin/consultations/response/{response.pk}/change/").content.decode()
    assert "anonymous" in change


@time_machine.travel(OPEN_DAY)
def test_an_individual_response_still_names_its_account(client, consultation, sender):
    respond(client, consultation)
    response = Response.objects.get()
    assert response.submitted_by == sender
    assert response.history.get().history_user == sender
