"""Herefordshire's success measure 3: notices keeping the notice principle and offering the
chance to redesign the service, counted on the dashboard."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from dashboard import queries as dashboard
from funding.models import FundingNotice
from funding.tests.factories import AgreementFactory
from signatories.tests.factories import ReferenceGroupMemberFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)


def notice(agreement, *, redesign, effective=date(2026, 12, 31)):
    return FundingNotice.objects.create(
        agreement=agreement,
        kind="end",
        issued_on=date(2026, 6, 1),
        effective_on=effective,
        reasons="x",
        equality_impact_assessment="done",
        impact_assessment="done",
        improvement_plan="done",
        redesign_offered=redesign,
    )


@time_machine.travel(TODAY)
def test_the_dashboard_counts_notices_offering_redesign(client, herefordshire):
    agreement = AgreementFactory(compact=herefordshire)
    notice(agreement, redesign="yes")
    notice(agreement, redesign="yes", effective=date(2026, 7, 1))  # too short
    notice(agreement, redesign="no")
    notice(agreement, redesign="")
    figures = dashboard.metrics(herefordshire, dashboard.financial_year(TODAY), TODAY)
    assert figures["redesign"] == {"offered": 2, "meets_and_offered": 1}
    client.force_login(ReferenceGroupMemberFactory(compact=herefordshire).user)
    page = client.get("/dashboard/herefordshire/").content.decode()
    assert (
        "Notices in the period that offered the chance to redesign the service: 2, "
        "of which 1 also met the Compact" in page
    )
