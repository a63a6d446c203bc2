"""The reminder log: every deadline reminder, recorded before it is sent, sent at most once."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Reminder(models.Model):
    """One reminder about one deadline to one person.

    Identified by (kind, object, deadline, offset, recipient): a duplicate sweep finds the row
    already there, and a moved deadline makes a new one. A worker sends it only after
    claiming it with a conditional update (see compact_portal.reminders.deliver).
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
    link = models.CharField(max_length=500, blank=True)
    duty = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
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
        constraints = [
            models.UniqueConstraint(fields=["email", "kind"], name="reminder_opt_out_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.email} turned off {self.kind}"


class CollaborativeProject(models.Model):
    """A new project between sectors: Herefordshire's fourth success measure (000)."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    compact = models.ForeignKey(
        "signatories.Compact", on_delete=models.CASCADE, related_name="projects"
    )
    title = models.CharField(max_length=200)
    description = models.TextField()
    partners = models.ManyToManyField("signatories.Organisation", related_name="projects")
    started_on = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on"]
        indexes = [
            models.Index(fields=["compact", "state", "started_on"], name="project_compact_started")
        ]

    def __str__(self) -> str:
        return self.title


class Survey(models.Model):
    """The annual survey of partnership effectiveness (Hertfordshire 3.19)."""

    compact = models.ForeignKey(
        "signatories.Compact", on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(max_length=200)
    questions = models.JSONField(
        help_text='Rating questions, e.g. ["How well do the sectors work together?"]'
    )
    opens_on = models.DateField()
    closes_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on"]

    def __str__(self) -> str:
        return self.title


class SurveyAnswer(models.Model):
    """One organisation's answers: ratings from 1 (poor) to 5 (excellent)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    organisation = models.ForeignKey(
        "signatories.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    answered_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ratings = models.JSONField()
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation"], name="survey_one_answer_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.survey}"
