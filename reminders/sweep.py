"""The one reminder sweep: collects what every app's sources say is due, records it, hands it
to the outbox.

Exactly once without locks held across I/O: each reminder is a row with a unique identity,
inserted with ignore_conflicts (two sweeps insert it once); a sender claims a batch of them
(rows another sender has locked are skipped) and only the winner hands them over: in one
transaction it writes each reminder's email to the outbox (core.outbox) and marks the reminder
sent. The outbox then sends each email and marks it as soon as the mail server accepts it, so a
worker killed outright repeats at most the one email it was sending, with the same Message-ID.
A claim older than REMINDER_CLAIM_TIMEOUT that never reached "sent" (a worker killed before
its transaction committed) is released and tried again; a sent one never.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import autodiscover_modules

from core.deadlines import REGISTRY, DueReminder
from core.outbox import Draft, enqueue

from .models import Reminder, ReminderOptOut

log = logging.getLogger(__name__)
SENDABLE = [Reminder.Status.PENDING, Reminder.Status.FAILED]
OPT_OUT_SALT = "compact-portal.reminder-opt-out"


def sources():
    """Every registered source, after importing each app's reminders.py."""
    autodiscover_modules("reminders")
    return dict(sorted(REGISTRY.items()))


def collect(today: date) -> list[DueReminder]:
    """What every source says is due today."""
    return [due for source in sources().values() for due in source.due(today)]


@dataclass
class SweepLine:
    kind: str
    about: str
    deadline: date
    recipient: str
    status: str


def _content_types(due: Iterable[DueReminder]) -> dict[type, ContentType]:
    models = {type(d.obj) for d in due}
    return ContentType.objects.get_for_models(*models) if models else {}


def record(due: list[DueReminder], today: date) -> None:
    """Insert a row for each due reminder not yet recorded (a recorded one is left as it is)."""
    if not due:
        return
    types = _content_types(due)
    opted_out = set(
        ReminderOptOut.objects.filter(kind__in={d.kind for d in due if not d.duty}).values_list(
            "email", "kind"
        )
    )
    rows = [
        Reminder(
            kind=d.kind,
            content_type=types[type(d.obj)],
            object_id=d.obj.pk,
            compact_id=d.compact_id,
            object_label=str(d.obj)[:300],
            deadline=d.deadline,
            offset_days=d.offset_days,
            due_on=today,
            recipient=d.recipient.lower(),
            about=d.about,
            clause=d.clause[:300],
            clause_link=getattr(d.clause, "url", "")[:500],
            link=d.link,
            duty=d.duty,
            status=(
                Reminder.Status.SKIPPED
                if not d.duty and (d.recipient.lower(), d.kind) in opted_out
                else Reminder.Status.PENDING
            ),
        )
        for d in due
    ]
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)


def release_stale_claims(now=None) -> int:
    """Claims that never reached "sent" (a worker died mid-send) become sendable again."""
    now = now or timezone.now()
    timeout = timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)
    return Reminder.objects.filter(
        sent_at=None,
        claimed_at__lt=now - timeout,
        status__in=[Reminder.Status.PENDING, Reminder.Status.FAILED],
    ).update(claimed_at=None)


def unsent(today: date):
    """Reminders still to send: due today or in the retry window, unclaimed."""
    window = today - timedelta(days=settings.REMINDER_RETRY_DAYS)
    return Reminder.objects.filter(
        due_on__gte=window,
        due_on__lte=today,
        sent_at=None,
        claimed_at=None,
        status__in=[Reminder.Status.PENDING, Reminder.Status.FAILED],
    ).order_by("pk")


def opt_out_link(reminder: Reminder) -> str:
    token = signing.dumps({"email": reminder.recipient, "kind": reminder.kind}, salt=OPT_OUT_SALT)
    before, after = _opt_out_path()
    return f"{settings.SITE_URL}{before}{token}{after}"


@lru_cache(maxsize=1)
def _opt_out_path() -> tuple[str, str]:
    """The opt-out path around its token, reversed once rather than once a reminder (a signed
    token needs no quoting: letters, digits, '-', '_' and ':')."""
    stand_in = "token-stand-in"
    before, after = reverse("reminders:opt_out", args=[stand_in]).split(stand_in)
    return before, after


@lru_cache(maxsize=512)
def _long_date(day: date) -> str:
    """ "Monday 7 December 2026": most reminders in a sweep share a few deadlines."""
    return date_format(day, "l j F Y")


def draft(reminder: Reminder) -> Draft:
    """The reminder's email, rendered for the outbox."""
    days = reminder.offset_days
    if days > 0:
        when = f"{days} day{'s' if days != 1 else ''} left"
    elif days == 0:
        when = "due today"
    else:
        when = "overdue"
    context = {
        "reminder": reminder,
        "when": when,
        "days_left": days,
        "deadline": _long_date(reminder.deadline),
        "link": settings.SITE_URL + reminder.link
        if reminder.link.startswith("/")
        else reminder.link,
        "opt_out": None if reminder.duty else opt_out_link(reminder),
        "clause_link": settings.SITE_URL + reminder.clause_link if reminder.clause_link else "",
    }
    return Draft(
        to=reminder.recipient,
        subject=f"Reminder ({when}): {reminder.about}"[:200],
        text=render_to_string("reminders/emails/reminder.txt", context),
        html=render_to_string("reminders/emails/reminder.html", context),
        about=reminder,
        compact_id=reminder.compact_id,
    )


def _claim(pks: Iterable[int]) -> list[int]:
    """Claim the sendable reminders among `pks` that no other sender holds; their ids."""
    with transaction.atomic():
        won = list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(pk__in=list(pks), claimed_at=None, sent_at=None, status__in=SENDABLE)
            .values_list("pk", flat=True)
        )
        Reminder.objects.filter(pk__in=won).update(
            claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
    return won


def _failed(reminder: Reminder, error: Exception) -> None:
    gave_up = reminder.attempts >= settings.REMINDER_MAX_ATTEMPTS
    Reminder.objects.filter(pk=reminder.pk).update(
        claimed_at=None,
        status=Reminder.Status.GAVE_UP if gave_up else Reminder.Status.FAILED,
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    log.warning("Reminder %s could not be sent; it will be retried.", reminder.pk)


def deliver_batch(pks: Iterable[int]) -> list[int]:
    """Claim these reminders and hand the ones this call won to the outbox; returns their ids.

    Writing the emails and marking the reminders sent is one transaction: either both happen
    or neither (the claims are then released, or go stale if the worker died). The outbox sends
    after the commit, retrying a mail server that is away. A reminder that cannot be rendered
    is recorded as failed and left for the next sweep.
    """
    won = _claim(pks)
    if not won:
        return []
    handed: list[int] = []
    try:
        with transaction.atomic():
            drafts = []
            for reminder in Reminder.objects.filter(pk__in=won).order_by("pk"):
                try:
                    drafts.append(draft(reminder))
                except Exception as error:  # noqa: BLE001 - recorded; the next sweep retries
                    _failed(reminder, error)
                else:
                    handed.append(reminder.pk)
            enqueue(drafts)
            Reminder.objects.filter(pk__in=handed).update(
                status=Reminder.Status.SENT, sent_at=timezone.now()
            )
    except Exception as error:  # noqa: BLE001 - nothing was handed over; release the claims
        Reminder.objects.filter(pk__in=won).update(
            claimed_at=None, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        log.warning("%d reminders were not handed to the outbox: %s", len(won), error)
        return []
    return handed


def sweep(
    today: date, *, dry_run: bool = False, dispatch: Callable[[int], object] | None = None
) -> list[SweepLine]:
    """Collect, record and hand to the outbox what is due today; a line for each reminder.

    `dispatch` hands a batch of reminders by id to the outbox (the Celery task's delay, or
    `deliver_batch` in-process), REMINDER_BATCH_SIZE at a time. With dry_run nothing is
    recorded or sent: the lines are what would be.
    """
    due = collect(today)
    if dry_run:
        return [SweepLine(d.kind, d.about, d.deadline, d.recipient, "would send") for d in due]
    with transaction.atomic():
        record(due, today)
    release_stale_claims()
    pending = list(unsent(today).values_list("pk", flat=True))
    dispatch = dispatch or deliver_batch
    size = settings.REMINDER_BATCH_SIZE
    for start in range(0, len(pending), size):
        batch = pending[start : start + size]
        try:
            dispatch(batch)
        except Exception:  # noqa: BLE001 - still pending; the next sweep retries them
            log.warning("%d reminders were not queued; the next sweep retries them.", len(batch))
    rows = Reminder.objects.filter(pk__in=pending).order_by("kind", "deadline", "recipient")
    return [SweepLine(r.kind, r.about, r.deadline, r.recipient, r.status) for r in rows]
