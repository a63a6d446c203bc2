"""The outbox: every email is a row written with its change, sent by a task after commit,
retried when the mail server is away, recorded when it says no, and never an error for the
person whose action caused it."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone

from core import outbox
from core.emails import send
from core.models import OutboundEmail

pytestmark = pytest.mark.django_db
State = OutboundEmail.State
TEMPLATE = "consultations/emails/follower_update"  # any .txt template the portal has


def context():
    return {"consultation": {"title": "Library hours"}, "event": "is now open", "link": "/x"}


def queue(*to, subject="Library hours is now open", **kwargs):
    return send(TEMPLATE, subject, list(to), context(), **kwargs)


def refuse(monkeypatch, error):
    def fail(self, messages):
        raise error

    monkeypatch.setattr(EmailBackend, "send_messages", fail)


def test_it_writes_a_row_per_recipient_and_sends_nothing_before_the_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pks = queue("a@example.org", "b@example.org")
    rows = OutboundEmail.objects.filter(pk__in=pks).order_by("recipient")
    assert [r.recipient for r in rows] == ["a@example.org", "b@example.org"]
    assert {r.state for r in rows} == {State.QUEUED}
    assert all(r.message_id.startswith("<") and r.body_text and r.body_html for r in rows)
    assert len({r.message_id for r in rows}) == 2
    assert not mail.outbox and len(callbacks) == 1


def test_after_the_commit_it_sends_each_with_its_stored_message_id(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        pks = queue("a@example.org", "b@example.org")
    rows = {r.recipient: r for r in OutboundEmail.objects.filter(pk__in=pks)}
    assert {r.state for r in rows.values()} == {State.SENT}
    assert all(r.sent_at and r.attempts == 1 for r in rows.values())
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.extra_headers["Message-ID"] == rows[message.to[0]].message_id
        assert message.message()["Message-ID"] == rows[message.to[0]].message_id
        assert message.alternatives[0][1] == "text/html"


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            queue("a@example.org")
            raise RuntimeError("the change failed")
    assert not OutboundEmail.objects.exists() and not mail.outbox


def test_it_records_the_object_it_concerns_and_its_compact(herefordshire):
    pks = queue("a@example.org", about=herefordshire, compact_id=herefordshire.pk)
    row = OutboundEmail.objects.get(pk__in=pks)
    assert row.about == herefordshire and row.compact_id == herefordshire.pk
    assert list(outbox.about(herefordshire)) == [row]


@pytest.mark.parametrize(
    "title", ["Library\nhours", "Library\r\nhours", "Library\rhours", "Library \t\n  hours"]
)
def test_a_line_break_in_a_title_does_not_break_sending(title, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue("a@example.org", subject=f"\u201c{title}\u201d is now open")
    row = OutboundEmail.objects.get()
    assert row.state == State.SENT and row.subject == "\u201cLibrary hours\u201d is now open"
    assert mail.outbox[0].subject == row.subject
    assert "\n" not in mail.outbox[0].message()["Subject"]


def test_a_refused_connection_is_no_error_and_is_sent_when_the_server_returns(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(
        EmailBackend, "open", lambda self: (_ for _ in ()).throw(ConnectionRefusedError("down"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        queue("a@example.org", "b@example.org")  # raises nothing into the caller
    assert not mail.outbox
    rows = list(OutboundEmail.objects.all())
    assert {r.state for r in rows} == {State.QUEUED}
    assert all("down" in r.last_error and r.attempts == 1 for r in rows)
    assert all(r.next_attempt_at > timezone.now() for r in rows)
    outbox.sweep()  # not due yet: nothing tried
    assert OutboundEmail.objects.filter(attempts=1).count() == 2
    monkeypatch.undo()
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert outbox.sweep() == 2
    assert len(mail.outbox) == 2
    assert OutboundEmail.objects.filter(state=State.SENT).count() == 2


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPResponseException(451, b"Try again later"),
        smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"Mailbox busy")}),
        TimeoutError("timed out"),
        smtplib.SMTPServerDisconnected("gone"),
    ],
)
def test_a_temporary_failure_waits_longer_each_time(error, monkeypatch, settings):
    settings.OUTBOX_RETRY_SECONDS = 60
    refuse(monkeypatch, error)
    pk = queue("a@example.org")[0]
    waits = []
    for _ in range(3):
        OutboundEmail.objects.filter(pk=pk).update(next_attempt_at=timezone.now())
        before = timezone.now()
        outbox.deliver([pk])
        row = OutboundEmail.objects.get(pk=pk)
        assert row.state == State.QUEUED and type(error).__name__ in row.last_error
        waits.append(round((row.next_attempt_at - before).total_seconds() / 60))
    assert waits == [1, 2, 4]


def test_it_gives_up_after_the_most_attempts(monkeypatch, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    refuse(monkeypatch, TimeoutError("timed out"))
    pk = queue("a@example.org")[0]
    outbox.deliver([pk])
    outbox.deliver([pk])
    row = OutboundEmail.objects.get(pk=pk)
    assert row.state == State.FAILED and "Gave up after 2 attempts" in row.last_error


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPResponseException(554, b"Message rejected"),
        smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"No such user")}),
        smtplib.SMTPSenderRefused(553, b"Sender refused", "no-reply@example.org"),
    ],
)
def test_a_permanent_failure_is_recorded_with_its_reason(error, monkeypatch):
    refuse(monkeypatch, error)
    pk = queue("a@example.org")[0]
    outbox.deliver([pk])
    row = OutboundEmail.objects.get(pk=pk)
    assert row.state == State.FAILED and row.next_attempt_at is None
    assert type(error).__name__ in row.last_error
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert outbox.sweep() == 0  # never retried on its own


def test_a_refused_recipient_does_not_stop_the_rest_of_the_batch(monkeypatch):
    real = EmailBackend.send_messages

    def refuses_b(self, messages):
        if messages[0].to == ["b@example.org"]:
            raise smtplib.SMTPRecipientsRefused({"b@example.org": (550, b"No such user")})
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuses_b)
    pks = queue("a@example.org", "b@example.org", "c@example.org")
    assert len(outbox.deliver(pks)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "c@example.org"]
    assert OutboundEmail.objects.get(recipient="b@example.org").state == State.FAILED


def test_a_dropped_connection_leaves_the_rest_queued_for_later(monkeypatch):
    real = EmailBackend.send_messages

    def drops_at_b(self, messages):
        if messages[0].to == ["b@example.org"]:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", drops_at_b)
    pks = queue("a@example.org", "b@example.org", "c@example.org")
    assert outbox.deliver(pks) == [pks[0]]
    rest = OutboundEmail.objects.exclude(pk=pks[0])
    assert {r.state for r in rest} == {State.QUEUED}
    assert all("Connection unexpectedly closed" in r.last_error for r in rest)


def test_only_one_of_two_senders_sends_a_row():
    pk = queue("a@example.org")[0]
    assert outbox.deliver([pk]) == [pk]
    assert outbox.deliver([pk]) == []
    assert len(mail.outbox) == 1


def test_a_row_claimed_by_another_sender_is_left_to_it():
    pk = queue("a@example.org")[0]
    OutboundEmail.objects.filter(pk=pk).update(state=State.SENDING, claimed_at=timezone.now())
    assert outbox.deliver([pk]) == []
    assert not mail.outbox


def test_a_worker_killed_mid_batch_repeats_at_most_the_message_in_flight(monkeypatch, settings):
    """Marked one by one: the two accepted before the kill are sent, the one in flight is
    "sending" until its claim is stale, then goes again with the same Message-ID."""
    from django.core.mail import EmailMultiAlternatives

    real_send = EmailMultiAlternatives.send

    def killed_on_the_third(self, *args, **kwargs):
        if len(mail.outbox) == 2:
            real_send(self, *args, **kwargs)  # the server accepted it; the worker dies
            raise SystemExit("SIGKILL")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", killed_on_the_third)
    pks = queue(*[f"p{i}@example.org" for i in range(5)])
    with pytest.raises(SystemExit):
        outbox.deliver(pks)
    assert OutboundEmail.objects.filter(state=State.SENT).count() == 2
    in_flight = OutboundEmail.objects.get(state=State.SENDING)
    assert OutboundEmail.objects.filter(state=State.QUEUED).count() == 2
    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    outbox.deliver(pks)  # the task again (redelivered), or the sweep: the queued two
    assert len(mail.outbox) == 5
    assert OutboundEmail.objects.get(pk=in_flight.pk).state == State.SENDING
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT + 1)):
        assert outbox.sweep() == 1
    assert OutboundEmail.objects.filter(state=State.SENT).count() == 5
    assert len(mail.outbox) == 6
    repeats = [m for m in mail.outbox if m.to == [in_flight.recipient]]
    assert len(repeats) == 2
    assert {m.extra_headers["Message-ID"] for m in repeats} == {in_flight.message_id}


def test_a_lost_queue_is_caught_up_by_the_sweep(monkeypatch, django_capture_on_commit_callbacks):
    from core.tasks import send_queued

    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis is not answering")

    monkeypatch.setattr(send_queued, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        queue("a@example.org")  # raises nothing
    assert OutboundEmail.objects.get().state == State.QUEUED
    monkeypatch.undo()
    assert outbox.sweep() == 0  # its task may still be on its way
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert outbox.sweep() == 1
    assert len(mail.outbox) == 1


def test_the_sending_task_is_thin_and_takes_ids():
    from core.tasks import send_queued, sweep_outbox

    pks = queue("a@example.org", "b@example.org")
    assert send_queued.apply(args=[pks]).get() == 2
    assert send_queued.apply(args=[pks]).get() == 0
    assert sweep_outbox.apply().get() == 0
