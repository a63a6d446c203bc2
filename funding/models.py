"""Funding agreements between public bodies and signatories, their notices and renewal decisions.

Each record keeps the state its rule gave it when it was last saved (term_state, state), so
that lists and the dashboard can count verdicts in SQL. Each model works them out itself in
`refresh_verdicts()`, called from `save()`, so every path (services, admin, data import, the
re-check after a Compact's parameters change) stores the verdicts and deadlines its rules give.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import page_cache
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
    # The period, writing and reasons may be kept while an assessment the Compact asks for
    # before a cut was not done: the notice does not meet the Compact (RULES.md §4).
    CHECKS_MISSING = "checks_missing", "Checks before the cut not done"
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
            cls.CHECKS_MISSING: BROKEN,
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
    purpose = models.TextField(max_length=5000)
    amount = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3, default="GBP", editable=False)
    awarded_on = models.DateField(help_text="The date the funding was agreed.")
    start_date = models.DateField()
    end_date = models.DateField(help_text="The last day funded.")
    renewal_date = models.DateField(null=True, blank=True)
    short_term_reason = models.TextField(
        max_length=5000,
        blank=True,
        help_text="Why the term is shorter than the Compact's minimum.",
    )
    # Hertfordshire 3.3: "a clear rationale for relevant funding decisions".
    award_reasons = models.TextField(
        "reasons for the award",
        max_length=5000,
        blank=True,
        help_text="Why the funding was awarded, as the funder told the recipient.",
    )
    full_cost_recovery = models.CharField(max_length=3, choices=Fact.choices, blank=True)
    payment_in_advance = models.CharField(max_length=3, choices=Fact.choices, blank=True)
    outcomes_agreed = models.CharField(max_length=3, choices=Fact.choices, blank=True)
    risk_assessment = models.CharField(max_length=3, choices=Fact.choices, blank=True)

    # Worked out by refresh_verdicts() on every save (see the module docstring).
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

    # Blank: seeded and imported agreements name nobody, and a deleted user leaves it empty.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
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
            # The superuser's admin list reads the whole order (end_date, pk) from this one.
            models.Index(fields=["end_date", "id"], name="agreement_end_id"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.funder} → {self.recipient})"

    def save(self, *args, **kwargs):
        self.refresh_verdicts()
        _save_with_derived(self, self.DERIVED_FIELDS, args, kwargs)

    def get_absolute_url(self) -> str:
        return reverse("funding:agreement_detail", args=[self.pk])

    @property
    def term(self) -> TermState:
        """The stored term verdict as a member, for its label and colour."""
        return TermState(self.term_state)

    DERIVED_FIELDS = ("term_state", "notice_deadline", "renewal_due")

    def refresh_verdicts(self) -> None:
        """Set the term verdict and deadlines its Compact's rules give it (RULES.md §4)."""
        from signatories.rules import latest_notice_date

        from .rules import term_verdict

        compact = self.compact
        if self.end_date >= self.start_date:  # else the constraint refuses the row
            self.term_state = term_verdict(
                self.start_date, self.end_date, compact.min_term_years, self.short_term_reason
            ).state
        months = compact.funding_end_notice_months
        # The notice of an ending takes effect on the last funded day at the latest.
        self.notice_deadline = (
            latest_notice_date(self.end_date, months) if months is not None else None
        )
        renewal_months = compact.renewal_notice_months
        self.renewal_due = (
            latest_notice_date(self.renewal_date, renewal_months)
            if self.renewal_date and renewal_months is not None
            else None
        )


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
    reasons = models.TextField(max_length=5000, blank=True)
    exceptional = models.BooleanField(default=False)
    exceptional_justification = models.TextField(max_length=5000, blank=True)
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
    # Herefordshire's success measure 3: notices that keep the notice principle "and offer
    # organisations the chance to redesign services where appropriate".
    redesign_offered = models.CharField(
        "chance to redesign the service offered",
        max_length=3,
        choices=Fact.choices,
        blank=True,
    )

    state = models.CharField(
        max_length=16, choices=NoticeState.choices, editable=False, default=NoticeState.NOT_SET
    )
    due = models.DateField(null=True, blank=True, editable=False)

    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
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

    def save(self, *args, **kwargs):
        self.refresh_verdicts()
        _save_with_derived(self, self.DERIVED_FIELDS, args, kwargs)

    def get_absolute_url(self) -> str:
        return reverse("funding:notice_detail", args=[self.pk])

    @property
    def verdict(self) -> NoticeState:
        """The stored notice verdict as a member, for its label and colour."""
        return NoticeState(self.state)

    DERIVED_FIELDS = ("state", "due")

    def refresh_verdicts(self) -> None:
        """Set the headline verdict and due date its agreement's Compact gives it (RULES.md §4):
        the notice period, writing and reasons, then each check before a cut the Compact asks for.
        """
        from .rules import headline_verdict, notice_verdict, unmet_checks

        if self.effective_on < self.issued_on:
            return  # the constraint refuses the row
        compact = self.agreement.compact
        verdict = notice_verdict(
            self.issued_on,
            self.effective_on,
            compact.funding_end_notice_months,
            in_writing=self.in_writing,
            reasons=self.reasons,
            exceptional=self.exceptional,
            exceptions_allowed=compact.exceptional_circumstances_allowed,
        )
        verdict = headline_verdict(verdict, unmet_checks(self.kind, self.checks_asked(), self))
        self.state, self.due = verdict.state, verdict.due

    CHECK_FIELDS = ("equality_impact_assessment", "impact_assessment", "improvement_plan")
    CHECK_NAMES = {
        "equality_impact_assessment": "Equality Impact Assessment",
        "impact_assessment": (
            "Assessment of the impact on beneficiaries, service users and volunteers"
        ),
        "improvement_plan": "An improvement plan offered before ending the funding",
    }

    def checks_asked(self) -> list[str]:
        """The checks before a cut that this notice's Compact asks for: those it names a clause
        for (Compact.clauses, keyed by the field name); a Compact naming none turns it off."""
        clauses = self.agreement.compact.clauses or {}
        return [name for name in self.CHECK_FIELDS if clauses.get(name)]

    def breaches(self) -> list[Breach]:
        """Every check of its Compact this notice does not meet, each with its clause."""
        from .rules import notice_period_breaches, unmet_checks

        compact = self.agreement.compact
        found = [
            Breach(state, text, compact.clause_for("funding_end_notice_months"))
            for state, text in notice_period_breaches(
                self.issued_on,
                self.effective_on,
                compact.funding_end_notice_months,
                in_writing=self.in_writing,
                reasons=self.reasons,
                exceptional=self.exceptional,
                exceptions_allowed=compact.exceptional_circumstances_allowed,
            )
        ]
        for name in unmet_checks(self.kind, self.checks_asked(), self):
            found.append(
                Breach(name, f"{self.CHECK_NAMES[name]}: not done", compact.clause_for(name))
            )
        return found

    def concern_commitment(self):
        """The commitment a concern about this notice is most likely about: that of the first
        check before a cut it breaks, else the Compact's notice commitment (None if unnamed)."""
        from signatories.models import Commitment

        compact = self.agreement.compact
        clauses = compact.clauses or {}
        unmet = [b.key for b in self.breaches() if b.key in self.CHECK_FIELDS]
        code = clauses.get(unmet[0]) if unmet else clauses.get("funding_end_notice_commitment")
        if not code:
            return None
        return Commitment.objects.filter(compact=compact, clause=code).first()

    def check_rows(self) -> list[dict]:
        """Each check before a cut, as shown: its answer, date, and whether the Compact asks."""
        asked = self.checks_asked()
        return [
            {
                "name": self.CHECK_NAMES[name],
                "answer": getattr(self, f"get_{name}_display")(),
                "on": getattr(self, f"{name}_on"),
                "asked": name in asked,
                "clause": self.agreement.compact.clause_for(name) if name in asked else "",
            }
            for name in self.CHECK_FIELDS
        ]


@dataclass(frozen=True)
class Breach:
    """One check a notice does not meet: what it is (a NoticeState value or a check's field
    name), in plain words, and the clause of its Compact it comes from."""

    key: str
    text: str
    clause: str


class NoticeReply(models.Model):
    """The recipient's answer to a notice, in writing (004 13.2: answered in writing)."""

    notice = models.ForeignKey(FundingNotice, on_delete=models.CASCADE, related_name="replies")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="notice_replies"
    )
    text = models.TextField(max_length=5000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["written_at", "pk"]
        verbose_name_plural = "notice replies"

    def __str__(self) -> str:
        return f"Reply from {self.organisation} to {self.notice}"


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
    reasons = models.TextField(max_length=5000, blank=True)
    state = models.CharField(
        max_length=16, choices=RenewalState.choices, editable=False, default=RenewalState.NOT_SET
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.get_decision_display()} – {self.agreement.title}"

    def save(self, *args, **kwargs):
        self.refresh_verdicts()
        _save_with_derived(self, self.DERIVED_FIELDS, args, kwargs)

    @property
    def verdict(self) -> RenewalState:
        """The stored renewal verdict as a member, for its label and colour."""
        return RenewalState(self.state)

    DERIVED_FIELDS = ("state",)

    def refresh_verdicts(self) -> None:
        """Set the verdict its agreement's renewal date and Compact give it (RULES.md §4).

        The decision is notified on a known day, so the verdict does not depend on today's date.
        """
        from .rules import renewal_verdict

        agreement = self.agreement
        if agreement.renewal_date is None:
            self.state = RenewalState.NOT_SET
            return
        self.state = renewal_verdict(
            self.notified_on,
            agreement.renewal_date,
            agreement.compact.renewal_notice_months,
            timezone.localdate(),
        ).state


def _save_with_derived(record: models.Model, derived: tuple[str, ...], args, kwargs) -> None:
    """Save, writing the derived fields too when the caller names only some fields."""
    if kwargs.get("update_fields") is not None:
        kwargs["update_fields"] = {*kwargs["update_fields"], *derived}
    models.Model.save(record, *args, **kwargs)


def refresh_verdicts_for(compact: Compact) -> int:
    """Re-work out every agreement, notice and renewal decision of a Compact (its rules changed)."""
    agreements = list(FundingAgreement.objects.filter(compact=compact))
    for agreement in agreements:
        agreement.compact = compact
        agreement.refresh_verdicts()
    FundingAgreement.objects.bulk_update(
        agreements, FundingAgreement.DERIVED_FIELDS, batch_size=1000
    )
    by_pk = {agreement.pk: agreement for agreement in agreements}
    notices = list(FundingNotice.objects.filter(agreement__compact=compact))
    for notice in notices:
        notice.agreement = by_pk[notice.agreement_id]
        notice.refresh_verdicts()
    FundingNotice.objects.bulk_update(notices, FundingNotice.DERIVED_FIELDS, batch_size=1000)
    decisions = list(RenewalDecision.objects.filter(agreement__compact=compact))
    for decision in decisions:
        decision.agreement = by_pk[decision.agreement_id]
        decision.refresh_verdicts()
    RenewalDecision.objects.bulk_update(decisions, RenewalDecision.DERIVED_FIELDS, batch_size=1000)
    page_cache.changed([compact.pk])  # bulk writes fire no signals (the annual pack counts them)
    return len(agreements) + len(notices) + len(decisions)
