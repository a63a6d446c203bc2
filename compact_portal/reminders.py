"""The one reminder sweep: collects what every app's sources say is due, records it, sends it.

Exactly once without locks held across I/O: each reminder is a row with a unique identity,
inserted with ignore_conflicts (two sweeps insert it once); a sender claims it with a
conditional UPDATE and only the winner sends. A claim older than REMINDER_CLAIM_TIMEOUT
that never reached "sent" (a killed worker) is released and tried again; a sent one never.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from signatories.deadlines import REGISTRY, DueReminder

from .models import Reminder, ReminderOptOut

log = logging.getLogger(__name__)
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
    return settings.SITE_URL + reverse("reminder_opt_out", args=[token])


def _email(reminder: Reminder) -> EmailMultiAlternatives:
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
        "link": settings.SITE_URL + reminder.link
        if reminder.link.startswith("/")
        else reminder.link,
        "opt_out": None if reminder.duty else opt_out_link(reminder),
    }
    subject = f"Reminder ({when}): {reminder.about}"[:200]
    message = EmailMultiAlternatives(
        subject,
        render_to_string("compact_portal/emails/reminder.txt", context),
        None,
        [reminder.recipient],
    )
    message.attach_alternative(
        render_to_string("compact_portal/emails/reminder.html", context), "text/html"
    )
    return message


def deliver(pk: int) -> bool:
    """Claim one reminder and send it. True if this call sent it; False if another had it."""
    now = timezone.now()
    won = Reminder.objects.filter(
        pk=pk,
        claimed_at=None,
        sent_at=None,
        status__in=[Reminder.Status.PENDING, Reminder.Status.FAILED],
    ).update(claimed_at=now, attempts=F("attempts") + 1)
    if not won:
        return False
    reminder = Reminder.objects.get(pk=pk)
    try:
        _email(reminder).send()
    except Exception as error:
        gave_up = reminder.attempts >= settings.REMINDER_MAX_ATTEMPTS
        Reminder.objects.filter(pk=pk).update(
            claimed_at=None,
            status=Reminder.Status.GAVE_UP if gave_up else Reminder.Status.FAILED,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise
    Reminder.objects.filter(pk=pk).update(status=Reminder.Status.SENT, sent_at=timezone.now())
    return True


def sweep(
    today: date, *, dry_run: bool = False, dispatch: Callable[[int], object] | None = None
) -> list[SweepLine]:
    """Collect, record and send what is due today; returns a line for each reminder handled.

    `dispatch` sends one reminder by id (the Celery task's delay, or `deliver` in-process).
    With dry_run nothing is recorded or sent: the lines are what would be.
    """
    due = collect(today)
    if dry_run:
        return [SweepLine(d.kind, d.about, d.deadline, d.recipient, "would send") for d in due]
    with transaction.atomic():
        record(due, today)
    release_stale_claims()
    pending = list(unsent(today).values_list("pk", flat=True))
    dispatch = dispatch or deliver
    for pk in pending:
        try:
            dispatch(pk)
        except Exception:  # noqa: BLE001 - recorded on the row; the next sweep retries it
            log.warning("Reminder %s could not be sent; it will be retried.", pk)
    rows = Reminder.objects.filter(pk__in=pending).order_by("kind", "deadline", "recipient")
    return [SweepLine(r.kind, r.about, r.deadline, r.recipient, r.status) for r in rows]
