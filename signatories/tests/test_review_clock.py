"""The Compact's annual review is on the clock: a date, reminders to its officers before it,
and recording the review moves the date on and invites signatories to re-commit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from core.models import OutboundEmail
from reminders.models import Reminder
from reminders.sweep import collect, sweep
from signatories import rules
from signatories.tests.factories import CompactOfficerFactory, SignatureFactory

pytestmark = pytest.mark.django_db


def test_the_next_review_is_a_year_on_from_the_last():
    assert rules.next_review_on(date(2025, 3, 31), date(2011, 1, 1)) == date(2026, 3, 31)
    assert rules.next_review_on(None, date(2024, 2, 29)) == date(2025, 2, 28)
    assert rules.next_review_on(None, None) is None


def test_each_seeded_compact_has_its_review_date(compacts):
    assert {slug: c.review_due_on for slug, c in compacts.items()} == {
        slug: rules.next_review_on(c.reviewed_on, c.adopted_on) for slug, c in compacts.items()
    }
    assert compacts["hertfordshire"].review_due_on == date(2019, 1, 1)


def _reviews_on(day):
    return sorted(
        (d.offset_days, d.recipient) for d in collect(day) if d.kind == "signatories.review_due"
    )


@pytest.fixture
def due(herefordshire, hertfordshire):
    herefordshire.review_due_on = date(2027, 6, 30)
    herefordshire.save()
    CompactOfficerFactory(compact=herefordshire, user__email="officer@hereford.example")
    CompactOfficerFactory(compact=hertfordshire, user__email="officer@herts.example")
    return herefordshire


def test_officers_are_reminded_eight_and_two_weeks_before_and_on_the_day(due):
    on = date(2027, 6, 30)
    assert _reviews_on(on - timedelta(weeks=8)) == [(56, "officer@hereford.example")]
    assert _reviews_on(on - timedelta(weeks=8, days=1)) == []
    assert _reviews_on(on - timedelta(weeks=2)) == [(14, "officer@hereford.example")]
    assert _reviews_on(on) == [(0, "officer@hereford.example")]
    reminder = next(d for d in collect(on) if d.kind == "signatories.review_due")
    assert reminder.link == reverse("admin:signatories_compactreview_add")
    assert "Review the Herefordshire Compact" in reminder.about


def test_the_review_reminder_is_sent_once(due):
    day = date(2027, 6, 30) - timedelta(weeks=2)
    sweep(day)
    sweep(day)  # the hourly catch-up finds it recorded already
    assert Reminder.objects.filter(kind="signatories.review_due").count() == 1
    emails = OutboundEmail.objects.filter(recipient="officer@hereford.example")
    assert emails.count() == 1
    assert "Herefordshire Compact" in emails.get().subject + emails.get().body_text


def test_recording_the_review_moves_the_date_on_and_invites_signatories(roles, due):
    signature = SignatureFactory(
        compact=due, approved=True, signed_on=date(2025, 6, 1), contact_email="larder@example.org"
    )
    client = Client()
    client.force_login(roles["compact_officer"])
    response = client.post(
        reverse("admin:signatories_compactreview_add"),
        {"compact": due.pk, "reviewed_on": "2027-06-20", "summary": "Funding section rewritten"},
    )
    assert response.status_code == 302
    due.refresh_from_db()
    assert due.reviewed_on == date(2027, 6, 20)
    assert due.review_due_on == date(2028, 6, 20)
    assert due.history.first().history_change_reason == "Reviewed"
    assert OutboundEmail.objects.filter(
        recipient=signature.contact_email, subject__contains="please re-commit"
    ).exists()
    # The old date no longer reminds anyone; the new one will.
    assert _reviews_on(date(2027, 6, 30)) == []
    officers = sorted(["officer@hereford.example", roles["compact_officer"].email])
    assert _reviews_on(date(2028, 6, 20)) == [(0, email) for email in officers]


def test_an_officer_of_another_compact_cannot_record_its_review(roles, due):
    client = Client()
    client.force_login(roles["other_compact_officer"])
    client.post(
        reverse("admin:signatories_compactreview_add"),
        {"compact": due.pk, "reviewed_on": "2027-06-20", "summary": "Not mine"},
    )
    due.refresh_from_db()
    assert due.review_due_on == date(2027, 6, 30)
