"""A policy decision's equality impact assessment (Hertfordshire 2.1) and which matters are
open to change (Chelmsford §2): recorded by the lead body, shown on the public page."""

from datetime import date

import pytest
import time_machine

from consultations.models import Consultation
from consultations.tests.factories import ConsultationFactory
from consultations.tests.test_pages import dateparts, form

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, roles):
    client.force_login(roles["public_body_officer"])
    return roles["public_body_officer"]


@time_machine.travel(date(2026, 1, 2))
def test_the_lead_body_records_the_assessment_and_what_is_open_to_change(
    client, officer, herefordshire
):
    lead = officer.organisation_links.get().organisation
    client.post(
        "/consultations/new/",
        form(
            herefordshire,
            lead,
            equality_impact="done",
            **dateparts("equality_impact_on", date(2025, 12, 1)),
            equality_impact_summary="Older <people> rely on Saturday opening",
            open_to_change="Which days we open",
            not_open_to_change="The total budget, set by full council",
        ),
    )
    consultation = Consultation.objects.get()
    assert consultation.equality_impact == Consultation.EqualityImpact.DONE
    assert consultation.equality_impact_on == date(2025, 12, 1)
    client.logout()
    Consultation.objects.filter(pk=consultation.pk).update(status=Consultation.Status.OPEN)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Equality impact assessment" in page and "Done (1 December 2025)" in page
    assert "Older &lt;people&gt; rely on Saturday opening" in page
    assert "Open to change" in page and "Which days we open" in page
    assert "The total budget, set by full council" in page


@time_machine.travel(date(2026, 1, 2))
def test_an_assessment_done_needs_its_date(client, officer, herefordshire):
    lead = officer.organisation_links.get().organisation
    sent = client.post("/consultations/new/", form(herefordshire, lead, equality_impact="done"))
    assert sent.status_code == 400
    assert "Enter the date of the assessment" in sent.content.decode()
    assert not Consultation.objects.exists()


def test_a_consultation_without_an_assessment_says_not_recorded(client, herefordshire):
    consultation = ConsultationFactory(compact=herefordshire)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Equality impact assessment" in page and "Not recorded" in page
    assert "Open to change" not in page
