"""Every page shows a verdict's words in its colour, never its code."""

from __future__ import annotations

from datetime import date

import pytest

from funding import services
from funding.models import FundingNotice, NoticeState, TermState
from funding.tests.factories import AgreementFactory
from signatories.tests.factories import OrganisationContactFactory, on_the_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(herefordshire):
    agreement = AgreementFactory(
        compact=herefordshire, start_date=date(2026, 4, 1), end_date=date(2026, 9, 30)
    )
    on_the_list(agreement.funder, herefordshire)
    return agreement


@pytest.fixture
def funder(client, agreement):
    user = OrganisationContactFactory(organisation=agreement.funder).user
    client.force_login(user)
    return user


def give_notice(agreement, by, effective_on, confirmed_breaches=()):
    return services.issue_notice(
        agreement=agreement,
        by=by,
        confirmed_breaches=confirmed_breaches,
        kind=FundingNotice.Kind.END,
        issued_on=date(2026, 6, 1),
        effective_on=effective_on,
        reasons="The budget was cut.",
        equality_impact_assessment=FundingNotice.Check.DONE,
        impact_assessment=FundingNotice.Check.DONE,
        improvement_plan=FundingNotice.Check.NOT_RELEVANT,
    )


def test_term_states_show_the_colours_the_tags_had():
    assert [s.colour for s in TermState] == ["green", "yellow", "red", "grey"]


def test_the_agreement_list_shows_a_short_term_in_red_words(client, funder, agreement):
    page = client.get("/funding/").content.decode()
    assert '<strong class="govuk-tag govuk-tag--red">Shorter, no reason</strong>' in page


def test_a_short_notice_page_says_what_is_missing(client, funder, agreement):
    notice = give_notice(
        agreement, funder, effective_on=date(2026, 7, 1), confirmed_breaches=["short"]
    )
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "Notice too short" in page
    assert "Less notice than the Compact asks for" in page


def test_a_notice_given_in_time_names_nothing_missing(client, funder, agreement):
    notice = give_notice(agreement, funder, effective_on=date(2026, 9, 30))
    page = client.get(notice.get_absolute_url()).content.decode()
    assert notice.state == NoticeState.MEETS
    assert "Less notice than the Compact asks for" not in page


def test_the_notice_history_names_its_verdict_in_words(funder, agreement):
    notice = give_notice(
        agreement, funder, effective_on=date(2026, 7, 1), confirmed_breaches=["short"]
    )
    assert notice.history.get().history_change_reason == "Issued (Notice too short)"


def test_no_notice_period_shows_not_set_in_grey(client, funder, herefordshire):
    herefordshire.funding_end_notice_months = None
    agreement = AgreementFactory(
        compact=herefordshire, funder=funder.organisation_links.get().organisation
    )
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert '<strong class="govuk-tag govuk-tag--grey">Not set by this Compact</strong>' in page
