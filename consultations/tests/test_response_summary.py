"""The lead body's summary of responses: each counts once, grouped by who sent it (004 10.2.8)."""

import csv
import io
from datetime import date

import pytest
import time_machine

from consultations import services
from consultations.models import Consultation, Response
from consultations.summary import summarise
from consultations.tests.factories import ConsultationFactory
from signatories.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
Q1 = "What do you think?"


@pytest.fixture
def council(roles):
    return roles["public_body_officer"].organisation_links.get().organisation


@pytest.fixture
def consultation(herefordshire, council, roles):
    consultation = ConsultationFactory(compact=herefordshire, lead_body=council)
    officer = roles["public_body_officer"]
    tiny = OrganisationFactory(name="Kington Larder")
    big = OrganisationFactory(name="Big National Charity")
    for organisation, size, text in (
        (tiny, "micro", "Keep the Tuesday bus"),
        (big, "major", "Merge the routes"),
    ):
        Response.objects.create(
            consultation=consultation,
            reference=f"R-{organisation.pk}",
            respondent_type="organisation",
            organisation=organisation,
            organisation_size=size,
            capacity="Trustee",
            answers={Q1: text},
            body="",
            received_on=date(2026, 2, 1),
        )
    services.record_response(
        consultation=consultation,
        by=officer,
        channel=Response.Channel.PETITION,
        body="Save the 42",
        received_on=date(2026, 2, 2),
        petition_signatures=1200,
        represents="Residents of Ledbury",
    )
    services.record_response(
        consultation=consultation,
        by=officer,
        channel=Response.Channel.MEETING,
        respondent_type="anonymous",
        body='=HYPERLINK("http://evil")',
        received_on=date(2026, 2, 3),
    )
    return consultation


def test_counts_by_kind_channel_and_capacity_each_response_counting_once(consultation):
    summary = summarise(consultation)
    assert summary.total == 4
    assert summary.kinds == [
        ("Voluntary and community sector: micro", 1, 0),
        ("Voluntary and community sector: major", 1, 0),
        ("Anonymous", 1, 0),
        ("Petitions", 1, 1200),
    ]
    assert dict(summary.channels) == {"Online": 2, "Petition": 1, "At a meeting": 1}
    assert dict(summary.capacities) == {"Trustee": 2, "Not stated": 2}
    question = summary.questions[0]
    assert question.question == Q1
    assert [(g.label, g.texts) for g in question.groups] == [
        (
            "Voluntary and community sector: micro",
            [(f"R-{_org('Kington Larder')}", "Keep the Tuesday bus")],
        ),
        (
            "Voluntary and community sector: major",
            [(f"R-{_org('Big National Charity')}", "Merge the routes")],
        ),
    ]
    general = summary.questions[-1]
    assert [g.label for g in general.groups] == ["Anonymous", "Petitions"]


def _org(name):
    from signatories.models import Organisation

    return Organisation.objects.get(name=name).pk


@time_machine.travel(date(2026, 4, 1))
def test_the_officer_reads_the_summary_small_beside_large(client, consultation, roles):
    client.force_login(roles["public_body_officer"])
    page = client.get(f"/consultations/{consultation.pk}/responses/summary/").content.decode()
    assert "Summary of responses" in page
    assert page.index("Keep the Tuesday bus") < page.index("Merge the routes")
    assert "1200 signatures" in page
    assert "=HYPERLINK(&quot;http://evil&quot;)" in page  # shown as text, escaped


def test_the_summary_downloads_as_csv_with_formulas_neutralised(client, consultation, roles):
    client.force_login(roles["compact_officer"])
    response = client.get(f"/consultations/{consultation.pk}/responses/summary.csv")
    assert response["Content-Disposition"].endswith(f'response-summary-{consultation.pk}.csv"')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["section", "question", "group", "responses"]
    assert ["who responded", "", "Petitions", "1", "1200", "", ""] in rows
    texts = [r[6] for r in rows if r[0] == "answer"]
    assert '\'=HYPERLINK("http://evil")' in texts and "Keep the Tuesday bus" in texts


@time_machine.travel(date(2026, 4, 1))
def test_the_feedback_form_shows_the_summary_beside_it(client, consultation, roles):
    Consultation.objects.filter(pk=consultation.pk).update(status=Consultation.Status.CLOSED)
    client.force_login(roles["public_body_officer"])
    page = client.get(f"/consultations/{consultation.pk}/feedback/").content.decode()
    assert "You said, we did" in page and "What respondents said" in page
    assert "Keep the Tuesday bus" in page and "Petitions" in page


@pytest.mark.parametrize(
    "role, status",
    [
        ("anonymous", 302),
        ("contact", 403),
        ("reference_group_member", 403),
        ("other_compact_officer", 403),
    ],
)
def test_nobody_else_reads_the_summary(client, consultation, roles, role, status):
    if roles[role] is not None:
        client.force_login(roles[role])
    for path in ("responses/summary/", "responses/summary.csv"):
        assert client.get(f"/consultations/{consultation.pk}/{path}").status_code == status
