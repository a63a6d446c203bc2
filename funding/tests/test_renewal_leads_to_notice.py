"""A decision not to renew leads to the written notice of ending, with its earliest date."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine

from funding.models import FundingNotice, RenewalDecision
from funding.tests.factories import AgreementFactory
from funding.tests.test_services_and_views import agreement_form, dateparts, notice_form
from signatories.tests.factories import (
    OrganisationContactFactory,
    OrganisationFactory,
    on_the_list,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)


@pytest.fixture
def council(herefordshire):
    return on_the_list(OrganisationFactory(public=True, name="County Council"), herefordshire)


@pytest.fixture
def agreement(herefordshire, council):
    charity = on_the_list(OrganisationFactory(name="Advice Charity"), herefordshire)
    return AgreementFactory(
        compact=herefordshire,
        funder=council,
        recipient=charity,
        start_date=date(2024, 4, 1),
        end_date=date(2027, 3, 31),
        renewal_date=date(2027, 4, 1),
    )


@pytest.fixture
def officer(client, council):
    user = OrganisationContactFactory(organisation=council).user
    client.force_login(user)
    return user


def offered_date(page, name):
    return tuple(re.search(rf'name="{name}_{i}" value="(\d+)"', page).group(1) for i in range(3))


def decide(client, agreement, decision):
    return client.post(
        f"/funding/{agreement.pk}/renewal/",
        {"decision": decision, **dateparts("notified_on", TODAY), "reasons": "Budget cut"},
    )


@time_machine.travel(TODAY)
def test_not_renewing_offers_the_notice_of_ending_with_its_earliest_compliant_date(
    client, officer, agreement
):
    response = decide(client, agreement, RenewalDecision.Decision.NOT_RENEW)
    assert response["Location"] == f"/funding/{agreement.pk}/notices/new/?kind=end"
    page = client.get(response["Location"]).content.decode()
    # Issued today (30 November 2026) with 3 months' notice: 28 February 2027 at the earliest;
    # the funding runs to 31 March 2027, so the notice is offered to take effect then.
    assert "the earliest compliant date for it to take effect is 28 February 2027" in page
    assert re.search(r'<input[^>]*value="end"[^>]*checked', page, re.S)
    assert offered_date(page, "issued_on") == ("30", "11", "2026")
    assert offered_date(page, "effective_on") == ("31", "3", "2027")
    assert "Now give the recipient written notice of the ending" in page


@time_machine.travel(TODAY)
def test_funding_ending_sooner_than_the_notice_period_is_offered_the_earliest_compliant_date(
    client, officer, agreement
):
    agreement.end_date = date(2027, 1, 31)
    agreement.save()
    response = decide(client, agreement, RenewalDecision.Decision.NOT_RENEW)
    page = client.get(response["Location"]).content.decode()
    assert offered_date(page, "effective_on") == ("28", "2", "2027")


@time_machine.travel(TODAY)
def test_the_agreement_keeps_asking_for_the_notice_until_it_is_given(client, officer, agreement):
    decide(client, agreement, RenewalDecision.Decision.NOT_RENEW)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "No notice of the ending has been given yet" in page
    assert "28 February 2027" in page
    client.post(f"/funding/{agreement.pk}/notices/new/", notice_form(TODAY, date(2027, 3, 31)))
    assert FundingNotice.objects.filter(kind="end").exists()
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "No notice of the ending has been given yet" not in page


@time_machine.travel(TODAY)
def test_renewing_leads_back_to_the_agreement(client, officer, agreement):
    response = decide(client, agreement, RenewalDecision.Decision.RENEW)
    assert response["Location"] == agreement.get_absolute_url()
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "No notice of the ending has been given yet" not in page


@time_machine.travel(TODAY)
def test_the_recipient_sees_the_decision_but_not_the_offer_to_give_notice(
    client, officer, agreement
):
    decide(client, agreement, RenewalDecision.Decision.NOT_RENEW)
    client.force_login(OrganisationContactFactory(organisation=agreement.recipient).user)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "No notice of the ending has been given yet" in page
    assert "Give notice of the ending" not in page


def test_the_funder_records_the_reasons_for_an_award(client, officer, herefordshire, council):
    charity = on_the_list(OrganisationFactory(name="Youth Club"), herefordshire)
    client.post(
        "/funding/new/",
        agreement_form(
            herefordshire, council, charity, award_reasons="Best value <b>bid</b> for the area"
        ),
    )
    from funding.models import FundingAgreement

    agreement = FundingAgreement.objects.get()
    assert agreement.award_reasons == "Best value <b>bid</b> for the area"
    assert agreement.history.get().award_reasons == agreement.award_reasons
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Reasons for the award" in page
    assert "Best value &lt;b&gt;bid&lt;/b&gt; for the area" in page
