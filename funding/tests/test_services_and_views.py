"""A funder's officer records agreements and notices and sees the verdicts of each Compact."""

import json
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from funding import services
from funding.models import FundingAgreement, FundingNotice
from funding.tests.factories import AgreementFactory
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    SignatureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def dateparts(prefix, d):
    return {f"{prefix}_0": d.day, f"{prefix}_1": d.month, f"{prefix}_2": d.year}


@pytest.fixture
def funder_officer(client, herefordshire, hertfordshire, chelmsford):
    council = OrganisationFactory(public=True, name="County Council")
    officer = OrganisationContactFactory(organisation=council).user
    for compact in (herefordshire, hertfordshire, chelmsford):
        SignatureFactory(organisation=council, compact=compact, approved=True)
    client.force_login(officer)
    return officer


@pytest.fixture
def recipient(herefordshire, hertfordshire, chelmsford):
    charity = OrganisationFactory(name="Advice Charity")
    for compact in (herefordshire, hertfordshire, chelmsford):
        SignatureFactory(organisation=charity, compact=compact, approved=True)
    OrganisationContactFactory(organisation=charity, user=UserFactory(email="charity@example.org"))
    return charity


def agreement_form(compact, funder, recipient, **overrides):
    data = {
        "compact": compact.pk,
        "funder": funder.pk,
        "recipient": recipient.pk,
        "kind": "grant",
        "title": "Advice service",
        "purpose": "Advice",
        "amount": "25000",
        **dateparts("awarded_on", date(2026, 3, 1)),
        **dateparts("start_date", date(2026, 4, 1)),
        **dateparts("end_date", date(2029, 3, 31)),
        "full_cost_recovery": "yes",
        "payment_in_advance": "",
        "outcomes_agreed": "yes",
        "risk_assessment": "no",
    }
    data.update(overrides)
    return data


def notice_form(issued, effective, **overrides):
    data = {
        "kind": "end",
        **dateparts("issued_on", issued),
        **dateparts("effective_on", effective),
        "in_writing": "on",
        "reasons": "Budget reduced",
        "equality_impact_assessment": "done",
        **dateparts("equality_impact_assessment_on", issued),
        "impact_assessment": "done",
        **dateparts("impact_assessment_on", issued),
        "improvement_plan": "not_relevant",
    }
    data.update(overrides)
    return data


def test_an_officer_records_the_worked_example_and_sees_it_meets_three_years(
    client, funder_officer, herefordshire, recipient
):
    funder = funder_officer.organisation_links.get().organisation
    response = client.post("/funding/new/", agreement_form(herefordshire, funder, recipient))
    agreement = FundingAgreement.objects.get()
    assert response["Location"] == agreement.get_absolute_url()
    assert agreement.term_state == "meets"
    assert agreement.notice_deadline == date(2028, 12, 31)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Meets the Compact" in page
    assert "31 December 2028" in page  # the last day to give notice of the end
    # the clause, in plain words, links to its text
    assert 'href="/compacts/herefordshire/text/#clause-fp-4"' in page
    assert "‘Funding and procurement’, clause FP-4</a>" in page


@pytest.mark.parametrize(
    ("slug", "issued", "effective", "state"),
    [
        ("herefordshire", date(2026, 11, 30), date(2027, 2, 28), "meets"),
        ("herefordshire", date(2026, 11, 30), date(2027, 2, 27), "short"),
        ("hertfordshire", date(2026, 1, 15), date(2026, 4, 15), "meets"),
        ("chelmsford", date(2026, 1, 15), date(2026, 4, 15), "short"),
        ("chelmsford", date(2026, 8, 31), date(2027, 2, 28), "meets"),
    ],
)
def test_notices_are_judged_by_their_compacts_period(
    client,
    funder_officer,
    recipient,
    compacts,
    slug,
    issued,
    effective,
    state,
    django_capture_on_commit_callbacks,
):
    funder = funder_officer.organisation_links.get().organisation
    agreement = AgreementFactory(compact=compacts[slug], funder=funder, recipient=recipient)
    data = notice_form(issued, effective)
    if state == "short":  # a notice that breaks the Compact is confirmed first
        data.update(confirmed="short", confirm_breaches="on")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/funding/{agreement.pk}/notices/new/", data)
    notice = FundingNotice.objects.get()
    assert response["Location"] == notice.get_absolute_url()
    assert notice.state == state
    page = client.get(notice.get_absolute_url()).content.decode()
    assert ("Less notice than the Compact asks for" in page) == (state == "short")
    assert mail.outbox[0].to == ["charity@example.org"]


def test_exceptional_circumstances_are_offered_only_where_the_compact_allows(
    client, funder_officer, recipient, herefordshire, hertfordshire
):
    funder = funder_officer.organisation_links.get().organisation
    hereford = AgreementFactory(compact=herefordshire, funder=funder, recipient=recipient)
    hertford = AgreementFactory(compact=hertfordshire, funder=funder, recipient=recipient)
    assert (
        "exceptional_justification"
        not in client.get(f"/funding/{hereford.pk}/notices/new/").content.decode()
    )
    assert (
        "exceptional_justification"
        in client.get(f"/funding/{hertford.pk}/notices/new/").content.decode()
    )
    client.post(
        f"/funding/{hertford.pk}/notices/new/",
        notice_form(
            date(2026, 1, 1),
            date(2026, 2, 1),
            exceptional="on",
            exceptional_justification="Fraud found",
        ),
    )
    assert FundingNotice.objects.get().state == "exception"
    with pytest.raises(ValidationError):
        services.issue_notice(
            agreement=hereford,
            by=funder_officer,
            kind="end",
            issued_on=date(2026, 1, 1),
            effective_on=date(2026, 2, 1),
            reasons="x",
            exceptional=True,
            exceptional_justification="x",
            equality_impact_assessment="done",
            impact_assessment="done",
            improvement_plan="done",
        )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {**dateparts("end_date", date(2026, 3, 1))},
            "The end date must be on or after the start date",
        ),
        ({"amount": "-5"}, "The amount cannot be negative"),
        ({"title": ""}, "Enter a title"),
        ({"end_date_0": "31", "end_date_1": "2", "end_date_2": "2029"}, "Enter a real end date"),
    ],
)
def test_bad_agreement_input_is_refused_clearly_and_kept(
    client, funder_officer, herefordshire, recipient, overrides, message
):
    funder = funder_officer.organisation_links.get().organisation
    response = client.post(
        "/funding/new/",
        agreement_form(herefordshire, funder, recipient, purpose="Typed purpose", **overrides),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page and message in page and "Typed purpose" in page
    assert not FundingAgreement.objects.exists()


def test_a_notice_cannot_take_effect_before_it_is_issued(
    client, funder_officer, recipient, herefordshire
):
    funder = funder_officer.organisation_links.get().organisation
    agreement = AgreementFactory(compact=herefordshire, funder=funder, recipient=recipient)
    response = client.post(
        f"/funding/{agreement.pk}/notices/new/", notice_form(date(2026, 5, 1), date(2026, 4, 1))
    )
    assert response.status_code == 400
    assert "cannot take effect before it is issued" in response.content.decode()
    assert not FundingNotice.objects.exists()


def test_the_recipient_sees_its_agreement_read_only_and_others_see_nothing(
    client, recipient, herefordshire
):
    agreement = AgreementFactory(compact=herefordshire, recipient=recipient)
    client.force_login(recipient.contacts.get().user)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert agreement.title in page and "Issue a notice" not in page
    assert client.get(f"/funding/{agreement.pk}/notices/new/").status_code == 403
    client.force_login(UserFactory())
    assert client.get(agreement.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(agreement.get_absolute_url()).status_code == 302


def test_a_compact_officer_sees_all_agreements_in_their_compact_only(
    client, herefordshire, hertfordshire
):
    ours = AgreementFactory(compact=herefordshire)
    theirs = AgreementFactory(compact=hertfordshire)
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    page = client.get("/funding/").content.decode()
    assert ours.title in page and theirs.title not in page


def test_only_the_funders_officers_record_for_it(herefordshire, recipient):
    stranger = OrganisationContactFactory(organisation=OrganisationFactory(public=True)).user
    funder = OrganisationFactory(public=True)
    with pytest.raises(PermissionDenied):
        services.record_agreement(
            by=stranger,
            compact=herefordshire,
            funder=funder,
            recipient=recipient,
            kind="grant",
            title="x",
            purpose="x",
            amount=1,
            awarded_on=date(2026, 1, 1),
            start_date=date(2026, 1, 1),
            end_date=date(2026, 12, 31),
        )


def test_renewal_decisions_pending_overdue_and_recorded(
    client, funder_officer, recipient, herefordshire
):
    funder = funder_officer.organisation_links.get().organisation
    agreement = AgreementFactory(
        compact=herefordshire, funder=funder, recipient=recipient, renewal_date=date(2027, 2, 28)
    )
    assert agreement.renewal_due == date(2026, 11, 30)
    page = client.get("/funding/renewals/").content.decode()
    assert agreement.title in page and "30 Nov 2026" in page
    response = client.post(
        f"/funding/{agreement.pk}/renewal/",
        {"decision": "not_renew", **dateparts("notified_on", date(2026, 12, 1)), "reasons": ""},
    )
    assert "Give the reasons for not renewing" in response.content.decode()
    client.post(
        f"/funding/{agreement.pk}/renewal/",
        {
            "decision": "not_renew",
            **dateparts("notified_on", date(2026, 12, 1)),
            "reasons": "Service ending",
        },
    )
    agreement.refresh_from_db()
    assert agreement.renewal_decision.state == "late"


def test_changing_a_compacts_parameter_rechecks_its_agreements(
    herefordshire, django_capture_on_commit_callbacks
):
    agreement = AgreementFactory(
        compact=herefordshire, start_date=date(2026, 4, 1), end_date=date(2028, 3, 31)
    )
    assert agreement.term_state == "shorter_no_reason"
    herefordshire.min_term_years = 2
    with django_capture_on_commit_callbacks(execute=True):
        herefordshire.save()
    agreement.refresh_from_db()
    assert agreement.term_state == "meets"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("compact=herefordshire&issued=2026-11-30", {"earliest_effective": "2027-02-28"}),
        ("compact=chelmsford&issued=2026-08-31", {"earliest_effective": "2027-02-28"}),
        (
            "compact=herefordshire&start=2026-04-01&end=2029-03-31",
            {
                "latest_notice_date": "2028-12-31",
                "term": {"state": "meets", "reaches": "2029-03-31"},
            },
        ),
    ],
)
def test_the_rule_check_endpoint_gives_the_hints(client, compacts, query, expected):
    data = client.get(f"/funding/check.json?{query}").json()
    for key, value in expected.items():
        assert data[key] == value


@pytest.mark.parametrize(
    "query",
    [
        "compact=nowhere&issued=2026-01-01",
        "compact=herefordshire&issued=31/01/2026",
        "compact=herefordshire",
        "compact=herefordshire&start=2026-05-01&end=2026-04-01",
    ],
)
def test_the_rule_check_endpoint_answers_400_with_a_reason(client, compacts, query):
    response = client.get(f"/funding/check.json?{query}")
    assert response.status_code == 400
    assert response.json()["error"]


def test_360giving_output_validates_against_the_published_schema(client, herefordshire, recipient):
    from pathlib import Path

    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    funder = OrganisationFactory(public=True, publish_funding=True, name="Open Council")
    AgreementFactory(compact=herefordshire, funder=funder, recipient=recipient)
    AgreementFactory(compact=herefordshire)  # its funder does not publish
    data = json.loads(b"".join(client.get("/funding/360giving.json").streaming_content))
    assert len(data["grants"]) == 1
    grant = data["grants"][0]
    assert grant["fundingOrganization"][0]["id"] == "GB-LAE-HEF"
    assert grant["recipientOrganization"][0]["id"] == recipient.org_id
    assert grant["currency"] == "GBP" and grant["amountAwarded"] == 25000.0
    root = Path(__file__).resolve().parent / "data/360giving"
    package = json.loads((root / "360-giving-package-schema.json").read_text())
    grant_schema = json.loads((root / "360-giving-schema.json").read_text())
    ref = package["properties"]["grants"]["items"]["$ref"]
    registry = Registry().with_resource(
        ref, Resource(contents=grant_schema, specification=DRAFT202012)
    )
    validator = jsonschema.Draft202012Validator(
        package, registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = list(validator.iter_errors(data))
    assert errors == []


def test_renewals_waiting_come_50_a_page_soonest_first(
    client, funder_officer, recipient, herefordshire
):
    funder = funder_officer.organisation_links.get().organisation
    for i in range(51):
        AgreementFactory(
            compact=herefordshire,
            funder=funder,
            recipient=recipient,
            title=f"Renewing {i:02d}",
            renewal_date=date(2027, 1, 1) + timedelta(days=i),
        )
    first = client.get("/funding/renewals/").content.decode()
    assert "51 decisions waiting" in first
    assert "Renewing 00" in first and "Renewing 49" in first and "Renewing 50" not in first
    assert "page=2" in first
    second = client.get("/funding/renewals/?page=2").content.decode()
    assert "Renewing 50" in second and "Renewing 49" not in second
    assert client.get("/funding/renewals/?page=999").status_code == 200  # the last page
