"""Every reminder is recorded before it is sent and sent once: duplicates, kills and lost queues.

A reminder is handed to the outbox (core.outbox) in the transaction that marks it sent, and
the outbox sends it after the commit: these tests commit for real (transaction=True).
"""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from core import outbox
from core.models import OutboundEmail
from reminders.models import Reminder
from reminders.sweep import deliver_batch, sweep
from signatories.tests.factories import SignatureFactory

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = date(2027, 1, 10)


@pytest.fixture
def due(herefordshire):
    """Five signatures whose re-commit date is two weeks from TODAY."""
    return [
        SignatureFactory(
            compact=herefordshire, approved=True, recommit_due=TODAY + timedelta(days=14)
        )
        for _ in range(5)
    ]


def sent_to():
    return sorted(m.to[0] for m in mail.outbox)


def later(seconds):
    """The outbox's sweep, that long from now (its retries wait)."""
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds))


def test_a_sweep_records_then_sends_each_reminder(due):
    lines = sweep(TODAY)
    assert len(lines) == 5 and {line.status for line in lines} == {"sent"}
    assert Reminder.objects.filter(status="sent").count() == 5
    assert sent_to() == sorted(s.contact_email for s in due)
    message = mail.outbox[0]
    assert "14 days left" in message.subject
    assert "Sunday 24 January 2027" in message.body
    assert "cannot be turned off" in message.body
    assert message.alternatives and "text/html" in message.alternatives[0][1]
    # Each went through the outbox, as a row about its reminder, with the reminder's Compact.
    emails = OutboundEmail.objects.filter(state="sent")
    assert sorted(e.about.recipient for e in emails) == sent_to()
    assert {e.compact_id for e in emails} == {due[0].compact_id}
    assert message.extra_headers["Message-ID"] in {e.message_id for e in emails}


def test_a_second_sweep_the_same_day_sends_nothing_again(due):
    sweep(TODAY)
    sweep(TODAY)  # the hourly catch-up, or a duplicate beat
    assert len(mail.outbox) == 5
    assert Reminder.objects.count() == 5


def test_a_moved_deadline_gives_a_reminder_for_the_new_date(due):
    sweep(TODAY)
    moved = due[0]
    type(moved).objects.filter(pk=moved.pk).update(recommit_due=TODAY + timedelta(days=21))
    sweep(TODAY + timedelta(days=7))
    assert Reminder.objects.filter(object_id=moved.pk).count() == 2
    assert len(mail.outbox) == 6


def test_a_sweep_killed_half_way_sends_the_rest_once_when_rerun(due, monkeypatch, settings):
    from django.core.mail import EmailMultiAlternatives

    real_send = EmailMultiAlternatives.send

    def dies_after_two(self, *args, **kwargs):
        if len(mail.outbox) == 2:
            raise SystemExit("worker stopped")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", dies_after_two)
    with pytest.raises(SystemExit):
        sweep(TODAY)
    assert len(mail.outbox) == 2
    # Recorded before sending: all five were handed to the outbox with their marks; each email
    # is marked as the server takes it: two sent, one in flight, two waiting.
    assert Reminder.objects.filter(status="sent").count() == 5
    assert OutboundEmail.objects.filter(state="sent").count() == 2
    assert OutboundEmail.objects.filter(state="sending").count() == 1
    assert OutboundEmail.objects.filter(state="queued").count() == 2
    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    sweep(TODAY)  # the reminders' catch-up hands nothing over twice
    assert OutboundEmail.objects.count() == 5
    with later(settings.OUTBOX_CLAIM_TIMEOUT + 1):
        outbox.sweep()  # the outbox's beat: the two waiting, and the one left in flight
    assert len(mail.outbox) == 5
    assert len(set(sent_to())) == 5


def test_the_sweep_dispatches_in_batches(due, settings):
    settings.REMINDER_BATCH_SIZE = 2
    batches = []
    sweep(TODAY, dispatch=batches.append)
    assert [len(batch) for batch in batches] == [2, 2, 1]
    assert not mail.outbox  # queued only: the tasks send them


def test_sending_a_batch_costs_the_same_queries_for_few_or_many(due, compacts):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sweep(TODAY, dispatch=lambda pks: None)
    pks = list(Reminder.objects.order_by("pk").values_list("pk", flat=True))
    ContentType.objects.get_for_model(Reminder)  # cached once a process, as in a worker
    queued = []
    with pytest.MonkeyPatch.context() as patch:  # hand over only; send below
        patch.setattr(outbox, "dispatch", queued.extend)
        with CaptureQueriesContext(connection) as one:
            deliver_batch(pks[:1])
        with CaptureQueriesContext(connection) as four:
            deliver_batch(pks[1:])
    assert len(four.captured_queries) == len(one.captured_queries)
    # Sending costs two updates an email (its claim, its mark): the price of repeating at most
    # the one message in flight when a worker dies.
    with CaptureQueriesContext(connection) as send_one:
        outbox.deliver(queued[:1])
    with CaptureQueriesContext(connection) as send_four:
        outbox.deliver(queued[1:])
    assert len(mail.outbox) == 5
    assert len(send_four.captured_queries) - len(send_one.captured_queries) == 2 * 3


def test_a_send_interrupted_after_its_claim_is_retried_once_the_claim_is_stale(due, settings):
    sweep(TODAY, dispatch=lambda pks: None)  # recorded, queue lost (e.g. Redis restarted)
    stuck = Reminder.objects.first()
    Reminder.objects.filter(pk=stuck.pk).update(claimed_at=stuck.created_at)  # died mid-send
    sweep(TODAY)
    assert len(mail.outbox) == 4  # the claimed one waits for its claim to go stale
    with time_machine.travel(
        stuck.created_at + timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT + 60)
    ):
        sweep(TODAY)
    assert len(mail.outbox) == 5
    assert Reminder.objects.filter(status="sent").count() == 5


def test_a_lost_queue_is_caught_up_by_the_next_sweep(due):
    sweep(TODAY, dispatch=lambda pks: None)
    assert len(mail.outbox) == 0
    sweep(TODAY)
    assert len(mail.outbox) == 5


def test_a_failed_send_is_retried_and_a_sent_one_never_again(due, monkeypatch, settings):
    import smtplib

    from django.core.mail import EmailMultiAlternatives

    real_send = EmailMultiAlternatives.send
    calls = {"n": 0}

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise smtplib.SMTPResponseException(451, b"SMTP server busy, try later")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    sweep(TODAY)
    failed = OutboundEmail.objects.get(state="queued")
    assert "SMTP server busy" in failed.last_error
    assert len(mail.outbox) == 4
    sweep(TODAY)
    assert len(mail.outbox) == 4  # the reminder was handed over: the outbox retries it
    with later(settings.OUTBOX_RETRY_SECONDS + 1):
        outbox.sweep()
    assert len(mail.outbox) == 5
    assert not deliver_batch([failed.about.pk])  # already sent: claiming it again fails
    assert not outbox.deliver([failed.pk])
    assert OutboundEmail.objects.count() == 5


def test_only_one_of_two_senders_wins_the_claim(due):
    sweep(TODAY, dispatch=lambda pks: None)
    pk = Reminder.objects.first().pk
    assert deliver_batch([pk]) == [pk]
    assert deliver_batch([pk]) == []
    assert len(mail.outbox) == 1


def test_the_command_prints_a_table_and_records(due):
    from io import StringIO

    out = StringIO()
    call_command("send_reminders", "--today", TODAY.isoformat(), stdout=out)
    assert "signatories.recommit" in out.getvalue() and "sent" in out.getvalue()
    assert Reminder.objects.filter(status="sent").count() == 5


def test_the_admin_shows_the_log_to_the_compacts_officers(
    client, due, herefordshire, hertfordshire
):
    from signatories.tests.factories import CompactOfficerFactory

    sweep(TODAY)
    client.force_login(CompactOfficerFactory(compact=herefordshire).user)
    page = client.get("/admin/reminders/reminder/").content.decode()
    assert due[0].contact_email in page
    client.force_login(CompactOfficerFactory(compact=hertfordshire).user)
    page = client.get("/admin/reminders/reminder/").content.decode()
    assert due[0].contact_email not in page


def test_a_recipient_turns_off_a_reminder_that_is_not_their_duty(client, settings):
    from core.deadlines import REGISTRY, Source
    from reminders.models import ReminderOptOut
    from reminders.sweep import opt_out_link

    REGISTRY["test.follow"] = Source(
        "test.follow", "Updates you follow", (1,), lambda d, o: [], duty=False
    )
    try:
        reminder = Reminder(kind="test.follow", recipient="fan@example.org")
        path = opt_out_link(reminder).removeprefix(settings.SITE_URL)
        assert "Stop reminders" in client.get(path).content.decode()
        client.post(path)
        assert ReminderOptOut.objects.filter(email="fan@example.org", kind="test.follow").exists()
        duty = Reminder(kind="signatories.recommit", recipient="fan@example.org")
        response = client.get(opt_out_link(duty).removeprefix(settings.SITE_URL))
        assert response.status_code == 400 and "cannot be turned off" in response.content.decode()
    finally:
        del REGISTRY["test.follow"]


@pytest.mark.parametrize(
    "subject",
    [
        "Reminder (7 days left): \u201cCommunity grants\u201d closes",
        "Caf\u00e9 \u2013 " * 40,
        "\U0001f4c5" * 30,
    ],
)
def test_a_non_ascii_subject_reads_back_whole(subject):
    from email import message_from_bytes
    from email.header import decode_header, make_header

    from reminders.models import Reminder
    from reminders.sweep import draft

    reminder = Reminder(
        kind="test", deadline=TODAY, offset_days=7, recipient="a@example.org", about=subject
    )
    (pk,) = outbox.enqueue([draft(reminder)])
    email = outbox.message(OutboundEmail.objects.get(pk=pk))
    header = message_from_bytes(email.message().as_bytes())["Subject"]
    assert header.isascii()  # encoded words (RFC 2047), by Django's own email headers
    assert str(make_header(decode_header(header))) == f"Reminder (7 days left): {subject}"[:200]


def test_an_unreachable_mail_server_fails_the_batch_and_the_next_sweep_sends_it(
    due, monkeypatch, settings
):
    from django.core.mail.backends.locmem import EmailBackend

    def refused(self):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailBackend, "open", refused)
    sweep(TODAY)  # raises nothing
    assert not mail.outbox
    assert Reminder.objects.filter(status="sent").count() == 5  # handed to the outbox
    assert OutboundEmail.objects.filter(state="queued", claimed_at=None).count() == 5
    assert "mail server down" in OutboundEmail.objects.first().last_error
    monkeypatch.undo()
    sweep(TODAY)
    assert not mail.outbox  # waiting for its next attempt
    with later(settings.OUTBOX_RETRY_SECONDS * 2 + 1):
        outbox.sweep()
    assert len(mail.outbox) == 5
