"""A notice's headline counts every check its Compact makes; one that breaks a clause is
issued only once the officer confirms it by name; the message says who was emailed."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.models import OutboundEmail
from funding import services
from funding.models import FundingNotice, NoticeState
from funding.tests.factories import AgreementFactory
from funding.tests.test_services_and_views import notice_form
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    UserFactory,
    on_the_list,
)

pytestmark = pytest.mark.django_db

ISSUED, IN_TIME, TOO_SOON = date(2026, 6, 1), date(2026, 9, 30), date(2026, 7, 1)


@pytest.fixture
def charity(herefordshire, hertfordshire, chelmsford):
    charity = OrganisationFactory(name="Advice Charity")
    for compact in (herefordshire, hertfordshire, chelmsford):
        on_the_list(charity, compact)
    OrganisationContactFactory(organisation=charity, user=UserFactory(email="charity@example.org"))
    return charity


@pytest.fixture
def council(herefordshire, hertfordshire, chelmsford):
    council = OrganisationFactory(public=True, name="County Council")
    for compact in (herefordshire, hertfordshire, chelmsford):
        on_the_list(council, compact)
    return council


@pytest.fixture
def officer(client, council):
    user = OrganisationContactFactory(organisation=council).user
    client.force_login(user)
    return user


def agreement_in(compact, council, charity):
    return AgreementFactory(
        compact=compact,
        funder=council,
        recipient=charity,
        start_date=date(2026, 4, 1),
        end_date=date(2026, 9, 30),
    )


def issue(by, agreement, confirmed=(), **overrides):
    data = {
        "kind": FundingNotice.Kind.END,
        "issued_on": ISSUED,
        "effective_on": IN_TIME,
        "reasons": "The budget was cut.",
        "equality_impact_assessment": FundingNotice.Check.DONE,
        "impact_assessment": FundingNotice.Check.DONE,
        "improvement_plan": FundingNotice.Check.DONE,
        **overrides,
    }
    return services.issue_notice(agreement=agreement, by=by, confirmed_breaches=confirmed, **data)


def test_a_herefordshire_notice_without_the_equality_impact_assessment_never_meets_the_compact(
    client, officer, herefordshire, council, charity
):
    agreement = agreement_in(herefordshire, council, charity)
    notice = issue(
        officer,
        agreement,
        confirmed=["equality_impact_assessment"],
        equality_impact_assessment=FundingNotice.Check.NOT_DONE,
    )
    assert notice.state == NoticeState.CHECKS_MISSING
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "Meets the Compact" not in page
    assert "Checks before the cut not done" in page
    assert "Equality Impact Assessment: not done (Herefordshire Compact FP-9)" in page
    detail = client.get(agreement.get_absolute_url()).content.decode()
    assert "Meets the Compact" not in detail.split('<h2 class="govuk-heading-m">Notices</h2>')[1]


@pytest.mark.parametrize(
    ("slug", "kind", "answers", "state"),
    [
        # Hertfordshire asks for no Equality Impact Assessment: it is shown as not set.
        ("hertfordshire", "end", {"equality_impact_assessment": "not_done"}, "meets"),
        ("hertfordshire", "end", {"improvement_plan": "not_done"}, "checks_missing"),
        # An improvement plan comes before an ending only (4.1).
        ("hertfordshire", "reduce", {"improvement_plan": "not_done"}, "meets"),
        ("chelmsford", "end", {"impact_assessment": "not_done"}, "checks_missing"),
        ("herefordshire", "reduce", {"impact_assessment": "not_done"}, "checks_missing"),
        ("herefordshire", "end", {"improvement_plan": "not_done"}, "meets"),
        ("herefordshire", "change", {"equality_impact_assessment": "not_done"}, "meets"),
    ],
)
def test_each_compact_counts_the_checks_it_asks_for(
    officer, compacts, council, charity, slug, kind, answers, state
):
    agreement = AgreementFactory(
        compact=compacts[slug],
        funder=council,
        recipient=charity,
        start_date=date(2026, 1, 1),
        end_date=date(2027, 12, 31),
    )
    notice = issue(
        officer,
        agreement,
        confirmed=list(answers),
        kind=kind,
        issued_on=date(2026, 1, 1),
        effective_on=date(2026, 12, 31),
        **answers,
    )
    assert notice.state == state


def test_a_compact_naming_no_clause_for_a_check_turns_it_off_and_shows_not_set(
    client, officer, herefordshire, council, charity, django_capture_on_commit_callbacks
):
    agreement = agreement_in(herefordshire, council, charity)
    notice = issue(
        officer,
        agreement,
        confirmed=["equality_impact_assessment"],
        equality_impact_assessment=FundingNotice.Check.NOT_DONE,
    )
    herefordshire.clauses = {
        k: v for k, v in herefordshire.clauses.items() if k != "equality_impact_assessment"
    }
    with django_capture_on_commit_callbacks(execute=True):
        herefordshire.save()  # a Compact officer edits its rules in the admin
    notice.refresh_from_db()
    assert notice.state == NoticeState.MEETS
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "Not set by this Compact" in page


def test_the_admin_and_its_history_page_show_the_headline_in_words(
    client, officer, herefordshire, council, charity
):
    notice = issue(
        officer,
        agreement_in(herefordshire, council, charity),
        confirmed=["impact_assessment"],
        impact_assessment=FundingNotice.Check.NOT_DONE,
    )
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    for url in (
        "/admin/funding/fundingnotice/",
        f"/admin/funding/fundingnotice/{notice.pk}/history/",
    ):
        page = client.get(url).content.decode()
        assert "Checks before the cut not done" in page, url


def test_a_short_notice_asks_for_confirmation_naming_its_clause_before_it_is_issued(
    client, officer, herefordshire, council, charity
):
    agreement = agreement_in(herefordshire, council, charity)
    url = f"/funding/{agreement.pk}/notices/new/"
    data = notice_form(ISSUED, TOO_SOON)
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert not FundingNotice.objects.exists()
    assert "This notice breaks the Herefordshire Compact" in page
    assert "(Herefordshire Compact Funding and procurement (public sector))" in page
    assert 'name="confirm_breaches"' in page and 'value="short"' in page
    assert (
        "I confirm this notice is issued although it breaks "
        "Herefordshire Compact Funding and procurement (public sector)" in page
    )
    # Sent again without ticking the box: refused, with an error.
    response = client.post(url, {**data, "confirmed": "short"})
    assert response.status_code == 400
    assert (
        "Tick the box to confirm you are issuing a notice that breaks Herefordshire Compact"
        in response.content.decode()
    )
    assert not FundingNotice.objects.exists()
    response = client.post(url, {**data, "confirmed": "short", "confirm_breaches": "on"})
    notice = FundingNotice.objects.get()
    assert response["Location"] == notice.get_absolute_url()
    assert notice.state == NoticeState.SHORT


def test_a_confirmation_covers_only_the_breaches_it_named(
    client, officer, herefordshire, council, charity
):
    agreement = agreement_in(herefordshire, council, charity)
    url = f"/funding/{agreement.pk}/notices/new/"
    # Confirmed as short, then the Equality Impact Assessment changed to not done.
    data = notice_form(
        ISSUED,
        TOO_SOON,
        confirmed="short",
        confirm_breaches="on",
        equality_impact_assessment="not_done",
    )
    response = client.post(url, data)
    assert not FundingNotice.objects.exists()
    page = response.content.decode()
    assert "Equality Impact Assessment: not done (Herefordshire Compact FP-9)" in page
    assert 'value="short,equality_impact_assessment"' in page
    assert not re.search(r'<input[^>]*name="confirm_breaches"[^>]*checked', page)


def test_the_service_refuses_an_unconfirmed_breach_whoever_calls_it(
    officer, herefordshire, council, charity
):
    agreement = agreement_in(herefordshire, council, charity)
    with pytest.raises(ValidationError, match="Herefordshire Compact FP-3"):
        issue(officer, agreement, impact_assessment=FundingNotice.Check.NOT_DONE)
    with pytest.raises(ValidationError, match="Funding and procurement"):
        issue(officer, agreement, effective_on=TOO_SOON)
    assert not FundingNotice.objects.exists()


def test_a_double_click_issues_one_notice(client, officer, herefordshire, council, charity):
    agreement = agreement_in(herefordshire, council, charity)
    url = f"/funding/{agreement.pk}/notices/new/"
    data = notice_form(ISSUED, IN_TIME)
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 400
    assert "already been issued" in response.content.decode()
    assert FundingNotice.objects.count() == 1


def test_the_message_names_who_is_emailed(client, officer, herefordshire, council, charity):
    agreement = agreement_in(herefordshire, council, charity)
    response = client.post(
        f"/funding/{agreement.pk}/notices/new/", notice_form(ISSUED, IN_TIME), follow=True
    )
    page = response.content.decode()
    assert "An email about it is on its way to charity@example.org" in page
    assert OutboundEmail.objects.get().recipient == "charity@example.org"


def test_no_email_is_claimed_when_the_recipient_has_no_contacts(
    client, officer, herefordshire, council
):
    lonely = on_the_list(OrganisationFactory(name="Quiet Group"), herefordshire)
    agreement = agreement_in(herefordshire, council, lonely)
    response = client.post(
        f"/funding/{agreement.pk}/notices/new/", notice_form(ISSUED, IN_TIME), follow=True
    )
    page = response.content.decode()
    assert FundingNotice.objects.exists() and not OutboundEmail.objects.exists()
    assert "Nobody was emailed: Quiet Group has no contacts on the portal" in page
    assert "have been emailed" not in page and "on its way" not in page


def test_the_redesign_offer_is_recorded_and_shown(client, officer, herefordshire, council, charity):
    agreement = agreement_in(herefordshire, council, charity)
    client.post(
        f"/funding/{agreement.pk}/notices/new/",
        notice_form(ISSUED, IN_TIME, redesign_offered="yes"),
    )
    notice = FundingNotice.objects.get()
    assert notice.redesign_offered == "yes"
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "Chance to redesign the service offered" in page


def test_the_migration_asking_for_the_checks_judges_earlier_notices_again(
    officer, herefordshire, council, charity
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "funding.migrations.0007_compacts_ask_for_checks_before_cuts"
    )
    migration.forget_checks(apps, None)
    herefordshire.refresh_from_db()
    notice = issue(
        officer,
        agreement_in(herefordshire, council, charity),
        equality_impact_assessment=FundingNotice.Check.NOT_DONE,
    )
    assert notice.state == NoticeState.MEETS  # before the Compact asked for it
    migration.ask_for_checks(apps, None)
    notice.refresh_from_db()
    assert notice.state == NoticeState.CHECKS_MISSING
