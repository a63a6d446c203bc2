"""The funding admin writes only through the services: an officer edits an agreement there and
gets the verdicts the funder's page gives; nothing is added or deleted behind them."""

from datetime import date

import pytest

from funding import services
from funding.models import FundingAgreement
from funding.tests.factories import AgreementFactory
from signatories.rules import latest_notice_date
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def change_form(agreement, **changes):
    """The admin change form as an officer's browser posts it."""
    data = {
        "compact": agreement.compact_id,
        "funder": agreement.funder_id,
        "recipient": agreement.recipient_id,
        "kind": agreement.kind,
        "title": agreement.title,
        "purpose": agreement.purpose,
        "amount": str(agreement.amount),
        "awarded_on": agreement.awarded_on.isoformat(),
        "start_date": agreement.start_date.isoformat(),
        "end_date": agreement.end_date.isoformat(),
        "renewal_date": "",
        "short_term_reason": agreement.short_term_reason,
        "full_cost_recovery": "",
        "payment_in_advance": "",
        "outcomes_agreed": "yes",
        "risk_assessment": "",
        "notices-TOTAL_FORMS": "0",
        "notices-INITIAL_FORMS": "0",
        "notices-MIN_NUM_FORMS": "0",
        "notices-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(changes)
    return data


@pytest.fixture
def officer(client, chelmsford):
    user = CompactOfficerFactory(compact=chelmsford).user
    client.force_login(user)
    return user


@pytest.fixture
def agreement(chelmsford):
    council = OrganisationFactory(public=True, name="Chelmsford City Council")
    charity = OrganisationFactory(name="Chelmsford Advice")
    for organisation in (council, charity):
        SignatureFactory(organisation=organisation, compact=chelmsford, approved=True)
    return AgreementFactory(compact=chelmsford, funder=council, recipient=charity)


def test_an_agreement_edited_in_the_admin_gets_the_sites_verdicts(client, officer, agreement):
    twin = AgreementFactory(
        compact=agreement.compact, funder=agreement.funder, recipient=agreement.recipient
    )
    new_end, reason = date(2027, 3, 31), "A one-year pilot."
    response = client.post(
        f"/admin/funding/fundingagreement/{agreement.pk}/change/",
        change_form(agreement, end_date=new_end.isoformat(), short_term_reason=reason),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    services.update_agreement(
        agreement=twin, by=officer, end_date=new_end, short_term_reason=reason
    )
    agreement.refresh_from_db()
    twin.refresh_from_db()
    assert agreement.end_date == new_end
    assert agreement.notice_deadline == latest_notice_date(new_end, 6)  # Chelmsford: 6 months
    assert (agreement.term_state, agreement.notice_deadline, agreement.renewal_due) == (
        twin.term_state,
        twin.notice_deadline,
        twin.renewal_due,
    )
    assert agreement.history.first().history_change_reason == "Edited"
    assert agreement.history.first().history_user == officer


def test_the_admin_refuses_what_the_site_refuses(client, officer, agreement, chelmsford):
    charity = OrganisationFactory(name="Not a funder")
    SignatureFactory(organisation=charity, compact=chelmsford, approved=True)
    response = client.post(
        f"/admin/funding/fundingagreement/{agreement.pk}/change/",
        change_form(agreement, funder=charity.pk),
    )
    assert response.status_code == 200
    assert "The funder must be a public-sector organisation." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.funder.name == "Chelmsford City Council"


def test_an_officer_of_another_compact_cannot_edit_it_in_the_admin(
    client, agreement, herefordshire
):
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    response = client.post(
        f"/admin/funding/fundingagreement/{agreement.pk}/change/",
        change_form(agreement, title="Taken over"),
    )
    assert response.status_code in {302, 403, 404}
    agreement.refresh_from_db()
    assert agreement.title != "Taken over"


def test_nobody_adds_an_agreement_in_the_admin(client, chelmsford):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/funding/fundingagreement/add/").status_code == 403


@pytest.mark.parametrize("model", ["fundingagreement", "fundingnotice", "renewaldecision"])
def test_nobody_deletes_funding_records_in_the_admin(client, agreement, model):
    from funding.models import FundingNotice, RenewalDecision

    notice = FundingNotice.objects.create(
        agreement=agreement,
        kind=FundingNotice.Kind.END,
        issued_on=date(2027, 1, 4),
        effective_on=date(2027, 9, 1),
        reasons="The budget was cut.",
        equality_impact_assessment=FundingNotice.Check.DONE,
        impact_assessment=FundingNotice.Check.DONE,
        improvement_plan=FundingNotice.Check.NOT_RELEVANT,
    )
    decision = RenewalDecision.objects.create(
        agreement=agreement, decision="renew", notified_on=date(2027, 1, 4)
    )
    pk = {"fundingagreement": agreement.pk, "fundingnotice": notice.pk}.get(model, decision.pk)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(f"/admin/funding/{model}/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert FundingAgreement.objects.filter(pk=agreement.pk).exists()
    assert FundingNotice.objects.filter(pk=notice.pk).exists()
    assert RenewalDecision.objects.filter(pk=decision.pk).exists()
