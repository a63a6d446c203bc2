"""Concerns raised under a Compact's resolution procedure: cases, panels, meetings, correspondence.

Names and contact details of people, correspondence and panel notes are confidential (000; 004
§12): only the Compact's officers and the case's panel see them (see disputes.access).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core import page_cache
from core.verdicts import BROKEN, KEPT, UNDER_WAY, VerdictChoices
from signatories.models import (
    Commitment,
    Compact,
    Organisation,
    ReferenceGroupMember,
    ResolutionStage,
)

# The stages a Compact's procedure may name belong to the Compact (signatories), which
# lists them in its `resolution_stages`; a case moves through them.
Stage = ResolutionStage


class FormalTarget(VerdictChoices):
    """The formal stage's target (RULES.md §2): the case leaves the formal stage by its date."""

    RUNNING = "running", "Running"
    MET = "met", "Target met"
    MISSED = "missed", "Target missed"
    OVERDUE = "overdue", "Overdue"
    NOT_SET = "not_set", "Not set by this Compact"

    @classmethod
    def colours(cls) -> dict[VerdictChoices, str]:
        """Met is kept, running is under way, missed and overdue are broken; not set is grey."""
        return {cls.MET: KEPT, cls.RUNNING: UNDER_WAY, cls.MISSED: BROKEN, cls.OVERDUE: BROKEN}


class Role(models.TextChoices):
    """A person's part in a case (see disputes.access), and the part a message was written in."""

    OFFICER = "officer", "A Compact officer"
    PANEL = "panel", "A panel member"
    COMPLAINANT = "complainant", "The organisation that raised it"
    RESPONDENT = "respondent", "The other organisation"


class Case(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CLOSED_UNRESOLVED = "closed_unresolved", "Closed unresolved"

    compact = models.ForeignKey(Compact, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=20, unique=True)
    complainant = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cases_raised"
    )
    respondent = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cases_against"
    )
    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="cases")
    what_happened = models.TextField()
    outcome_sought = models.TextField()
    first_raised_on = models.DateField(
        help_text="When it was first raised directly with the other organisation."
    )
    first_raised_how = models.TextField()
    initial_contact_on = models.DateField(
        help_text="The date the concern was logged with the Compact."
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField()
    contact_phone = models.CharField(max_length=40, blank=True)

    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.INFORMAL)
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    formal_started_on = models.DateField(null=True, blank=True)
    left_formal_on = models.DateField(null=True, blank=True)
    target_date = models.DateField(null=True, blank=True, editable=False)
    closed_on = models.DateField(null=True, blank=True)
    closed_at_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    referred_to = models.CharField(max_length=300, blank=True)
    # The independent mediator a case was referred to (003 "If things go wrong").
    mediator_name = models.CharField(max_length=200, blank=True)
    mediator_organisation = models.CharField(max_length=200, blank=True)
    referred_to_mediator_on = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases_owned",
        help_text="The Compact officer who runs this case.",
    )
    outcome = models.TextField(max_length=5000, blank=True)
    lesson_learnt = models.TextField(
        max_length=5000, blank=True, help_text="Published without names."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-initial_contact_on", "pk"]
        indexes = [
            models.Index(fields=["compact", "state"], name="case_compact_state"),
            models.Index(fields=["state", "target_date"], name="case_state_target"),
            models.Index(fields=["compact", "closed_on"], name="case_compact_closed"),
            models.Index(fields=["compact", "initial_contact_on"], name="case_compact_opened"),
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs):
        # Every path (service, admin, import, a save of a few fields) stores a true target.
        self.refresh_verdicts()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "target_date"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("disputes:case_detail", args=[self.reference])

    def refresh_verdicts(self) -> None:
        """Work out the formal stage's target from the initial contact and the Compact's weeks.

        A closed case keeps the target it was judged against: the published statistics of
        closed cases do not move when a Compact later changes its period.
        """
        from .rules import formal_target_date  # the rules import this module's choices

        if self.state == self.State.OPEN or self.target_date is None:
            self.target_date = formal_target_date(
                self.initial_contact_on, self.compact.formal_stage_weeks
            )

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def target_runs(self) -> bool:
        """The formal stage's target is running: the case is open and in the formal stage."""
        return self.is_open and self.stage == Stage.FORMAL and self.target_date is not None

    def stage_label(self) -> str:
        """The stage in words, also for a stage a Compact names that the portal does not know."""
        return Stage.label_of(self.stage)


def refresh_targets_for(compact: Compact) -> int:
    """Re-work out the targets of a Compact's open cases (its formal stage period changed)."""
    cases = list(Case.objects.filter(compact=compact, state=Case.State.OPEN))
    for case in cases:
        case.compact = compact
        case.refresh_verdicts()  # bulk_update does not call save()
    Case.objects.bulk_update(cases, ["target_date"], batch_size=1000)
    page_cache.changed([compact.pk])  # bulk writes fire no signals
    return len(cases)


class PanelMember(models.Model):
    class Answer(models.TextChoices):
        """Where a member stands: invited, confirmed no conflict, or declared one (004 11.2.6)."""

        INVITED = "invited", "Invited, not answered yet"
        CONFIRMED = "confirmed", "Confirmed no conflict"
        CONFLICT = "conflict", "Declared a conflict: to be replaced"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="panel")
    member = models.ForeignKey(
        ReferenceGroupMember, on_delete=models.PROTECT, related_name="panels"
    )
    confirmed_no_conflict_at = models.DateTimeField(null=True, blank=True)
    declared_conflict_at = models.DateTimeField(null=True, blank=True)
    conflict = models.TextField("the conflict declared", max_length=2000, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "member"], name="panel_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member.name} on {self.case}"

    @property
    def answer(self) -> Answer:
        if self.declared_conflict_at is not None:
            return self.Answer.CONFLICT
        if self.confirmed_no_conflict_at is not None:
            return self.Answer.CONFIRMED
        return self.Answer.INVITED

    def get_answer_display(self) -> str:
        return self.answer.label


class PanelMeeting(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    starts_at = models.TimeField(null=True, blank=True)
    place = models.CharField(max_length=300, blank=True)
    attendees = models.TextField(max_length=2000)
    notes = models.TextField(max_length=20000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on"]

    def __str__(self) -> str:
        return f"Meeting on {self.held_on}"

    def get_calendar_url(self) -> str:
        return reverse("disputes:meeting_calendar", args=[self.case.reference, self.pk])


class Message(models.Model):
    """Written correspondence on a case (004 13.2: in writing, answered in writing)."""

    class Party(models.TextChoices):
        COMPLAINANT = "complainant", "The organisation that raised it"
        RESPONDENT = "respondent", "The other organisation"
        OFFICERS = "officers", "Compact officers and the panel"
        EVERYONE = "everyone", "Both organisations, the officers and the panel"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_role = models.CharField(max_length=20, choices=Role.choices)
    to = models.CharField(max_length=20, choices=Party.choices)
    body = models.TextField()
    attachment = models.FileField(upload_to="cases/", blank=True)
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    sent_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    replied_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sent_at", "pk"]
        indexes = [models.Index(fields=["sent_on", "replied_on"], name="message_awaiting_reply")]

    def __str__(self) -> str:
        return f"Message on {self.case} ({self.sent_on})"


class InternalNote(models.Model):
    """A note on a case for the Compact's officers alone: never shown to the parties or panel."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="internal_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(max_length=5000)
    written_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"Note on {self.case}"


class SteeringGroup(models.Model):
    """Who is told when a case reaches a Compact's "steering group told" stage (003).

    A Compact without one has the notice turned off, and the officer's page says "not set".
    """

    compact = models.OneToOneField(
        Compact, on_delete=models.CASCADE, related_name="steering_group_contact"
    )
    name = models.CharField(max_length=200, help_text="For example, the Compact Steering Group.")
    email = models.EmailField()

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.name} ({self.compact})"
