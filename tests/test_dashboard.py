"""The dashboard counts each measure from known fixtures, says "not set" where a rule is off,
answers the same in JSON, shows the public no case details, and keeps its query count flat."""

import csv
import io
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.tests.factories import ConsultationFactory
from dashboard import queries as dashboard
from disputes.tests.factories import CaseFactory
from funding.models import FundingNotice
from funding.tests.factories import AgreementFactory
from partnership import services
from partnership.models import CollaborativeProject, Survey
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    ReferenceGroupMemberFactory,
    SignatureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
FY = "fy=2026"  # 1 April 2026 to 31 March 2027


def notice(agreement, state, issued=date(2026, 6, 1)):
    """A notice whose facts give it `state` (the model works the state out when it is saved)."""
    return FundingNotice.objects.create(
        agreement=agreement,
        kind="end",
        issued_on=issued,
        effective_on=issued + timedelta(days=30) if state == "short" else date(2026, 12, 1),
        in_writing=state != "not_in_writing",
        reasons="" if state == "no_reasons" else "x",
        equality_impact_assessment="done",
        impact_assessment="done",
        improvement_plan="done",
    )


@pytest.fixture
def world(herefordshire):
    """One of everything in Herefordshire's 2026–27 year, and a few outside it."""
    council = OrganisationFactory(public=True, name="Hereford Council")
    charity = OrganisationFactory(name="Hereford Charity")
    business = OrganisationFactory(private=True, name="Hereford Business")
    for org, signed in (
        (council, date(2026, 5, 3)),
        (charity, date(2026, 5, 20)),
        (business, date(2026, 7, 1)),
    ):
        SignatureFactory(organisation=org, compact=herefordshire, approved=True, signed_on=signed)
    SignatureFactory(
        compact=herefordshire, approved=True, signed_on=date(2025, 1, 1)
    )  # before the period
    # Consultations by closing date.
    for opens, closes, reason, status, level in [
        (
            date(2026, 4, 6),
            date(2026, 6, 29),
            "",
            "feedback_published",
            "consulting",
        ),  # 12 weeks: meets
        (
            date(2026, 5, 1),
            date(2026, 6, 1),
            "Statutory",
            "closed",
            "consulting",
        ),  # shorter, with reason
        (date(2026, 5, 1), date(2026, 6, 1), "", "closed", "consulting"),  # shorter, no reason
        (date(2026, 4, 20), date(2026, 5, 1), "", "closed", "informing"),  # not applicable
        (
            date(2025, 12, 1),
            date(2026, 3, 1),
            "",
            "closed",
            "consulting",
        ),  # closes before the period
    ]:
        ConsultationFactory(
            compact=herefordshire,
            lead_body=council,
            opens_on=opens,
            closes_on=closes,
            shorter_reason=reason,
            status=status,
            level=level,
        )
    # Agreements by start date, notices by issue date.
    meets = AgreementFactory(
        compact=herefordshire,
        funder=council,
        recipient=charity,
        start_date=date(2026, 4, 1),
        end_date=date(2029, 3, 31),
    )
    short = AgreementFactory(
        compact=herefordshire,
        funder=council,
        recipient=charity,
        start_date=date(2026, 5, 1),
        end_date=date(2027, 4, 30),
    )
    AgreementFactory(
        compact=herefordshire,
        funder=council,
        recipient=charity,
        start_date=date(2026, 5, 1),
        end_date=date(2027, 4, 30),
        short_term_reason="Pilot",
    )
    for state in ("meets", "short", "short", "no_reasons", "not_in_writing"):
        notice(meets, state)
    notice(short, "short", issued=date(2025, 6, 1))  # before the period
    # Renewals due in the period: one decided in time, one pending, one overdue.
    AgreementFactory(
        compact=herefordshire, funder=council, recipient=charity, renewal_date=date(2027, 2, 28)
    )  # due 30 Nov 2026: pending
    AgreementFactory(
        compact=herefordshire, funder=council, recipient=charity, renewal_date=date(2026, 8, 31)
    )  # due 31 May: overdue
    # Cases.
    CaseFactory(
        compact=herefordshire,
        complainant=charity,
        respondent=council,
        initial_contact_on=date(2026, 5, 1),
    )
    CaseFactory(
        compact=herefordshire,
        complainant=charity,
        respondent=council,
        initial_contact_on=date(2026, 4, 10),
        stage="formal",
        formal_started_on=date(2026, 4, 20),
        left_formal_on=date(2026, 5, 15),
        target_date=date(2026, 5, 22),
        state="resolved",
        closed_on=date(2026, 5, 15),
        closed_at_stage="formal",
    )
    CaseFactory(
        compact=herefordshire,
        complainant=charity,
        respondent=council,
        initial_contact_on=date(2026, 4, 10),
        stage="formal",
        formal_started_on=date(2026, 4, 20),
        left_formal_on=date(2026, 6, 15),
        target_date=date(2026, 5, 22),
        state="closed_unresolved",
        closed_on=date(2026, 6, 15),
        closed_at_stage="formal",
    )
    # Projects: one approved in the period, one pending.
    for state in ("approved", "pending"):
        project = CollaborativeProject.objects.create(
            compact=herefordshire,
            title=f"Project {state}",
            description="x",
            started_on=date(2026, 9, 1),
            state=state,
        )
        project.partners.set([council, charity])
    return {"council": council, "charity": charity}


@time_machine.travel(TODAY)
def test_every_measure_is_counted_from_known_fixtures(world, herefordshire):
    figures = dashboard.metrics(herefordshire, dashboard.financial_year(TODAY), TODAY)
    assert figures["from"] == "2026-04-01" and figures["to"] == "2027-03-31"
    assert figures["consultations"] == {
        "meets": 1,
        "shorter_with_reason": 1,
        "shorter_no_reason": 1,
        "not_set": 0,
        "not_applicable": 1,
        "awaiting_feedback": 2,  # informing owes no feedback
        "feedback_overdue": 2,  # due 12 weeks after 1 June
    }
    assert figures["notices"] == {
        "meets": 1,
        "exception": 0,
        "short": 2,
        "no_reasons": 1,
        "not_in_writing": 1,
        "checks_missing": 0,
        "not_set": 0,
    }
    assert figures["terms"]["meets"] >= 1 and figures["terms"]["shorter_no_reason"] == 1
    assert figures["terms"]["shorter_with_reason"] == 1
    assert figures["renewals"] == {
        "in_time": 0,
        "late": 0,
        "pending": 1,
        "overdue": 1,
        "not_set": 0,
    }
    disputes = figures["disputes"]
    assert (disputes["opened"], disputes["closed"], disputes["resolved"]) == (3, 2, 1)
    assert (disputes["formal_target_met"], disputes["formal_target_missed"]) == (1, 1)
    assert disputes["resolved_at_stage"] == {"informal": 0, "formal": 1, "additional": 0}
    assert figures["projects"] == {"started": 1}
    assert figures["signatories"]["by_sector"] == {
        "public": 1,
        "voluntary_community": 2,
        "private": 1,
    }
    may = next(m for m in figures["signatories"]["monthly"] if m["month"] == "2026-05")
    assert may == {"month": "2026-05", "public": 1, "voluntary_community": 1, "private": 0}
    assert len(figures["signatories"]["monthly"]) == 12


@time_machine.travel(TODAY)
@pytest.mark.parametrize("slug", ["hertfordshire", "chelmsford"])
def test_rules_a_compact_does_not_set_are_null_never_zero(compacts, slug):
    figures = dashboard.metrics(compacts[slug], dashboard.financial_year(TODAY), TODAY)
    assert figures["renewals"] is None
    assert (
        figures["disputes"]["formal_target_met"] is None
        and figures["disputes"]["formal_target_missed"] is None
    )
    assert figures["consultations"] is not None and figures["notices"] is not None


@time_machine.travel(TODAY)
def test_the_json_matches_the_page_for_the_same_viewers(client, world, herefordshire):
    member = ReferenceGroupMemberFactory(compact=herefordshire).user
    client.force_login(member)
    data = client.get(f"/dashboard/metrics.json?compact=herefordshire&{FY}").json()
    page = client.get(f"/dashboard/herefordshire/?{FY}").content.decode()
    assert data["consultations"]["shorter_no_reason"] == 1
    assert "1 met, 1 missed" in page
    assert (
        f"{data['consultations']['awaiting_feedback']} closed consultations await feedback" in page
    )
    assert (
        "/consultations/?compact=herefordshire&amp;compliance=shorter_no_reason" in page
    )  # drill down
    hertford = client.get("/dashboard/hertfordshire/")
    assert hertford.status_code == 403
    assert client.get("/dashboard/metrics.json?compact=hertfordshire").status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        "",
        "compact=nowhere",
        "compact=%00",
        "compact=herefordshire&from=2026-01-01",
        "compact=herefordshire&from=2026-02-30&to=2026-03-01",
        "compact=herefordshire&from=2026-03-01&to=2026-02-01",
        "compact=herefordshire&fy=twenty",
        "compact=herefordshire&fy=2026&q=5",
        "compact=herefordshire&colour=blue",
    ],
)
def test_bad_parameters_answer_400_with_a_reason(client, herefordshire, query):
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    response = client.get(f"/dashboard/metrics.json?{query}")
    assert response.status_code == 400
    assert response.json()["error"]


def test_only_the_reference_group_and_officers_see_the_dashboard(client, herefordshire):
    assert client.get("/dashboard/herefordshire/").status_code == 302
    assert client.get("/dashboard/metrics.json?compact=herefordshire").status_code == 401
    client.force_login(OrganisationContactFactory().user)
    assert client.get("/dashboard/herefordshire/").status_code == 403
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    assert client.get("/dashboard/herefordshire/").status_code == 200


@time_machine.travel(TODAY)
def test_the_public_summary_shows_numbers_but_no_case_details(client, world, herefordshire):
    page = client.get(f"/dashboard/herefordshire/summary/?{FY}").content.decode()
    assert "Cases opened" in page
    from disputes.models import Case

    for case in Case.objects.all():
        assert (
            case.reference not in page
            and case.contact_name not in page
            and case.what_happened not in page
        )


def test_periods_financial_years_quarters_and_the_four_before():
    fy = dashboard.parse_period({}, date(2026, 2, 10))
    assert (fy.start, fy.end) == (date(2025, 4, 1), date(2026, 3, 31))
    q3 = dashboard.parse_period({"fy": "2026", "q": "3"}, TODAY)
    assert (q3.start, q3.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert (q3.previous().start, q3.previous().end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert fy.previous().start == date(2024, 4, 1)
    custom = dashboard.parse_period({"from": "2026-01-01", "to": "2026-01-10"}, TODAY)
    assert custom.previous().end == date(2025, 12, 31)


@time_machine.travel(TODAY)
def test_the_dashboard_query_count_does_not_grow_with_the_data(client, world, herefordshire):
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)

    def count():
        """Queries of a visit (every visit draws the figures afresh: no cache)."""
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/dashboard/herefordshire/?{FY}").status_code == 200
        return len(captured)

    count()
    few = count()
    for _ in range(5):
        ConsultationFactory(
            compact=herefordshire,
            lead_body=world["council"],
            closes_on=date(2026, 6, 1),
            opens_on=date(2026, 5, 1),
        )
        CaseFactory(
            compact=herefordshire,
            complainant=world["charity"],
            respondent=world["council"],
            initial_contact_on=date(2026, 5, 1),
        )
        AgreementFactory(compact=herefordshire, funder=world["council"], recipient=world["charity"])
    assert count() == few


@time_machine.travel(TODAY)
def test_the_compliance_report_per_public_body_with_csv(client, world, herefordshire):
    council = world["council"]
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    page = client.get(f"/dashboard/herefordshire/bodies/{council.pk}/?{FY}").content.decode()
    assert (
        "Shorter, no reason" in page
        and "Notice too short" in page
        and "Herefordshire Compact, ‘Funding and procurement’, clause FP-5</a>" in page
        and 'href="/compacts/herefordshire/text/#clause-fp-5"' in page
    )
    response = client.get(f"/dashboard/herefordshire/bodies/{council.pk}/?{FY}&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["what"] for r in rows} == {"Consultation", "Notice", "Agreement term"}
    assert any(
        r["verdict"] == "Notice too short"
        and r["clause"].startswith("Herefordshire Compact")
        and r["clause link"] == "http://testserver/compacts/herefordshire/text/#clause-fp-5"
        for r in rows
    )
    client.force_login(UserFactory())
    assert client.get(f"/dashboard/herefordshire/bodies/{council.pk}/").status_code == 403
    client.force_login(OrganisationContactFactory(organisation=council).user)
    assert client.get(f"/dashboard/herefordshire/bodies/{council.pk}/").status_code == 200


def test_projects_need_two_sectors_and_an_officers_approval(client, herefordshire):
    contact = OrganisationContactFactory()
    charity, council = OrganisationFactory(), OrganisationFactory(public=True)
    for org in (contact.organisation, charity, council):  # partners are on the Compact's list
        SignatureFactory(organisation=org, compact=herefordshire, approved=True)
    with pytest.raises(Exception, match="two sectors"):
        services.submit_project(
            by=contact.user,
            compact=herefordshire,
            title="x",
            description="x",
            partners=[contact.organisation, charity],
            started_on=date(2026, 9, 1),
        )
    project = services.submit_project(
        by=contact.user,
        compact=herefordshire,
        title="Food hub",
        description="x",
        partners=[contact.organisation, council],
        started_on=date(2026, 9, 1),
    )
    assert project.state == "pending"
    services.decide_project(
        project, by=CompactOfficerFactory(compact=herefordshire).user, approve=True
    )
    project.refresh_from_db()
    assert project.state == "approved"


@time_machine.travel(TODAY)
def test_the_survey_is_answered_once_per_organisation_and_shown_as_distributions(
    client, herefordshire
):
    survey = Survey.objects.create(
        compact=herefordshire,
        title="Partnership survey 2026",
        questions=["How well do we work together?"],
        opens_on=date(2026, 11, 1),
        closes_on=date(2026, 12, 31),
    )
    contact = OrganisationContactFactory()
    SignatureFactory(organisation=contact.organisation, compact=herefordshire, approved=True)
    client.force_login(contact.user)
    answer = {"organisation": contact.organisation.pk, "q0": "4"}
    assert client.post(f"/surveys/{survey.pk}/", answer).status_code == 302
    second = client.post(f"/surveys/{survey.pk}/", answer)
    assert second.status_code == 400 and "already answered" in second.content.decode()
    results = dashboard.survey_results(herefordshire, date(2026, 4, 1), date(2027, 3, 31))
    assert results[0]["questions"][0]["distribution"] == [0, 0, 0, 1, 0]
