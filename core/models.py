"""The outbox: every email the portal sends is first a row, written with the change it reports."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class OutboundEmail(models.Model):
    """One message to one recipient, rendered when it was written and sent by a task.

    `message_id` is made when the row is written, so a message sent twice (a worker killed
    after the mail server accepted it, before the row was marked) carries the same Message-ID
    both times. `compact_id` is a plain integer (core imports no domain app) that scopes the
    officers' view in the admin; `about` is the record the email concerns.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed permanently"

    recipient = models.EmailField()
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # Extra headers for this message alone (e.g. List-Unsubscribe, RFC 8058), each one line.
    headers = models.JSONField(default=dict, blank=True)
    # Small text files sent with it (e.g. a meeting's .ics): [{"name", "type", "text"}, ...].
    attachments = models.JSONField(default=list, blank=True)
    message_id = models.CharField("Message-ID", max_length=255, unique=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    compact_id = models.PositiveIntegerField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When the sweep sends it if no task has by then."
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "outbound email"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="outbox_about"),
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["state", "claimed_at"], name="outbox_claimed"),
            models.Index(fields=["compact_id", "-created_at"], name="outbox_compact"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} \u2192 {self.recipient}"
