"""Each app's reminder sources, pinned to the days either side of their offsets."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from funding.models import FundingNotice
from funding.tests.factories import AgreementFactory
from reminders.sweep import collect, sources
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    OrganisationFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db


def kinds_on(day):
    return sorted((d.kind, d.offset_days, d.recipient) for d in collect(day))


def test_every_app_source_is_found_without_touching_the_sweep():
    assert {"signatories.recommit", "funding.notice_deadline", "funding.renewal_due"} <= set(
        sources()
    )


def test_offsets_come_from_settings_with_defaults(settings):
    source = sources()["funding.notice_deadline"]
    assert source.offsets() == (56, 14)
    settings.REMINDER_OFFSETS = {"funding.notice_deadline": [30]}
    assert source.offsets() == (30,)


@pytest.fixture
def funder(herefordshire):
    council = OrganisationFactory(public=True)
    OrganisationContactFactory(organisation=council, user__email="funder@example.org")
    return council


def test_notice_deadline_reminders_8_and_2_weeks_before(funder, herefordshire):
    agreement = AgreementFactory(
        compact=herefordshire,
        funder=funder,
        start_date=date(2026, 4, 1),
        end_date=date(2029, 3, 31),
    )
    deadline = agreement.notice_deadline
    assert deadline == date(2028, 12, 31)
    eight, two = deadline - timedelta(weeks=8), deadline - timedelta(weeks=2)
    assert kinds_on(eight) == [("funding.notice_deadline", 56, "funder@example.org")]
    assert kinds_on(eight - timedelta(days=1)) == []
    assert kinds_on(eight + timedelta(days=1)) == []
    assert kinds_on(two) == [("funding.notice_deadline", 14, "funder@example.org")]
    reminder = collect(two)[0]
    assert reminder.clause == "Herefordshire Compact, ‘Funding and procurement’, clause FP-5"
    # the email cites the clause and links to its text
    from django.conf import settings

    from reminders.models import Reminder
    from reminders.sweep import draft, record

    record([reminder], two)
    stored = Reminder.objects.get(kind="funding.notice_deadline", offset_days=14)
    assert stored.clause_link == "/compacts/herefordshire/text/#clause-fp-5"
    email = draft(stored)
    assert f"Read it: {settings.SITE_URL}/compacts/herefordshire/text/#clause-fp-5" in email.text
    assert f'<a href="{settings.SITE_URL}/compacts/herefordshire/text/#clause-fp-5"' in email.html
    assert reminder.link == agreement.get_absolute_url()


def test_no_notice_reminder_once_notice_is_given(funder, herefordshire):
    agreement = AgreementFactory(compact=herefordshire, funder=funder)
    FundingNotice.objects.create(
        agreement=agreement,
        kind="end",
        issued_on=date(2028, 1, 1),
        effective_on=date(2029, 3, 31),
        reasons="x",
        equality_impact_assessment="done",
        impact_assessment="done",
        improvement_plan="done",
    )
    assert kinds_on(agreement.notice_deadline - timedelta(weeks=2)) == []


def test_renewal_reminders_before_and_the_day_after_it_is_overdue(funder, herefordshire):
    officer = CompactOfficerFactory(compact=herefordshire, user__email="officer@example.org").user
    agreement = AgreementFactory(
        compact=herefordshire, funder=funder, renewal_date=date(2027, 2, 28)
    )
    due = agreement.renewal_due
    assert due == date(2026, 11, 30)
    assert kinds_on(due - timedelta(weeks=4)) == [("funding.renewal_due", 28, "funder@example.org")]
    assert kinds_on(due) == []  # the last day itself: still in time, no overdue reminder yet
    assert kinds_on(due + timedelta(days=1)) == [
        ("funding.renewal_due", -1, "funder@example.org"),
        ("funding.renewal_due", -1, officer.email),
    ]


def test_renewal_reminders_are_off_where_the_compact_sets_no_rule(funder, hertfordshire):
    agreement = AgreementFactory(
        compact=hertfordshire, funder=funder, renewal_date=date(2027, 2, 28)
    )
    assert agreement.renewal_due is None
    assert all(d.kind != "funding.renewal_due" for d in collect(date(2026, 11, 2)))


def test_recommit_reminders_two_weeks_and_two_days_before(herefordshire):
    SignatureFactory(
        compact=herefordshire,
        approved=True,
        recommit_due=date(2027, 1, 24),
        contact_email="c@example.org",
    )
    assert kinds_on(date(2027, 1, 10)) == [("signatories.recommit", 14, "c@example.org")]
    assert kinds_on(date(2027, 1, 22)) == [("signatories.recommit", 2, "c@example.org")]
    assert kinds_on(date(2027, 1, 23)) == []


def test_send_reminders_on_the_demo_data_prints_every_kind(capsys):
    from io import StringIO

    call_command("seed_demo", stdout=StringIO())
    out = StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    printed = out.getvalue()
    for kind in sources():
        assert kind in printed
    assert "KIND" in printed and "RECIPIENT" in printed
    from reminders.models import Reminder

    assert not Reminder.objects.exists()  # --dry-run records nothing


def test_send_reminders_rejects_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--today", "23/11/2026")


def test_consultation_reminders_closing_feedback_and_opening(herefordshire):
    from consultations.models import Follower
    from consultations.tests.factories import ConsultationFactory

    lead = OrganisationFactory(public=True)
    OrganisationContactFactory(organisation=lead, user__email="lead@example.org")
    officer = CompactOfficerFactory(compact=herefordshire, user__email="officer@example.org").user
    open_one = ConsultationFactory(
        compact=herefordshire, lead_body=lead, closes_on=date(2026, 3, 30)
    )
    assert kinds_on(date(2026, 3, 23)) == [("consultations.closing", 7, "lead@example.org")]
    assert kinds_on(date(2026, 3, 22)) == []
    closed = ConsultationFactory(
        compact=herefordshire, lead_body=lead, status="closed", closes_on=date(2026, 3, 30)
    )
    assert closed.feedback_due == date(2026, 6, 22)
    assert kinds_on(date(2026, 6, 8)) == [("consultations.feedback", 14, "lead@example.org")]
    assert kinds_on(date(2026, 6, 23)) == [
        ("consultations.feedback", -1, "lead@example.org"),
        ("consultations.feedback", -1, officer.email),
    ]
    forthcoming = ConsultationFactory(
        compact=herefordshire,
        lead_body=lead,
        status="forthcoming",
        opens_on=date(2026, 9, 1),
        closes_on=date(2026, 12, 1),
    )
    Follower.objects.create(
        consultation=forthcoming, email="fan@example.org", confirmed_at=timezone.now()
    )
    due = [d for d in collect(date(2026, 8, 31)) if d.kind == "consultations.opening"]
    assert [(d.recipient, d.duty) for d in due] == [("fan@example.org", False)]
    assert open_one.pk != closed.pk


def test_dispute_reminders_for_the_formal_target_and_letters_awaiting_reply(herefordshire):
    from disputes.models import Message
    from disputes.tests.factories import CaseFactory

    officer = CompactOfficerFactory(compact=herefordshire, user__email="officer@example.org").user
    case = CaseFactory(compact=herefordshire, stage="formal", target_date=date(2026, 2, 16))
    assert kinds_on(date(2026, 2, 2)) == [("disputes.formal_target", 14, officer.email)]
    assert kinds_on(date(2026, 2, 9)) == [("disputes.formal_target", 7, officer.email)]
    assert kinds_on(date(2026, 2, 17)) == [("disputes.formal_target", -1, officer.email)]
    OrganisationContactFactory(organisation=case.respondent, user__email="council@example.org")
    Message.objects.create(
        case=case,
        author_role="officer",
        to="respondent",
        body="Reply please",
        sent_on=date(2026, 3, 2),
    )
    assert kinds_on(date(2026, 3, 30)) == [("disputes.awaiting_reply", 0, "council@example.org")]
    Message.objects.update(replied_on=date(2026, 3, 10))
    assert kinds_on(date(2026, 3, 30)) == []
