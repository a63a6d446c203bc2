"""The annual review pack: one financial year per Compact, as a page and as a PDF drawn from
the same template, with the previous year beside it; the public one names no body or case."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.utils.html import escape

from conftest import require_service
from consultations.tests.factories import ConsultationFactory
from disputes.tests.factories import CaseFactory
from funding.models import FundingNotice
from funding.tests.factories import AgreementFactory
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    ReferenceGroupMemberFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
SLUGS = ["herefordshire", "hertfordshire", "chelmsford"]


def notice(agreement, *, short=False):
    issued = date(2026, 6, 1)
    return FundingNotice.objects.create(
        agreement=agreement,
        kind="end",
        issued_on=issued,
        effective_on=issued + timedelta(days=30) if short else date(2026, 12, 1),
        in_writing=True,
        reasons="Budget",
        equality_impact_assessment="done",
        impact_assessment="done",
        improvement_plan="done",
    )


@pytest.fixture
def year(compacts, request):
    """A Compact's 2026–27: two consultations meeting the minimum and one shorter with a
    reason, three notices in time and one short, two cases closed (one a lesson)."""
    compact = compacts[request.param]
    council = OrganisationFactory(public=True, name="Riverside Borough Council")
    charity = OrganisationFactory(name="Meadow Lane Food Bank")
    for org in (council, charity):
        SignatureFactory(
            organisation=org, compact=compact, approved=True, signed_on=date(2026, 5, 4)
        )
    for closes, reason in (
        (date(2026, 6, 29), ""),
        (date(2026, 7, 6), ""),
        (date(2026, 5, 4), "Statutory deadline"),
    ):
        ConsultationFactory(
            compact=compact,
            lead_body=council,
            opens_on=closes - timedelta(weeks=12) if not reason else date(2026, 4, 6),
            closes_on=closes,
            shorter_reason=reason,
            status="closed",
        )
    agreement = AgreementFactory(
        compact=compact,
        funder=council,
        recipient=charity,
        start_date=date(2026, 4, 1),
        end_date=date(2029, 3, 31),
    )
    for _ in range(3):
        notice(agreement)
    notice(agreement, short=True)
    resolved = CaseFactory(
        compact=compact,
        complainant=charity,
        respondent=council,
        initial_contact_on=date(2026, 4, 10),
        state="resolved",
        closed_on=date(2026, 7, 1),
        closed_at_stage="informal",
        lesson_learnt="Talk to the charity before changing a grant.",
    )
    withdrawn = CaseFactory(
        compact=compact,
        complainant=charity,
        respondent=council,
        initial_contact_on=date(2026, 5, 10),
        state="withdrawn",
        closed_on=date(2026, 8, 1),
        closed_at_stage="informal",
    )
    return {
        "compact": compact,
        "council": council,
        "charity": charity,
        "cases": [resolved, withdrawn],
    }


def words(html: str) -> str:
    """The page's text with its tags gone and its spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def comparison_line(label, this, previous, change) -> str:
    return f"{label} {this} {previous} {change}"


@time_machine.travel(TODAY)
@pytest.mark.parametrize("year", SLUGS, indirect=True)
def test_the_pack_shows_the_years_figures_beside_the_year_before(client, year):
    compact = year["compact"]
    client.force_login(ReferenceGroupMemberFactory(compact=compact).user)
    response = client.get(f"/dashboard/{compact.slug}/pack/2026/")
    assert response.status_code == 200
    text = words(response.content.decode())
    assert "Annual review pack 2026–27" in text
    assert comparison_line("Consultations meeting the minimum period", 2, 0, "up 2") in text
    assert comparison_line("Funding notices meeting the notice rule", 3, 0, "up 3") in text
    assert comparison_line("Funding notices not meeting it", 1, 0, "up 1") in text
    assert comparison_line("Cases closed", 2, 0, "up 2") in text
    assert (
        comparison_line("Challenges resolved through the resolution procedure", 1, 0, "up 1")
        in text
    )
    assert "Talk to the charity before changing a grant." in text
    assert str(compact.clause_for("consultation_min_weeks")) in text


@time_machine.travel(TODAY)
@pytest.mark.parametrize("year", ["herefordshire"], indirect=True)
def test_the_full_pack_names_each_case_and_each_bodys_line(client, year):
    client.force_login(CompactOfficerFactory(compact=year["compact"]).user)
    text = words(client.get("/dashboard/herefordshire/pack/2026/").content.decode())
    for case in year["cases"]:
        assert case.reference in text
        assert case.contact_name not in text and case.what_happened not in text
    # the council's line from its compliance report: 3 consultations, 4 notices, 1 term
    line = text.split("Riverside Borough Council")[-1]  # its line comes after its cases
    assert re.match(r"\s*3 Meets the Compact: 2 Shorter, with reason: 1 4 ", line)
    report = f"/dashboard/herefordshire/bodies/{year['council'].pk}/?fy=2026"
    assert report in client.get("/dashboard/herefordshire/pack/2026/").content.decode()
    # cases by stage and outcome: informal, resolved 1, withdrawn 1, closed unresolved 0
    assert "Informal 1 1 0 0" in text


@time_machine.travel(TODAY)
@pytest.mark.parametrize("year", ["herefordshire"], indirect=True)
def test_the_public_pack_names_no_body_and_no_case(client, year):
    page = client.get("/dashboard/herefordshire/summary/pack/2026/").content.decode()
    text = words(page)
    assert comparison_line("Consultations meeting the minimum period", 2, 0, "up 2") in text
    assert "Talk to the charity before changing a grant." in text
    for name in (year["council"].name, year["charity"].name):
        assert escape(name) not in page
    for case in year["cases"]:
        assert case.reference not in page and case.contact_name not in page


@time_machine.travel(TODAY)
def test_the_compacts_page_links_to_its_public_packs(client, herefordshire):
    page = client.get(f"/compacts/{herefordshire.slug}/").content.decode()
    assert "/dashboard/herefordshire/summary/pack/2025/" in page
    assert "/dashboard/herefordshire/summary/pack/2026/" in page


@pytest.mark.parametrize("year_in_path", [1999, 2101])
def test_a_year_out_of_range_is_not_found(client, herefordshire, year_in_path):
    assert client.get(f"/dashboard/herefordshire/summary/pack/{year_in_path}/").status_code == 404


def test_a_charitys_contact_may_not_open_the_full_pack(client, herefordshire):
    client.force_login(OrganisationContactFactory().user)
    assert client.get("/dashboard/herefordshire/pack/2026/").status_code == 403
    assert client.get("/dashboard/herefordshire/pack/2026/?format=pdf").status_code == 403


def test_an_unknown_format_answers_400(client, herefordshire):
    assert client.get("/dashboard/herefordshire/summary/pack/2026/?format=docx").status_code == 400


def pdf_text(content: bytes) -> str:
    """The PDF's text, its spaces collapsed (pypdf; WeasyPrint draws the text as text)."""
    try:
        from pypdf import PdfReader
    except ImportError as error:
        require_service("pypdf", str(error))
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def weasyprint():
    """WeasyPrint and the Pango it draws with: skipped where missing, failed in CI."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango's library is not installed
        require_service("WeasyPrint", str(error))
    return weasyprint


@time_machine.travel(TODAY)
@pytest.mark.parametrize("year", SLUGS, indirect=True)
def test_the_pdf_is_drawn_from_the_same_template_with_the_figures(client, year, weasyprint):
    compact = year["compact"]
    client.force_login(CompactOfficerFactory(compact=compact).user)
    response = client.get(f"/dashboard/{compact.slug}/pack/2026/?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="annual-pack-{compact.slug}-2026.pdf"' in response["Content-Disposition"]
    text = pdf_text(b"".join(response.streaming_content))
    assert "Annual review pack 2026–27" in text
    assert compact.name in text
    assert comparison_line("Consultations meeting the minimum period", 2, 0, "up 2") in text
    assert comparison_line("Funding notices meeting the notice rule", 3, 0, "up 3") in text
    assert comparison_line("Cases closed", 2, 0, "up 2") in text
    assert "Talk to the charity before changing a grant." in text
    assert year["cases"][0].reference in text
    assert "Riverside Borough Council" in text


@time_machine.travel(TODAY)
@pytest.mark.parametrize("year", ["chelmsford"], indirect=True)
def test_the_public_pdf_names_no_body_and_no_case(client, year, weasyprint):
    response = client.get("/dashboard/chelmsford/summary/pack/2026/?format=pdf")
    assert response.status_code == 200
    text = pdf_text(b"".join(response.streaming_content))
    assert comparison_line("Funding notices meeting the notice rule", 3, 0, "up 3") in text
    assert "Riverside Borough Council" not in text and "Meadow Lane Food Bank" not in text
    assert year["cases"][0].reference not in text


@time_machine.travel(TODAY)
@pytest.mark.parametrize("year", ["herefordshire"], indirect=True)
def test_the_pack_is_drawn_afresh_when_a_record_it_counts_changes(client, year):
    url = "/dashboard/herefordshire/summary/pack/2026/"
    assert comparison_line("Cases closed", 2, 0, "up 2") in words(client.get(url).content.decode())
    CaseFactory(
        compact=year["compact"],
        complainant=year["charity"],
        respondent=year["council"],
        initial_contact_on=date(2026, 6, 1),
        state="resolved",
        closed_on=date(2026, 9, 1),
        closed_at_stage="informal",
    )
    assert comparison_line("Cases closed", 3, 0, "up 3") in words(client.get(url).content.decode())


def _closed_case(compact, year):
    return CaseFactory(
        compact=compact,
        complainant=year["charity"],
        respondent=year["council"],
        initial_contact_on=date(2026, 6, 1),
        state="resolved",
        closed_on=date(2026, 9, 1),
        closed_at_stage="informal",
    )


@time_machine.travel(TODAY)
@pytest.mark.parametrize("year", ["herefordshire"], indirect=True)
def test_the_pdf_is_a_built_file_drawn_again_only_after_a_change_it_counts(
    client, year, weasyprint, monkeypatch, compacts, django_capture_on_commit_callbacks
):
    """The PDF takes seconds to draw: it is written once to a file (dashboard.pack_files) and
    served from it until a record of its Compact changes, then drawn again before it is
    served, so it never shows an old figure."""
    from dashboard import pack_pdf

    drawn = []
    real = pack_pdf.render
    monkeypatch.setattr(pack_pdf, "render", lambda *a: drawn.append(1) or real(*a))
    url = "/dashboard/herefordshire/summary/pack/2026/?format=pdf"

    def text():
        response = client.get(url)
        assert response.status_code == 200
        assert 'filename="annual-pack-herefordshire-2026-public.pdf"' in response[
            "Content-Disposition"
        ]
        return pdf_text(b"".join(response.streaming_content))

    assert comparison_line("Cases closed", 2, 0, "up 2") in text()
    assert comparison_line("Cases closed", 2, 0, "up 2") in text()
    assert len(drawn) == 1  # the second download is the file

    committed = django_capture_on_commit_callbacks  # the file is marked once a change commits
    with committed(execute=True):
        _closed_case(compacts["hertfordshire"], year)  # another Compact: this pack stays built
    text()
    assert len(drawn) == 1

    with committed(execute=True):
        _closed_case(year["compact"], year)
    assert comparison_line("Cases closed", 3, 0, "up 3") in text()
    assert len(drawn) == 2

    # A record no public page shows (a funding notice) counts in the pack too.
    notice = FundingNotice.objects.filter(agreement__compact=year["compact"]).first()
    with committed(execute=True):
        notice.save()
    text()
    assert len(drawn) == 3
