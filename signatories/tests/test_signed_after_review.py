"""An organisation that signed on or after the day a review was recorded has already signed the
reviewed Compact: it is not asked to re-commit to that review (issue 23)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from core.models import OutboundEmail
from reminders.sweep import collect
from signatories import rules, services
from signatories.models import Signature
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    SignatureFactory,
)

REVIEWED = date(2026, 3, 2)  # the review meeting
RECORDED = date(2026, 3, 9)  # the day an officer records it on the portal


def _due(signed_on):
    return rules.recommit_due(
        signed_on=signed_on,
        recommitted_on=None,
        reviewed_on=REVIEWED,
        review_recorded_on=RECORDED,
        within_weeks=12,
    )


def test_signed_the_day_before_the_review_was_recorded_is_asked_to_re_commit():
    assert _due(RECORDED - timedelta(days=1)) == REVIEWED + timedelta(weeks=12)


@pytest.mark.parametrize("signed_on", [RECORDED, RECORDED + timedelta(days=1)])
def test_signed_on_or_after_the_day_the_review_was_recorded_is_not_asked(signed_on):
    assert _due(signed_on) is None


@pytest.fixture
def signed(db, herefordshire):
    """Two organisations on the list: one approved the day before the review is recorded, one
    approved on the day; then the review is recorded."""
    officer = CompactOfficerFactory(compact=herefordshire).user
    signatures = {}
    for name, day in (("Day Before", RECORDED - timedelta(days=1)), ("Same Day", RECORDED)):
        organisation = OrganisationFactory(name=name)
        pending = SignatureFactory(organisation=organisation, compact=herefordshire)
        with time_machine.travel(day, tick=False):
            signatures[name] = services.approve_signature(pending, by=officer)
    with time_machine.travel(RECORDED, tick=False):
        services.record_review(
            compact=herefordshire, by=officer, reviewed_on=REVIEWED, summary="Six months' notice."
        )
    for signature in signatures.values():
        signature.refresh_from_db()
    return signatures


def test_only_the_organisation_approved_before_the_review_day_has_a_recommit_date(signed):
    assert signed["Day Before"].recommit_due == REVIEWED + timedelta(weeks=12)
    assert signed["Same Day"].recommit_due is None


def test_only_the_organisation_approved_before_the_review_day_is_emailed(signed):
    invited = OutboundEmail.objects.filter(subject__contains="please re-commit")
    assert list(invited.values_list("recipient", flat=True)) == [signed["Day Before"].contact_email]


def test_an_organisation_approved_after_the_review_is_not_asked(db, herefordshire, signed):
    later = SignatureFactory(compact=herefordshire)
    with time_machine.travel(RECORDED + timedelta(days=5), tick=False):
        later = services.approve_signature(
            later, by=CompactOfficerFactory(compact=herefordshire).user
        )
    assert later.recommit_due is None


def test_only_the_organisation_approved_before_the_review_day_is_reminded_or_lapses(signed):
    due = signed["Day Before"].recommit_due
    reminded = [
        d.recipient for d in collect(due - timedelta(weeks=2)) if d.kind == "signatories.recommit"
    ]
    assert reminded == [signed["Day Before"].contact_email.lower()]
    assert services.lapse_overdue_signatures(due + timedelta(days=1)) == 1
    assert Signature.objects.get(pk=signed["Same Day"].pk).state == Signature.State.APPROVED


@pytest.mark.parametrize("page", ["home", "signatories:manage"])
def test_the_home_and_manage_pages_ask_only_the_organisation_approved_before(client, signed, page):
    for name, asked in (("Day Before", True), ("Same Day", False)):
        organisation = signed[name].organisation
        client.force_login(OrganisationContactFactory(organisation=organisation).user)
        args = [organisation.pk] if page != "home" else []
        with time_machine.travel(RECORDED + timedelta(days=1), tick=False):
            html = client.get(reverse(page, args=args)).content.decode()
        assert ("Six months&#x27; notice." in html) is asked, name
        assert ("Re-commit by" in html) is asked, name
