"""The funding admin: officers read their own Compact's records, with labels, and change nothing."""

from __future__ import annotations

from datetime import date

import pytest

from funding.models import FundingNotice
from funding.tests.factories import AgreementFactory
from signatories.tests.factories import CompactOfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, herefordshire):
    user = CompactOfficerFactory(compact=herefordshire).user
    client.force_login(user)
    return user


@pytest.fixture
def theirs(hertfordshire):
    return AgreementFactory(compact=hertfordshire, title="Their advice service")


def notice_about(agreement, **changes):
    return FundingNotice.objects.create(
        agreement=agreement,
        kind=FundingNotice.Kind.END,
        issued_on=date(2027, 1, 4),
        effective_on=date(2027, 2, 1),
        reasons="The budget was cut.",
        equality_impact_assessment=FundingNotice.Check.DONE,
        impact_assessment=FundingNotice.Check.DONE,
        improvement_plan=FundingNotice.Check.NOT_RELEVANT,
        **changes,
    )


def test_agreement_list_shows_the_term_label(client, officer, herefordshire):
    AgreementFactory(compact=herefordshire, start_date=date(2026, 4, 1), end_date=date(2026, 9, 30))
    page = client.get("/admin/funding/fundingagreement/").content.decode()
    assert "Shorter, no reason" in page
    assert "shorter_no_reason</td>" not in page


def test_term_filter_offers_labels(client, officer, herefordshire):
    AgreementFactory(compact=herefordshire)
    page = client.get("/admin/funding/fundingagreement/").content.decode()
    assert "Shorter, with reason" in page and "Not set by this Compact" in page


def test_notice_list_shows_the_verdict_label(client, officer, herefordshire):
    notice_about(AgreementFactory(compact=herefordshire), state="short")
    page = client.get("/admin/funding/fundingnotice/").content.decode()
    assert "Notice too short" in page


def test_officer_sees_notices_on_the_agreement_page(client, officer, herefordshire):
    agreement = AgreementFactory(compact=herefordshire)
    notice_about(agreement)
    page = client.get(f"/admin/funding/fundingagreement/{agreement.pk}/change/").content.decode()
    assert "Ending the funding" in page


def test_officer_may_not_add_an_agreement_in_the_admin(client, officer):
    assert client.get("/admin/funding/fundingagreement/add/").status_code == 403


def test_officer_of_another_compact_may_not_read_its_agreement_history(client, officer, theirs):
    response = client.get(f"/admin/funding/fundingagreement/{theirs.pk}/history/")
    assert response.status_code == 404  # as if it were not there
    assert "Their advice service" not in response.content.decode()


def test_officer_of_another_compact_may_not_read_its_notice_history(client, officer, theirs):
    notice = notice_about(theirs)
    response = client.get(f"/admin/funding/fundingnotice/{notice.pk}/history/")
    assert response.status_code == 404


def test_officer_reads_their_own_agreement_history(client, officer, herefordshire):
    agreement = AgreementFactory(compact=herefordshire)
    response = client.get(f"/admin/funding/fundingagreement/{agreement.pk}/history/")
    assert response.status_code == 200
