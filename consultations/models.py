"""Consultations run by public bodies on a Compact's clock, their responses and followers."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.verdicts import BROKEN, KEPT, KEPT_WITH_CARE, VerdictChoices
from signatories.models import Compact, Organisation


class Consultation(models.Model):
    class Level(models.TextChoices):
        INFORMING = "informing", "Informing: the decision is taken, no response sought"
        CONSULTING = "consulting", "Consulting: the decision is open, responses sought"
        PARTNERSHIP = "partnership", "Partnership: deciding together"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FORTHCOMING = "forthcoming", "Forthcoming"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        FEEDBACK_PUBLISHED = "feedback_published", "Feedback published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class ReasonKind(models.TextChoices):
        LEGAL = "legal", "A legal or statutory deadline"
        AGREED = "agreed", "Agreed with the sector"
        OTHER = "other", "Another reason"

    class EqualityImpact(models.TextChoices):
        """Whether the policy decision had its Equality Impact Assessment (001 2.1)."""

        DONE = "done", "Done"
        PLANNED = "planned", "Planned, not yet done"
        NOT_DONE = "not_done", "Not done"

    class Compliance(VerdictChoices):
        """Whether the response period meets the Compact's minimum (RULES.md §3)."""

        MEETS = "meets", "Meets the Compact"
        SHORTER_WITH_REASON = "shorter_with_reason", "Shorter, with reason"
        SHORTER_NO_REASON = "shorter_no_reason", "Shorter, no reason"
        NOT_SET = "not_set", "Not set by this Compact"
        NOT_APPLICABLE = "not_applicable", "Not applicable"

        @classmethod
        def colours(cls):
            return {
                cls.MEETS: KEPT,
                cls.SHORTER_WITH_REASON: KEPT_WITH_CARE,
                cls.SHORTER_NO_REASON: BROKEN,
            }

        @property
        def is_shorter(self) -> bool:
            """Shorter than the minimum, whether or not a reason is given."""
            return self in {type(self).SHORTER_WITH_REASON, type(self).SHORTER_NO_REASON}

    # The GOV.UK tag colour each status shows in.
    STATUS_COLOURS = {
        Status.DRAFT: "yellow",
        Status.FORTHCOMING: "blue",
        Status.OPEN: "green",
        Status.CLOSED: "grey",
        Status.FEEDBACK_PUBLISHED: "turquoise",
        Status.WITHDRAWN: "red",
    }
    # Past these a consultation is finished: it is no longer edited, extended or withdrawn.
    FINISHED = {Status.FEEDBACK_PUBLISHED, Status.WITHDRAWN}

    compact = models.ForeignKey(Compact, on_delete=models.PROTECT, related_name="consultations")
    lead_body = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="consultations_led"
    )
    title = models.CharField(max_length=200)
    # A text column holds any length; these are the lengths the forms take (issue 18).
    summary = models.TextField(max_length=2_000)
    body = models.TextField(max_length=20_000)
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.CONSULTING)
    audience = models.CharField("who it is aimed at", max_length=300)
    opens_on = models.DateField()
    closes_on = models.DateField(help_text="Responses are accepted until the end of this day.")
    shorter_reason_kind = models.CharField(max_length=8, choices=ReasonKind.choices, blank=True)
    shorter_reason = models.TextField(blank=True, max_length=2_000)
    acknowledge_responses = models.BooleanField(default=True)
    glossary = models.TextField(
        blank=True, max_length=5_000, help_text="One term per line, as: term: meaning"
    )
    questions = models.JSONField(default=list, blank=True)
    contact_email = models.EmailField("contact for questions")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    commitments_confirmed = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    feedback = models.TextField(blank=True, max_length=20_000)
    feedback_published_on = models.DateField(null=True, blank=True)
    # Chelmsford §2: "be clear which matters are open to change and which are not".
    open_to_change = models.TextField("what is open to change", blank=True, max_length=5_000)
    not_open_to_change = models.TextField(
        "what is not open to change", blank=True, max_length=5_000
    )
    # Hertfordshire 2.1: "all policy decisions are subject to the Equalities Impact Assessment
    # process". Blank: not recorded.
    equality_impact = models.CharField(
        "equality impact assessment", max_length=10, choices=EqualityImpact.choices, blank=True
    )
    equality_impact_on = models.DateField("date of the assessment", null=True, blank=True)
    equality_impact_summary = models.TextField(
        "what the assessment found", blank=True, max_length=5_000
    )
    # Set by the withdraw and close-early services; shown on the public page.
    ended_early_on = models.DateField(null=True, blank=True)
    ended_early_reason = models.TextField(blank=True, max_length=2_000)

    # Worked out by refresh_verdicts() on every save, from the dates, the reason and the Compact.
    compliance_state = models.CharField(
        "compliance",
        max_length=24,
        choices=Compliance.choices,
        default=Compliance.NOT_SET,
        editable=False,
    )
    feedback_due = models.DateField(null=True, blank=True, editable=False)

    # Seeded and imported consultations name nobody: blank, or every edit of one fails
    # full_clean on a field the person editing cannot see.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    # Questions respondents are asked: how many, and how long each (they label the answers).
    MAX_QUESTIONS = 20
    MAX_QUESTION_LENGTH = 500

    class Meta:
        ordering = ["-opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="consultation_closes_after_opening",
            ),
        ]
        indexes = [
            models.Index(fields=["compact", "closes_on"], name="consultation_compact_closes"),
            models.Index(fields=["status", "opens_on"], name="consultation_status_opens"),
            # The admin's list filtered by status, in its order (-opens_on, pk): 87 ms -> 0.5 ms.
            models.Index(fields=["status", "-opens_on", "id"], name="consultation_status_opens_id"),
            models.Index(fields=["status", "closes_on"], name="consultation_status_closes"),
            models.Index(fields=["status", "feedback_due"], name="consultation_feedback_due"),
            models.Index(fields=["compact", "compliance_state"], name="consultation_compliance"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Every path (service, admin, import, a save of a few fields) stores a true verdict.
        self.refresh_verdicts()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "compliance_state", "feedback_due"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.pk])

    def refresh_verdicts(self) -> None:
        """Work out the compliance state and the feedback due date from the Compact's rules."""
        from .rules import compliance, feedback_due  # the rules import this module's choices

        compact = self.compact
        self.compliance_state = compliance(
            self.level,
            self.opens_on,
            self.closes_on,
            compact.consultation_min_weeks,
            self.shorter_reason,
        ).state
        # Informing asks for no response (004 §8): there is no feedback on responses to owe.
        self.feedback_due = (
            None
            if self.level == self.Level.INFORMING
            else feedback_due(self.closes_on, compact.feedback_due_weeks)
        )

    @property
    def is_published(self) -> bool:
        """Published: its dates now run on the Compact's clock, in public."""
        return self.status != self.Status.DRAFT

    @property
    def compliance(self) -> Compliance:
        """The stored verdict on the response period, as a member (label and colour)."""
        return self.Compliance(self.compliance_state)

    @property
    def status_colour(self) -> str:
        """The colour of this consultation's status tag."""
        return self.STATUS_COLOURS[self.status]

    @property
    def invites_responses(self) -> bool:
        """Consulting and partnership invite responses; informing only informs (004 §8)."""
        return self.level != self.Level.INFORMING

    def feedback_overdue(self, today: date) -> bool:
        """Closed, feedback not yet published, and its due date has passed (from the day after)."""
        return (
            self.status == self.Status.CLOSED
            and self.feedback_due is not None
            and today > self.feedback_due
        )

    @property
    def is_finished(self) -> bool:
        """Feedback published or withdrawn: nothing more happens to it."""
        return self.status in self.FINISHED

    def glossary_terms(self) -> list[tuple[str, str]]:
        terms = []
        for line in self.glossary.splitlines():
            term, _, meaning = line.partition(":")
            if term.strip() and meaning.strip():
                terms.append((term.strip(), meaning.strip()))
        return terms


def document_path(instance, filename: str) -> str:
    return f"consultations/{instance.consultation_id}/{filename}"


class Document(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=document_path)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title


class Response(models.Model):
    class RespondentType(models.TextChoices):
        ORGANISATION = "organisation", "On behalf of an organisation"
        INDIVIDUAL = "individual", "As an individual"
        ANONYMOUS = "anonymous", "Anonymously"

    class OrganisationSize(models.TextChoices):
        """Size by yearly income, in the NCVO's bands: small groups' views count as much."""

        MICRO = "micro", "Micro: under £10,000 a year"
        SMALL = "small", "Small: £10,000 to £100,000 a year"
        MEDIUM = "medium", "Medium: £100,000 to £1 million a year"
        LARGE = "large", "Large: £1 million to £10 million a year"
        MAJOR = "major", "Major: over £10 million a year"

    class Channel(models.TextChoices):
        ONLINE = "online", "Online"
        WRITTEN = "written", "Written"
        MEETING = "meeting", "At a meeting"
        SURVEY = "survey", "Survey"
        PETITION = "petition", "Petition"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    reference = models.CharField(max_length=20, unique=True)
    respondent_type = models.CharField(max_length=16, choices=RespondentType.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    organisation_size = models.CharField(
        "size of the organisation", max_length=8, choices=OrganisationSize.choices, blank=True
    )
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    represents = models.CharField("who the response represents", max_length=300, blank=True)
    capacity = models.CharField("in what capacity", max_length=300, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    petition_signatures = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)]
    )
    answers = models.JSONField(default=dict, blank=True)
    body = models.TextField(max_length=20_000)
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField()
    submitted_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    feedback_notified_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_at", "pk"]
        indexes = [
            models.Index(fields=["consultation", "channel"], name="response_consultation_channel"),
            # The admin's list of responses reads this order (362 ms sorting 294,000 rows).
            models.Index(fields=["submitted_at", "id"], name="response_submitted"),
        ]

    def __str__(self) -> str:
        return f"Response {self.reference}"


class Follower(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="followers"
    )
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the address's owner clicks the link emailed to them; only then are they told.
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "email"], name="follower_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.email} follows {self.consultation}"


class ForthcomingAlert(models.Model):
    """A signatory's contact asked to hear of a Compact's forthcoming consultations (001 2.4)."""

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["compact", "email"], name="forthcoming_alert_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.email} hears of forthcoming consultations in {self.compact}"


class Extension(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="extensions"
    )
    old_closes_on = models.DateField()
    new_closes_on = models.DateField()
    reason = models.TextField(max_length=2_000)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    extended_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Extended to {self.new_closes_on}"


class DateChange(models.Model):
    """A published consultation's opening or closing date moved by an edit: shown in public."""

    class Which(models.TextChoices):
        OPENS = "opens", "opening date"
        CLOSES = "closes", "closing date"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="date_changes"
    )
    which = models.CharField(max_length=6, choices=Which.choices)
    old_date = models.DateField()
    new_date = models.DateField()
    reason = models.TextField(blank=True, max_length=2_000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"The {self.get_which_display()} moved to {self.new_date}"

    @property
    def shortens(self) -> bool:
        """Closing earlier or opening later: less time to respond."""
        if self.which == self.Which.CLOSES:
            return self.new_date < self.old_date
        return self.new_date > self.old_date
