"""Every CSV the portal gives out keeps what people typed as text: a cell a spreadsheet would run
as a formula (=, +, -, @) is written with a leading apostrophe."""

import csv
import io
from datetime import date

import pytest

from consultations.models import Response
from consultations.tests.factories import ConsultationFactory
from core.exports import safe_cell
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db
PAYLOADS = [
    '=HYPERLINK("https://example.org","Click")',
    "@SUM(1+1)",
    "-2+3+cmd|' /C calc'!A0",
    "+1",
]


def _cells(content: bytes | str) -> list[str]:
    text = content.decode() if isinstance(content, bytes) else content
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _unsafe(cells):
    return [cell for cell in cells if cell[:1] in {"=", "+", "-", "@"}]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_is_written_as_text(payload):
    assert safe_cell(payload) == "'" + payload
    assert safe_cell(-2) == -2 and safe_cell("2026-01-05") == "2026-01-05"


def test_the_published_list_csv_keeps_names_as_text(client, drawn_afresh, herefordshire):
    for payload in PAYLOADS:
        organisation = OrganisationFactory(name=payload)
        SignatureFactory(organisation=organisation, compact=herefordshire, approved=True)
    response = client.get("/signatories.csv")
    cells = _cells(b"".join(response.streaming_content))
    assert _unsafe(cells) == []
    assert "'" + PAYLOADS[0] in cells


def test_the_responses_csv_keeps_answers_as_text(client, herefordshire):
    consultation = ConsultationFactory(compact=herefordshire)
    for number, payload in enumerate(PAYLOADS):
        Response.objects.create(
            consultation=consultation,
            reference=f"R-{number}",
            respondent_type=Response.RespondentType.INDIVIDUAL,
            name=payload,
            body=payload,
            received_on=date(2026, 2, 1),
        )
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    response = client.get(f"/consultations/{consultation.pk}/responses.csv")
    assert response.status_code == 200
    cells = _cells(b"".join(response.streaming_content))
    assert _unsafe(cells) == [] and "'" + PAYLOADS[1] in cells


def test_a_bodys_compliance_report_keeps_titles_as_text(client, herefordshire):
    body = OrganisationFactory(public=True)
    SignatureFactory(organisation=body, compact=herefordshire, approved=True)
    ConsultationFactory(compact=herefordshire, lead_body=body, title=PAYLOADS[2])
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    response = client.get(
        f"/dashboard/herefordshire/bodies/{body.pk}/?format=csv&from=2026-01-01&to=2026-12-31"
    )
    assert response.status_code == 200
    cells = _cells(response.content)
    assert _unsafe(cells) == [] and "'" + PAYLOADS[2] in cells
