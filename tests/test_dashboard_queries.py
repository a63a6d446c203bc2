"""The dashboard's figures come from two grouped queries whatever the periods or the data: the
dashboard page drawn afresh (page and figures caches off) in at most 10 queries, metrics.json in
at most 6, the same number for one period or twelve, a little data or a lot; and the figures
worked out together are those of each period worked out alone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.tests.factories import ConsultationFactory
from dashboard import queries as dashboard
from disputes.tests.factories import CaseFactory
from funding.models import FundingNotice, RenewalDecision
from funding.tests.factories import AgreementFactory
from partnership.models import CollaborativeProject
from signatories.tests.factories import (
    OrganisationFactory,
    ReferenceGroupMemberFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)
PAGES = {
    "/dashboard/herefordshire/?fy=2026": 10,
    "/dashboard/herefordshire/?fy=2026&q=3": 10,
    "/dashboard/herefordshire/?from=2016-01-01&to=2025-12-31": 10,  # ten years, 40 before it
    "/dashboard/metrics.json?compact=herefordshire&fy=2026": 6,
    "/dashboard/metrics.json?compact=herefordshire&from=2016-01-01&to=2025-12-31": 6,
}


def add_data(compact, copies: int, day: date) -> None:
    """`copies` of each row the figures count, around `day`."""
    council = OrganisationFactory(public=True)
    charity = OrganisationFactory()
    for i in range(copies):
        on = day - timedelta(days=40 * i)
        SignatureFactory(compact=compact, approved=True, signed_on=on)
        ConsultationFactory(
            compact=compact,
            lead_body=council,
            opens_on=on - timedelta(days=60),
            closes_on=on,
            status="closed",
        )
        agreement = AgreementFactory(
            compact=compact,
            funder=council,
            recipient=charity,
            start_date=on,
            end_date=on + timedelta(days=900),
            renewal_date=on + timedelta(days=200),
        )
        if i % 2:
            RenewalDecision.objects.create(
                agreement=agreement, decision="renew", notified_on=on + timedelta(days=20)
            )
        FundingNotice.objects.create(
            agreement=agreement,
            kind="end",
            issued_on=on,
            effective_on=on + timedelta(days=40 * (i % 4)),
            reasons="x" if i % 3 else "",
            redesign_offered="yes" if i % 2 else "no",
            equality_impact_assessment="done",
            impact_assessment="done",
            improvement_plan="done",
        )
        CaseFactory(
            compact=compact,
            complainant=charity,
            respondent=council,
            initial_contact_on=on - timedelta(days=30),
            **(
                {
                    "state": "resolved",
                    "closed_on": on,
                    "closed_at_stage": "informal",
                    "stage": "informal",
                }
                if i % 2
                else {}
            ),
        )
        CollaborativeProject.objects.create(
            compact=compact, title=f"P{i}", description="x", started_on=on, state="approved"
        )


def drawn_afresh(client, url: str) -> int:
    cache.clear()  # nothing kept: not the Compact, not the figures, not the page
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


@time_machine.travel(TODAY)
def test_the_dashboard_and_metrics_json_drawn_afresh_take_a_few_queries_flat_with_data(
    client, herefordshire, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FIGURES_CACHE_SECONDS = 0
    client.force_login(ReferenceGroupMemberFactory(compact=herefordshire).user)
    add_data(herefordshire, 2, TODAY)
    client.get("/dashboard/herefordshire/")  # the session's first request writes to it: not counted
    few = {url: drawn_afresh(client, url) for url in PAGES}
    assert {url: n for url, n in few.items() if n > PAGES[url]} == {}
    add_data(herefordshire, 30, TODAY)  # rows in every period the pages show, and before
    many = {url: drawn_afresh(client, url) for url in PAGES}
    assert many == few


def periods_before(period, count: int) -> list:
    periods = [period]
    for _ in range(count - 1):
        periods.append(periods[-1].previous())
    return list(reversed(periods))


@time_machine.travel(TODAY)
@pytest.mark.parametrize("count", [1, 4, 12])
def test_the_figures_of_any_number_of_periods_take_two_queries(herefordshire, count):
    add_data(herefordshire, 12, TODAY)
    with CaptureQueriesContext(connection) as captured:
        dashboard.work_out(herefordshire, periods_before(dashboard.quarter(2026, 3), count), TODAY)
    assert len(captured) == 2


@time_machine.travel(TODAY)
@pytest.mark.parametrize(
    "period",
    [
        dashboard.financial_year(TODAY),
        dashboard.quarter(2026, 2),
        # Ten days: the periods before it share months, and the monthly series counts each
        # month's signings within each period alone.
        dashboard.Period(date(2026, 1, 10), date(2026, 1, 20), "10 to 20 January"),
    ],
    ids=["year", "quarter", "days"],
)
def test_figures_worked_out_together_are_those_of_each_period_alone(herefordshire, period):
    add_data(herefordshire, 24, period.end)
    periods = periods_before(period, 4)
    together = dashboard.work_out(herefordshire, periods, TODAY)
    alone = [dashboard.work_out(herefordshire, [p], TODAY)[0] for p in periods]
    assert together == alone
    counted = [  # the periods counted something in each table
        together[-1]["signatories"]["monthly"][-1]["voluntary_community"],
        *(sum(together[-1][table].values()) for table in ("consultations", "notices", "terms")),
        *(
            sum(f[table][key] for f in together)
            for table, key in [
                ("disputes", "opened"),
                ("projects", "started"),
            ]
        ),
        sum(sum(f["renewals"].values()) for f in together),
    ]
    assert all(counted), counted


def public_body_with_a_year(compact, on: date):
    """A public body on the list with a consultation, a notice and an agreement in the year."""
    council = OrganisationFactory(public=True)
    SignatureFactory(organisation=council, compact=compact, approved=True, signed_on=on)
    ConsultationFactory(
        compact=compact, lead_body=council, opens_on=on - timedelta(days=30), closes_on=on
    )
    agreement = AgreementFactory(
        compact=compact, funder=council, recipient=OrganisationFactory(), start_date=on
    )
    FundingNotice.objects.create(
        agreement=agreement,
        kind="end",
        issued_on=on,
        effective_on=on + timedelta(days=30),
        reasons="x",
        equality_impact_assessment="done",
        impact_assessment="done",
        improvement_plan="done",
    )
    return council


@time_machine.travel(TODAY)
def test_the_full_pack_counts_each_bodys_line_in_queries_flat_with_the_bodies(
    client, herefordshire, settings
):
    from dashboard import views

    settings.PAGE_CACHE_SECONDS = 0
    settings.FIGURES_CACHE_SECONDS = 0
    client.force_login(ReferenceGroupMemberFactory(compact=herefordshire).user)
    public_body_with_a_year(herefordshire, date(2026, 6, 1))
    client.get("/dashboard/herefordshire/")  # the session's first request writes to it
    one = drawn_afresh(client, "/dashboard/herefordshire/pack/2026/")
    for month in range(5, 11):
        public_body_with_a_year(herefordshire, date(2026, month, 1))
    assert drawn_afresh(client, "/dashboard/herefordshire/pack/2026/") == one
    # Each line counts what the body's own report lists, verdict by verdict.
    period = dashboard.financial_year(TODAY)
    for line in views._body_lines(herefordshire, period):
        rows = views._report_rows(line["body"], herefordshire, period)
        for kind, (total, states) in zip(
            ("Consultation", "Notice", "Agreement term"), line["cells"], strict=True
        ):
            labels = [state.label for what, *_, state, _clause in rows if what == kind]
            assert total == len(labels) and total > 0
            assert states == sorted((label, labels.count(label)) for label in set(labels))
