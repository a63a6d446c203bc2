"""The national lists are served by indexes that match their filter and order (PostgreSQL).

Each test draws a real page, takes the SQL it ran, and asks PostgreSQL's planner for the plan
with sequential scans priced out (`enable_seqscan = off`): a list whose filter and order an
index matches is then read through that index; one that no index serves still shows a
sequential scan of its table (the planner has no other way), or a sort of every matching row
before the page. With a few dozen rows the planner would rightly prefer reading whole tables,
so this asks which index *can* serve a page, not how long it takes (bench/ measures that).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

BIG_TABLES = [
    "signatories_organisation",
    "signatories_signature",
    "consultations_consultation",
    "consultations_response",
    "funding_fundingagreement",
]


@pytest.fixture
def data(postgres, herefordshire, hertfordshire, settings):
    from consultations.models import Response
    from consultations.tests.factories import ConsultationFactory
    from funding.tests.factories import AgreementFactory
    from signatories.tests.factories import (
        CompactOfficerFactory,
        OrganisationContactFactory,
        OrganisationFactory,
        SignatureFactory,
        UserFactory,
    )

    settings.PAGE_CACHE_SECONDS = 0  # drawn afresh: the SQL of every page, not a cached copy
    council = OrganisationFactory(public=True, name="Herefordshire Council")
    for i, compact in enumerate([herefordshire, hertfordshire] * 15):
        charity = OrganisationFactory(name=f"Community Larder {i}")
        SignatureFactory(organisation=charity, compact=compact, approved=True)
        SignatureFactory(compact=compact)  # pending: not on the list
        consultation = ConsultationFactory(
            compact=compact, lead_body=council, closes_on=date(2026, 3, 1) + timedelta(days=i)
        )
        Response.objects.create(
            consultation=consultation,
            reference=f"R-PLAN-{i}",
            respondent_type="anonymous",
            body="x",
            received_on=date(2026, 2, 1),
        )
        AgreementFactory(compact=compact, funder=council, recipient=charity)
        AgreementFactory(compact=compact)
    contact = OrganisationContactFactory(organisation=council).user
    officer = CompactOfficerFactory(compact=herefordshire).user
    superuser = UserFactory(is_staff=True, is_superuser=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"contact": contact, "officer": officer, "superuser": superuser}


def page_sql(client, url: str, user=None) -> list[str]:
    if user is not None:
        client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


def plan(sql: str, *, ordered: bool = False) -> str:
    """The plan with sequential scans priced out; `ordered`, with sorts too: then the rows come
    in the page's order from an index, if one matches the order, before any LIMIT."""
    switches = ["enable_seqscan", *(["enable_sort"] if ordered else [])]
    with connection.cursor() as cursor:
        for switch in switches:
            cursor.execute(f"SET {switch} = off")
        try:
            cursor.execute(f"EXPLAIN {sql}")
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            for switch in switches:
                cursor.execute(f"RESET {switch}")


def plans_of(queries: list[str], table: str, *, ordered: bool = False) -> list[str]:
    """The plans of the page's queries that read `table` in pages (LIMIT, ORDER BY)."""
    return [
        plan(sql, ordered=ordered)
        for sql in queries
        if f'FROM "{table}"' in sql and "LIMIT" in sql and "ORDER BY" in sql
    ]


def assert_no_full_scan(plans: list[str]) -> None:
    for text in plans:
        scanned = re.findall(r"Seq Scan on (\w+)", text)
        assert not set(scanned) & set(BIG_TABLES), text


def test_the_published_list_walks_organisation_names_in_order(client, data):
    plans = plans_of(page_sql(client, "/signatories/"), "signatories_signature", ordered=True)
    assert plans
    assert any("organisation_name_id" in text for text in plans), plans
    assert_no_full_scan(plans)


def test_the_published_list_sorted_by_date_signed_reads_the_published_index(client, data):
    queries = page_sql(client, "/signatories/?sort=-signed")
    plans = plans_of(queries, "signatories_signature", ordered=True)
    assert any("signature_published_signed" in text for text in plans), plans
    assert_no_full_scan(plans)


def test_the_searches_use_the_trigram_indexes(client, data, herefordshire):
    from django.utils import timezone

    from signatories.models import Organisation, Sector, Signature

    # Enough names that reading them all costs more than the trigram index: with a hundred,
    # any index read whole is as cheap, and the planner rightly takes one.
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Trust {i}", sector=Sector.VOLUNTARY_COMMUNITY) for i in range(3000)
    )
    Signature.objects.bulk_create(
        Signature(
            organisation=organisation,
            compact=herefordshire,
            state=Signature.State.APPROVED,
            reference=f"S-PLAN-{organisation.pk}",
            submitted_at=timezone.now(),
            signed_on=timezone.localdate(),
            contact_name="Jo",
            contact_email="jo@example.org",
        )
        for organisation in organisations
    )
    with connection.cursor() as cursor:  # moves new rows from GIN's pending list into the index
        cursor.execute("VACUUM ANALYZE signatories_organisation")
        cursor.execute("ANALYZE signatories_signature")
    queries = page_sql(client, "/signatories/?q=larder")
    counted = [plan(sql) for sql in queries if sql.startswith("SELECT COUNT(")]
    assert counted, queries
    assert any("organisation_name_trgm" in text for text in counted), counted
    assert_no_full_scan(plans_of(queries, "signatories_signature"))

    queries = page_sql(client, "/admin/signatories/organisation/?q=larder", data["superuser"])
    searched = [plan(sql) for sql in queries if 'FROM "signatories_organisation"' in sql]
    assert any("organisation_name_trgm" in text for text in searched), searched
    assert_no_full_scan(searched)


def test_the_list_counts_are_bounded(client, data):
    """A count of at most MAX_ROWS + 1 rows, with no sort, for the paginated lists."""
    for url in ("/signatories/", "/consultations/"):
        counts = [sql for sql in page_sql(client, url) if sql.startswith("SELECT COUNT(")]
        assert counts, url
        for sql in counts:
            assert "LIMIT 2001" in sql, sql
            assert "ORDER BY" not in sql, sql


def test_the_consultations_list_reads_the_published_index_in_order(client, data):
    queries = page_sql(client, "/consultations/")
    plans = plans_of(queries, "consultations_consultation", ordered=True)
    assert any("consultation_published_closes" in text for text in plans), plans
    assert_no_full_scan(plans)


def test_a_public_bodys_funding_list_filters_on_its_ids(client, data):
    plans = plans_of(page_sql(client, "/funding/", data["contact"]), "funding_fundingagreement")
    assert plans
    for text in plans:
        assert "funder_id" in text and "hashed SubPlan" not in text, text
    assert_no_full_scan(plans)


def test_a_compact_officers_funding_list_reads_its_compacts_in_order(client, data):
    queries = page_sql(client, "/funding/", data["officer"])
    plans = plans_of(queries, "funding_fundingagreement", ordered=True)
    assert any("agreement_compact_end" in text for text in plans), plans
    assert_no_full_scan(plans)


def test_the_superusers_funding_lists_carry_no_list_of_every_compact(client, data):
    for url in ("/funding/", "/funding/renewals/"):
        queries = page_sql(client, url, data["superuser"])
        listed = [sql for sql in queries if 'FROM "funding_fundingagreement"' in sql]
        assert listed, url
        for sql in listed:
            assert '"compact_id" IN' not in sql, sql


def test_the_admin_consultation_list_counts_responses_for_the_page_only(client, data):
    queries = page_sql(client, "/admin/consultations/consultation/", data["superuser"])
    # One page of 30 rows: the admin reads it whole, without a LIMIT.
    listed = [sql for sql in queries if 'FROM "consultations_consultation"' in sql]
    plans = [plan(sql, ordered=True) for sql in listed if "ORDER BY" in sql]
    assert plans
    for sql in listed:
        if sql.startswith("SELECT COUNT("):
            assert "LIMIT 10001" in sql, sql  # bounded, as every admin list (ADMIN_MAX_ROWS)
    for text in plans:
        outer = text.split("SubPlan")[0]  # the count per row shown is the SubPlan
        assert "SubPlan" in text, text
        assert "GroupAggregate" not in outer and "HashAggregate" not in outer, text
    assert any("consultation_opens_id" in text for text in plans), plans
    assert_no_full_scan(plans)


def test_the_lessons_page_reads_closed_lessons_in_order_and_counts_cases_from_an_index(
    client, data, herefordshire
):
    from disputes.tests.factories import CaseFactory

    for i in range(4):
        case = CaseFactory(compact=herefordshire)
        type(case).objects.filter(pk=case.pk).update(
            state="resolved", lesson_learnt=f"Lesson {i}", closed_on=date(2026, 1, 1 + i)
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE disputes_case")
    queries = page_sql(client, "/cases/lessons/")
    plans = plans_of(queries, "disputes_case", ordered=True)
    assert any("case_lessons_closed" in text for text in plans), plans
    grouped = [plan(sql) for sql in queries if 'FROM "disputes_case" GROUP BY' in sql]
    assert grouped and all("Index Only Scan using case_compact_state" in t for t in grouped)


def test_the_consultations_list_by_compliance_reads_its_index_and_deep_pages_ids_first(
    client, data
):
    queries = page_sql(client, "/consultations/?compliance=meets")
    plans = plans_of(queries, "consultations_consultation", ordered=True)
    assert any("consultation_published_compliance_closes" in text for text in plans), plans
    assert_no_full_scan(plans)
    queries = page_sql(client, "/consultations/?page=2")
    paged = [sql for sql in queries if "OFFSET" in sql]
    assert paged and all('"id" IN (SELECT' in sql for sql in paged), paged


@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("sector=voluntary_community", "organisation_sector_name_id"),
        ("type=charity", "organisation_type_name_id"),
    ],
)
def test_the_published_list_by_sector_or_type_walks_names_in_order(client, data, query, index):
    plans = plans_of(
        page_sql(client, f"/signatories/?{query}"), "signatories_signature", ordered=True
    )
    assert any(index in text for text in plans), plans
    assert_no_full_scan(plans)


@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("sector=voluntary_community", "signature_published_sector_signed"),
        ("type=charity", "signature_published_type_signed"),
    ],
)
def test_the_published_list_by_sector_or_type_sorted_by_date_reads_one_index(
    client, data, query, index
):
    plans = plans_of(
        page_sql(client, f"/signatories/?{query}&sort=-signed"),
        "signatories_signature",
        ordered=True,
    )
    assert any(index in text for text in plans), plans
    assert_no_full_scan(plans)


@pytest.mark.parametrize(
    ("url", "table", "index"),
    [
        ("/admin/consultations/response/", "consultations_response", "response_submitted"),
        ("/admin/funding/fundingagreement/", "funding_fundingagreement", "agreement_end_id"),
        ("/admin/signatories/signature/", "signatories_signature", "signature_submitted_id"),
        (
            "/admin/consultations/consultation/?status__exact=open",
            "consultations_consultation",
            "consultation_status_opens_id",
        ),
    ],
)
def test_the_superusers_admin_lists_read_their_order_from_an_index(client, data, url, table, index):
    queries = page_sql(client, url, data["superuser"])
    listed = [sql for sql in queries if f'FROM "{table}"' in sql and "ORDER BY" in sql]
    plans = [plan(sql, ordered=True) for sql in listed]
    assert any(index in text for text in plans), plans
    assert_no_full_scan(plans)
