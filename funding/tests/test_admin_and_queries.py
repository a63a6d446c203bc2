"""Officers see which agreements end soon without notice; lists do not grow in queries."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding.tests.factories import AgreementFactory
from signatories.tests.factories import CompactOfficerFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


@pytest.fixture
def officer(client, herefordshire):
    user = CompactOfficerFactory(compact=herefordshire).user
    client.force_login(user)
    return user


@time_machine.travel(TODAY)
def test_notice_overdue_and_ending_soon_filters(client, officer, herefordshire, hertfordshire):
    overdue = AgreementFactory(
        compact=herefordshire,
        start_date=date(2024, 1, 1),
        end_date=TODAY + timedelta(days=40),
        title="Overdue one",
    )
    later = AgreementFactory(
        compact=herefordshire,
        start_date=date(2026, 1, 1),
        end_date=date(2029, 12, 31),
        title="Later one",
    )
    AgreementFactory(
        compact=hertfordshire,
        start_date=date(2024, 1, 1),
        end_date=TODAY + timedelta(days=40),
        title="Not ours",
    )
    page = client.get("/admin/funding/fundingagreement/?notice=passed").content.decode()
    assert "Overdue one" in page and "Later one" not in page and "Not ours" not in page
    page = client.get("/admin/funding/fundingagreement/?ending_within=3").content.decode()
    assert "Overdue one" in page and later.title not in page
    AgreementFactory(
        compact=herefordshire,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        title="Short one",
    )
    page = client.get("/admin/funding/fundingagreement/?term=shorter_no_reason").content.decode()
    assert "Short one" in page and "Overdue one" not in page
    assert overdue.notice_deadline < TODAY


def count(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url", ["/funding/", "/admin/funding/fundingagreement/", "/funding/renewals/"]
)
def test_funding_lists_do_not_grow_with_rows(client, officer, herefordshire, url):
    for _ in range(2):
        AgreementFactory(compact=herefordshire, renewal_date=date(2029, 4, 1))
    few = count(client, url)
    for _ in range(12):
        AgreementFactory(compact=herefordshire, renewal_date=date(2029, 4, 1))
    assert count(client, url) == few
