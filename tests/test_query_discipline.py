"""Every list page, detail page, the dashboard and each admin changelist: the number of queries
with ten times the data is the same as with a little."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def add_data(compact, council, charity, copies: int) -> None:
    """`copies` more of everything the lists and dashboard show."""
    from consultations.models import Response
    from consultations.tests.factories import ConsultationFactory
    from disputes.tests.factories import CaseFactory
    from funding.models import FundingNotice
    from funding.tests.factories import AgreementFactory
    from signatories.tests.factories import SignatureFactory

    today = timezone.localdate()
    for i in range(copies):
        SignatureFactory(compact=compact, approved=True)
        consultation = ConsultationFactory(
            compact=compact,
            lead_body=council,
            opens_on=today - timedelta(days=10),
            closes_on=today + timedelta(days=80),
        )
        Response.objects.create(
            consultation=consultation,
            reference=f"R-Q{consultation.pk}-{i}",
            respondent_type="anonymous",
            body="x",
            received_on=today,
        )
        agreement = AgreementFactory(
            compact=compact,
            funder=council,
            recipient=charity,
            renewal_date=today + timedelta(days=200),
        )
        FundingNotice.objects.create(
            agreement=agreement,
            kind="end",
            issued_on=today,
            effective_on=today + timedelta(days=100),
            reasons="x",
            equality_impact_assessment="done",
            impact_assessment="done",
            improvement_plan="done",
        )
        CaseFactory(
            compact=compact, complainant=charity, respondent=council, reference=f"C-Q{i}-{copies}"
        )


PAGES = [
    "/",
    "/compacts/",
    "/compacts/herefordshire/",
    "/compacts/herefordshire/text/",
    "/signatories/",
    "/consultations/",
    "/consultations/yours/",
    "/funding/",
    "/funding/renewals/",
    "/cases/",
    "/cases/lessons/",
    "/dashboard/herefordshire/",
    "/dashboard/herefordshire/summary/",
    "/dashboard/metrics.json?compact=herefordshire",
]


def test_query_counts_do_not_grow_with_ten_times_the_data(client, herefordshire, drawn_afresh):
    from signatories.tests.factories import (
        CompactOfficerFactory,
        OrganisationContactFactory,
        OrganisationFactory,
        on_the_list,
    )

    council = on_the_list(OrganisationFactory(public=True), herefordshire)
    charity = OrganisationFactory()
    officer = CompactOfficerFactory(compact=herefordshire).user
    OrganisationContactFactory(
        organisation=council, user=officer
    )  # an officer who is also the lead body
    officer.is_superuser = True
    officer.save()
    client.force_login(officer)
    add_data(herefordshire, council, charity, 2)
    details = lambda: [council.get_absolute_url(), f"/dashboard/herefordshire/bodies/{council.pk}/"]  # noqa: E731
    year = timezone.localdate().year - (timezone.localdate().month < 4)  # this financial year's
    packs = [
        f"/dashboard/herefordshire/pack/{year}/",
        f"/dashboard/herefordshire/summary/pack/{year}/",
    ]
    admin_lists = [
        reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist")
        for m in admin.site._registry
    ]

    def counts():
        result = {}
        for url in PAGES + details() + packs + admin_lists:
            with CaptureQueriesContext(connection) as captured:
                status = client.get(url).status_code
            assert status == 200, url
            result[url] = len(captured)
        return result

    small = counts()
    add_data(herefordshire, council, charity, 20)
    large = counts()
    grew = {url: (small[url], large[url]) for url in small if large[url] > small[url]}
    assert grew == {}
