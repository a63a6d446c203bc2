"""The outbox's services: write email rows with a change, send them after commit, retry.

Exactly once without locks held across I/O: a sender claims each row just before sending it
(a conditional update, queued -> sending, that one sender wins) and marks it sent as soon as
the mail server has accepted it. A worker killed outright leaves at most the one message it
was sending in "sending"; `sweep` puts it back in the queue after OUTBOX_CLAIM_TIMEOUT, and it
goes again with the same Message-ID. That is the bound: at most one repeat per crash.

A temporary failure (connection refused, a timeout, an SMTP 4xx) puts the row back in the
queue with `next_attempt_at` further off each time; a permanent one (SMTP 5xx, the recipient
refused, a message that cannot be built) marks it failed with the reason, for officers to see
and retry in the admin. Nothing here raises into the caller of `enqueue`.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import make_msgid
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboundEmail

log = logging.getLogger(__name__)
State = OutboundEmail.State
MAX_BACK_OFF = timedelta(hours=6)


@dataclass(frozen=True)
class Draft:
    """One message to one recipient, already rendered."""

    to: str
    subject: str
    text: str
    html: str = ""
    about: models.Model | None = None
    compact_id: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    # Small text attachments: (file name, MIME type, text), e.g. a meeting's calendar entry.
    attachments: tuple[tuple[str, str, str], ...] = ()


def single_line(value: object) -> str:
    """A header value on one line: line breaks and runs of white space become one space."""
    return " ".join(str(value).split())


# Headers the outbox sets itself, or that would change who receives the message.
RESERVED_HEADERS = {"message-id", "to", "cc", "bcc", "from", "subject", "reply-to", "sender"}


def clean_headers(headers: dict[str, str] | None) -> dict[str, str]:
    """Extra headers as stored: each value on one line, and none the outbox sets itself."""
    cleaned = {}
    for name, value in (headers or {}).items():
        name = single_line(name)
        if not name or ":" in name or " " in name or name.lower() in RESERVED_HEADERS:
            raise ValueError(f"An email cannot carry the header {name!r}.")
        cleaned[name] = single_line(value)
    return cleaned


@lru_cache(maxsize=1)
def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "compact-portal.localhost"


def new_message_id() -> str:
    return make_msgid(idstring="outbox", domain=_domain())


def back_off(attempts: int) -> timedelta:
    """OUTBOX_RETRY_SECONDS after the first failure, doubling each time, at most six hours."""
    seconds = settings.OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return min(timedelta(seconds=seconds), MAX_BACK_OFF)


def enqueue(drafts: Iterable[Draft]) -> list[int]:
    """Write a row for each draft in the caller's transaction; they are sent once it commits.

    If the task is never queued (the broker is down), `sweep` sends them after
    OUTBOX_RETRY_SECONDS.
    """
    now = timezone.now()
    drafts = [d for d in drafts if d.to]
    if not drafts:
        return []
    rows = [
        OutboundEmail(
            recipient=d.to,
            subject=single_line(d.subject)[:300],
            body_text=d.text,
            body_html=d.html,
            headers=clean_headers(d.headers),
            attachments=[{"name": n, "type": t, "text": x} for n, t, x in d.attachments],
            message_id=new_message_id(),
            content_type=ContentType.objects.get_for_model(d.about) if d.about else None,
            object_id=d.about.pk if d.about else None,
            compact_id=d.compact_id,
            created_at=now,
            next_attempt_at=now + timedelta(seconds=settings.OUTBOX_RETRY_SECONDS),
        )
        for d in drafts
    ]
    pks = [row.pk for row in OutboundEmail.objects.bulk_create(rows)]
    transaction.on_commit(lambda: dispatch(pks), robust=True)
    return pks


def dispatch(pks: Sequence[int]) -> None:
    """Queue the sending task for these rows, OUTBOX_BATCH_SIZE a task (in-process with no
    broker). A broker that cannot be reached is logged: the sweep sends the rows later."""
    from .tasks import send_queued  # the tasks module imports this one

    size = settings.OUTBOX_BATCH_SIZE
    for start in range(0, len(pks), size):
        batch = list(pks[start : start + size])
        try:
            send_queued.delay(batch)
        except Exception:  # noqa: BLE001 - the rows wait in the outbox; the sweep sends them
            log.warning("%d emails were not queued; the outbox sweep sends them.", len(batch))


def message(row: OutboundEmail, connection=None) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        row.subject,
        row.body_text,
        None,
        [row.recipient],
        headers={**row.headers, "Message-ID": row.message_id},
        connection=connection,
    )
    if row.body_html:
        email.attach_alternative(row.body_html, "text/html")
    for attachment in row.attachments or []:
        email.attach(attachment["name"], attachment["text"], attachment["type"])
    return email


def is_permanent(error: Exception) -> bool:
    """Whether trying again cannot help: the mail server said no for good (5xx), or the
    message cannot be built. Connection errors, timeouts and 4xx replies are temporary."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(int(code) >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return isinstance(error, ValueError)  # a bad address or header (BadHeaderError is one)


def _connection_lost(error: Exception) -> bool:
    """A refused connection, a timeout or a dropped line (an SMTP reply is not one)."""
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def _claim(row: OutboundEmail) -> bool:
    won = OutboundEmail.objects.filter(pk=row.pk, state=State.QUEUED).update(
        state=State.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    row.attempts += 1
    return bool(won)


def _sent(row: OutboundEmail) -> None:
    OutboundEmail.objects.filter(pk=row.pk, state=State.SENDING).update(
        state=State.SENT, sent_at=timezone.now(), claimed_at=None, next_attempt_at=None
    )


def _failed(row: OutboundEmail, error: Exception) -> None:
    reason = describe(error)
    permanent = is_permanent(error)
    if not permanent and row.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        permanent, reason = True, f"Gave up after {row.attempts} attempts. {reason}"[:2000]
    OutboundEmail.objects.filter(pk=row.pk, state=State.SENDING).update(
        state=State.FAILED if permanent else State.QUEUED,
        claimed_at=None,
        last_error=reason,
        next_attempt_at=None if permanent else timezone.now() + back_off(row.attempts),
    )
    log.warning("Email %s %s: %s", row.pk, "failed" if permanent else "will be retried", reason)


def _postpone(rows: Iterable[OutboundEmail], error: Exception) -> None:
    """The mail server could not be reached: these rows wait in the queue, further off."""
    now = timezone.now()
    for row in rows:
        OutboundEmail.objects.filter(pk=row.pk, state=State.QUEUED).update(
            attempts=F("attempts") + 1,
            last_error=describe(error),
            next_attempt_at=now + back_off(row.attempts + 1),
        )
    log.warning("The mail server could not be reached; the outbox retries later: %s", error)


def deliver(pks: Iterable[int]) -> list[int]:
    """Send the queued rows among `pks` over one mail connection; returns the ids sent.

    Each row is claimed just before it is sent and marked sent as soon as the server has
    accepted it. A failure is recorded on its row; none is raised.
    """
    rows = list(OutboundEmail.objects.filter(pk__in=list(pks), state=State.QUEUED).order_by("pk"))
    if not rows:
        return []
    sent: list[int] = []
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 - recorded on the rows; retried later
        _postpone(rows, error)
        return sent
    try:
        for index, row in enumerate(rows):
            if not _claim(row):
                continue  # another sender has it, or it was sent already
            try:
                message(row, connection).send()
            except Exception as error:  # noqa: BLE001 - recorded on the row
                _failed(row, error)
                if _connection_lost(error):
                    _postpone(rows[index + 1 :], error)  # the connection is gone
                    break
            else:
                _sent(row)
                sent.append(row.pk)
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - every row is marked already
            log.warning("Closing the mail connection failed.", exc_info=True)
    return sent


def sweep(now=None) -> int:
    """Put back in the queue rows a dead worker left "sending" longer than OUTBOX_CLAIM_TIMEOUT,
    and queue every row whose next attempt is due; returns how many were queued."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT)
    released = OutboundEmail.objects.filter(state=State.SENDING, claimed_at__lt=stale).update(
        state=State.QUEUED,
        claimed_at=None,
        next_attempt_at=now,
        last_error="The worker sending it stopped; it is sent again with the same Message-ID.",
    )
    if released:
        log.warning("%d emails left by a stopped worker are queued again.", released)
    due = list(
        OutboundEmail.objects.filter(state=State.QUEUED, next_attempt_at__lte=now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    dispatch(due)
    return len(due)


def retry(pks: Iterable[int]) -> int:
    """Queue failed rows again (the admin's action), with a fresh count of attempts."""
    pks = list(
        OutboundEmail.objects.filter(pk__in=list(pks), state=State.FAILED).values_list(
            "pk", flat=True
        )
    )
    OutboundEmail.objects.filter(pk__in=pks, state=State.FAILED).update(
        state=State.QUEUED, attempts=0, next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: dispatch(pks), robust=True)
    return len(pks)


def about(obj: models.Model):
    """The emails about a record, newest first."""
    return OutboundEmail.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    )
