"""Funding agreements between public bodies and signatories, their notices and renewal decisions.

Each record keeps the state its rule gave it when it was last saved (term_state, state), so
that lists and the dashboard can count verdicts in SQL. The services recompute them on every
change, and `recompute_for_compact` when a Compact's parameters change.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.verdicts import BROKEN, KEPT, KEPT_WITH_CARE, NO_CHECK, UNDER_WAY, VerdictChoices
from signatories.models import Compact, Organisation


class Fact(models.TextChoices):
    """A good-practice fact (RULES.md §4): recorded as yes, no or not recorded."""

    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_RECORDED = "", "Not recorded"


class TermState(VerdictChoices):
    """An agreement's term against the Compact's minimum (RULES.md §4, term_verdict)."""

    MEETS = "meets", "Meets the Compact"
    SHORTER_WITH_REASON = "shorter_with_reason", "Shorter, with reason"
    SHORTER_NO_REASON = "shorter_no_reason", "Shorter, no reason"
    NOT_SET = "not_set", "Not set by this Compact"

    @classmethod
    def colours(cls) -> dict[VerdictChoices, str]:
        """Kept, kept with a reason on the record, broken; not set is grey."""
        return {
            cls.MEETS: KEPT,
            cls.SHORTER_WITH_REASON: KEPT_WITH_CARE,
            cls.SHORTER_NO_REASON: BROKEN,
            cls.NOT_SET: NO_CHECK,
        }


class NoticeState(VerdictChoices):
    """A notice of ending or changing funding (RULES.md §4, notice_verdict)."""

    MEETS = "meets", "Meets the Compact"
    EXCEPTION = "exception", "Exceptional circumstances"
    SHORT = "short", "Notice too short"
    NOT_IN_WRITING = "not_in_writing", "Not in writing"
    NO_REASONS = "no_reasons", "No reasons given"
    NOT_SET = "not_set", "Not set by this Compact"

    @classmethod
    def colours(cls) -> dict[VerdictChoices, str]:
        """Kept, kept by an exception the Compact allows, or broken; not set is grey."""
        return {
            cls.MEETS: KEPT,
            cls.EXCEPTION: KEPT_WITH_CARE,
            cls.SHORT: BROKEN,
            cls.NOT_IN_WRITING: BROKEN,
            cls.NO_REASONS: BROKEN,
            cls.NOT_SET: NO_CHECK,
        }


class RenewalState(VerdictChoices):
    """A renewal decision and when it was notified (RULES.md §4, renewal_verdict)."""

    IN_TIME = "in_time", "In time"
    LATE = "late", "Late"
    PENDING = "pending", "Not yet decided"
    OVERDUE = "overdue", "Overdue"
    NOT_SET = "not_set", "Not set by this Compact"

    @classmethod
    def colours(cls) -> dict[VerdictChoices, str]:
        """In time is kept, late or overdue broken, pending under way; not set is grey."""
        return {
            cls.IN_TIME: KEPT,
            cls.LATE: BROKEN,
            cls.PENDING: UNDER_WAY,
            cls.OVERDUE: BROKEN,
            cls.NOT_SET: NO_CHECK,
        }


class FundingAgreement(models.Model):
    class Kind(models.TextChoices):
        GRANT = "grant", "Grant"
        CONTRACT = "contract", "Contract"
        SLA = "sla", "Service level agreement"
        LOAN = "loan", "Loan"
        IN_KIND = "in_kind", "In-kind support"

    compact = models.ForeignKey(Compact, on_delete=models.PROTECT, related_name="agreements")
    funder = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="agreements_funded"
    )
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="agreements_received"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=200)
    purpose = models.TextField()
    amount = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3, default="GBP", editable=False)
    awarded_on = models.DateField(help_text="The date the funding was agreed.")
    start_date = models.DateField()
    end_date = models.DateField(help_text="The last day funded.")
    renewal_date = models.DateField(null=True, blank=True)
    short_term_reason = models.TextField(
        blank=True, help_text="Why the term is shorter than the Compact's minimum."
    )
    full_cost_recovery = models.CharField(max_length=3, choices=Fact.choices, blank=True)
    payment_in_advance = models.CharField(max_length=3, choices=Fact.choices, blank=True)
    outcomes_agreed = models.CharField(max_length=3, choices=Fact.choices, blank=True)
    risk_assessment = models.CharField(max_length=3, choices=Fact.choices, blank=True)

    # Derived by the services from the rules (see the module docstring).
    term_state = models.CharField(
        max_length=24, choices=TermState.choices, editable=False, default=TermState.NOT_SET
    )
    notice_deadline = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The last day to give notice before the end.",
    )
    renewal_due = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The last day to notify the renewal decision.",
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["end_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="agreement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="agreement_amount_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["compact", "start_date"], name="agreement_compact_start"),
            models.Index(fields=["compact", "term_state"], name="agreement_compact_term"),
            models.Index(fields=["notice_deadline"], name="agreement_notice_deadline"),
            models.Index(fields=["renewal_due"], name="agreement_renewal_due"),
            models.Index(fields=["end_date"], name="agreement_end_date"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.funder} → {self.recipient})"

    def get_absolute_url(self) -> str:
        return reverse("funding:agreement_detail", args=[self.pk])

    @property
    def term(self) -> TermState:
        """The stored term verdict as a member, for its label and colour."""
        return TermState(self.term_state)


class FundingNotice(models.Model):
    """Ending, reducing or changing an agreement: written notice with reasons (RULES.md §4)."""

    class Kind(models.TextChoices):
        END = "end", "Ending the funding"
        REDUCE = "reduce", "Reducing the funding"
        CHANGE = "change", "Changing the terms"

    class Check(models.TextChoices):
        DONE = "done", "Done"
        NOT_DONE = "not_done", "Not done"
        NOT_RELEVANT = "not_relevant", "Not relevant"

    agreement = models.ForeignKey(
        FundingAgreement, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    issued_on = models.DateField()
    effective_on = models.DateField()
    in_writing = models.BooleanField(default=True)
    reasons = models.TextField(blank=True)
    exceptional = models.BooleanField(default=False)
    exceptional_justification = models.TextField(blank=True)
    equality_impact_assessment = models.CharField(max_length=12, choices=Check.choices)
    equality_impact_assessment_on = models.DateField(null=True, blank=True)
    impact_assessment = models.CharField(
        "impact on beneficiaries, service users and volunteers assessed",
        max_length=12,
        choices=Check.choices,
    )
    impact_assessment_on = models.DateField(null=True, blank=True)
    improvement_plan = models.CharField(
        "improvement plan offered", max_length=12, choices=Check.choices
    )
    improvement_plan_on = models.DateField(null=True, blank=True)

    state = models.CharField(
        max_length=16, choices=NoticeState.choices, editable=False, default=NoticeState.NOT_SET
    )
    due = models.DateField(null=True, blank=True, editable=False)

    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_on__gte=models.F("issued_on")),
                name="notice_effective_after_issue",
            ),
        ]
        indexes = [
            models.Index(fields=["issued_on"], name="notice_issued_on"),
            # The dashboard counts one Compact's notices: agreements by Compact, then these.
            models.Index(fields=["agreement", "issued_on"], name="notice_agreement_issued"),
            models.Index(fields=["state", "issued_on"], name="notice_state_issued"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.agreement.title} from {self.effective_on}"

    def get_absolute_url(self) -> str:
        return reverse("funding:notice_detail", args=[self.pk])

    @property
    def verdict(self) -> NoticeState:
        """The stored notice verdict as a member, for its label and colour."""
        return NoticeState(self.state)

    def missing_checks(self) -> list[str]:
        """The pre-cut checks not done (RULES.md §4), in plain words."""
        missing = []
        if self.equality_impact_assessment == self.Check.NOT_DONE:
            missing.append("Equality Impact Assessment")
        if self.impact_assessment == self.Check.NOT_DONE:
            missing.append(
                "Assessment of the impact on beneficiaries, service users and volunteers"
            )
        if self.improvement_plan == self.Check.NOT_DONE:
            missing.append("An improvement plan offered before ending the funding")
        return missing


class RenewalDecision(models.Model):
    class Decision(models.TextChoices):
        RENEW = "renew", "Renew"
        NOT_RENEW = "not_renew", "Not renew"
        CHANGED_TERMS = "changed_terms", "Renew on changed terms"

    agreement = models.OneToOneField(
        FundingAgreement, on_delete=models.CASCADE, related_name="renewal_decision"
    )
    decision = models.CharField(max_length=16, choices=Decision.choices)
    notified_on = models.DateField(help_text="The date the recipient was told.")
    reasons = models.TextField(blank=True)
    state = models.CharField(
        max_length=16, choices=RenewalState.choices, editable=False, default=RenewalState.NOT_SET
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.get_decision_display()} – {self.agreement.title}"

    @property
    def verdict(self) -> RenewalState:
        """The stored renewal verdict as a member, for its label and colour."""
        return RenewalState(self.state)
