"""Partnership between the sectors: collaborative projects and the annual partnership survey."""

from __future__ import annotations

from django.db import models


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
        db_table = "compact_portal_collaborativeproject"  # tables keep their compact_portal names
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
    invited_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the signatories were invited."
    )

    class Meta:
        db_table = "compact_portal_survey"
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
        db_table = "compact_portal_surveyanswer"
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation"], name="survey_one_answer_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.survey}"
