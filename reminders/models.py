"""The reminder log: every deadline reminder, recorded before it is sent, sent at most once."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Reminder(models.Model):
    """One reminder about one deadline to one person.

    Identified by (kind, object, deadline, offset, recipient): a duplicate sweep finds the row
    already there, and a moved deadline makes a new one. A worker sends it only after
    claiming it with a conditional update (see reminders.sweep.deliver_batch).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (will be retried)"
        GAVE_UP = "gave_up", "Failed (gave up)"
        SKIPPED = "skipped", "Not sent: turned off by the recipient"

    kind = models.CharField(max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    obj = GenericForeignKey("content_type", "object_id")
    object_label = models.CharField("about", max_length=300)
    compact = models.ForeignKey(
        "signatories.Compact", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    deadline = models.DateField()
    offset_days = models.IntegerField(help_text="Days before the deadline; negative after it.")
    due_on = models.DateField(help_text="The day the reminder became due.")
    recipient = models.EmailField()
    about = models.TextField()
    clause = models.CharField(max_length=300, blank=True)
    clause_link = models.CharField(
        max_length=500,
        blank=True,
        db_default="",
        help_text="Where the clause is in the Compact's text.",
    )
    link = models.CharField(max_length=500, blank=True)
    duty = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "compact_portal_reminder"  # the table keeps the name it had in compact_portal
        ordering = ["-due_on", "kind", "recipient"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "kind",
                    "content_type",
                    "object_id",
                    "deadline",
                    "offset_days",
                    "recipient",
                ],
                name="reminder_identity",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="reminder_status_due"),
            models.Index(fields=["claimed_at"], name="reminder_claimed"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient} (deadline {self.deadline})"


class ReminderOptOut(models.Model):
    """Someone turned off a kind of reminder that is not about their own Compact duty."""

    email = models.EmailField()
    kind = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "compact_portal_reminderoptout"
        constraints = [
            models.UniqueConstraint(fields=["email", "kind"], name="reminder_opt_out_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.email} turned off {self.kind}"
