"""Compacts as data, their commitments, the organisations that sign them, and their roles."""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import page_cache
from core.citations import Citation
from core.verdicts import BROKEN, KEPT, UNDER_WAY, VerdictChoices

from . import rules

# refresh_verdicts(review=...) looks the Compact's latest review up unless it is given
_LOOK_UP = object()


def _as_date(value) -> date | None:
    """A date field's value as a date: an import or a test may have set it as text."""
    return models.DateField().to_python(value)


class Sector(models.TextChoices):
    PUBLIC = "public", "Public sector"
    VOLUNTARY_COMMUNITY = "voluntary_community", "Voluntary and community sector"
    PRIVATE = "private", "Private sector"


class OrganisationType(models.TextChoices):
    """The sub-types of each sector (RULES.md §7)."""

    COUNCIL = "council", "Council"
    NHS_BODY = "nhs_body", "NHS body"
    POLICE = "police", "Police"
    FIRE = "fire", "Fire and rescue service"
    PARISH_COUNCIL = "parish_council", "Parish or town council"
    CHARITY = "charity", "Charity"
    COMMUNITY_GROUP = "community_group", "Community group"
    SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
    MUTUAL = "mutual", "Mutual"
    COOPERATIVE = "cooperative", "Co-operative"
    BUSINESS = "business", "Business"


TYPES_BY_SECTOR: dict[str, list[str]] = {
    Sector.PUBLIC: [
        OrganisationType.COUNCIL,
        OrganisationType.NHS_BODY,
        OrganisationType.POLICE,
        OrganisationType.FIRE,
        OrganisationType.PARISH_COUNCIL,
    ],
    Sector.VOLUNTARY_COMMUNITY: [
        OrganisationType.CHARITY,
        OrganisationType.COMMUNITY_GROUP,
        OrganisationType.SOCIAL_ENTERPRISE,
        OrganisationType.MUTUAL,
        OrganisationType.COOPERATIVE,
    ],
    Sector.PRIVATE: [OrganisationType.BUSINESS],
}


class ResolutionStage(models.TextChoices):
    """Every stage a Compact's procedure may name; its `resolution_stages` lists these values."""

    INFORMAL = "informal", "Informal"
    FORMAL = "formal", "Formal (panel)"
    ADDITIONAL = "additional", "Additional support (mediation)"
    MEDIATION = "mediation", "Mediation"
    STEERING_GROUP = "steering_group", "Steering group told"

    @classmethod
    def label_of(cls, code: str) -> str:
        """A stage's name for people; a code the portal does not know yet, in words."""
        return cls(code).label if code in cls.values else code.replace("_", " ").capitalize()


class Compact(models.Model):
    """One Local Compact. Its rule parameters are data: a blank parameter turns its check off."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    area = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    adopted_on = models.DateField(null=True, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(
        "next review due",
        null=True,
        blank=True,
        help_text=(
            "When the Compact is next to be reviewed: officers are reminded before it. Recording "
            "a review sets it a year on."
        ),
    )
    document_title = models.CharField(max_length=300, blank=True)
    document_url = models.URLField(blank=True)
    contact_email = models.EmailField(blank=True)
    # db_default: a database migrated back past this field's migration still takes new rows
    contact_address = models.TextField(
        blank=True, db_default="", help_text="The Compact's published postal contact, as printed."
    )

    # The rule parameters of RULES.md §1, named exactly as there.
    consultation_min_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Minimum consultation period, in weeks."
    )
    funding_end_notice_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Written notice before ending or changing funding."
    )
    renewal_notice_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Renewal decision notified this long before renewal."
    )
    min_term_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Funding term to aim for, else reasons are given."
    )
    formal_stage_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Target for the formal stage of the resolution procedure."
    )
    informing_notice_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    meeting_notice_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    act_notice_weeks_min = models.PositiveSmallIntegerField(null=True, blank=True)
    act_notice_weeks_ideal = models.PositiveSmallIntegerField(null=True, blank=True)
    resolution_stages = models.JSONField(
        default=list,
        blank=True,
        help_text='Its resolution stages in order, e.g. ["informal", "formal", "additional"].',
    )
    exceptional_circumstances_allowed = models.BooleanField(
        default=False, help_text="Notice may be cut short for stated exceptional circumstances."
    )
    feedback_due_weeks = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Feedback on a consultation is due this many weeks after it closes.",
    )
    recommit_within_weeks = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=(
            "After a review, signatories who have not re-committed within this many weeks "
            "lapse from the published list. Blank: signatures never lapse."
        ),
    )
    # Clauses that the product quotes beside each verdict.
    clauses = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            "Which clause each rule comes from, keyed by parameter name: a commitment's "
            "clause (e.g. 4.4) links to its text."
        ),
    )
    # Each rule's citation in plain words with its clause's anchor, worked out from `clauses`
    # and the commitments whenever either changes (refresh_citations), so that a list of
    # verdicts cites without a query per row.
    cited = models.JSONField(default=dict, null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("signatories:compact_detail", args=[self.slug])

    RULE_PARAMETERS = [
        ("consultation_min_weeks", "Minimum consultation period", "weeks"),
        ("funding_end_notice_months", "Written notice before ending or changing funding", "months"),
        ("renewal_notice_months", "Renewal decision notified before the renewal date", "months"),
        ("min_term_years", "Funding term to aim for", "years"),
        ("formal_stage_weeks", "Target for the formal stage of the resolution procedure", "weeks"),
        ("informing_notice_weeks", "Information sent before the action it asks for", "weeks"),
        ("meeting_notice_weeks", "Notice of partnership meetings", "weeks"),
        ("act_notice_weeks_min", "Least time given to a partner to act", "weeks"),
        ("act_notice_weeks_ideal", "Ideal time given to a partner to act", "weeks"),
        ("feedback_due_weeks", "Consultation feedback published after closing", "weeks"),
        ("recommit_within_weeks", "Time to re-commit after a review", "weeks"),
    ]

    def rule_parameters(self) -> list[dict[str, str]]:
        """Each rule parameter as a row to show: label, value (or "Not set") and clause."""
        rows = []
        for field, label, unit in self.RULE_PARAMETERS:
            value = getattr(self, field)
            shown = "Not set" if value is None else f"{value} {unit[:-1] if value == 1 else unit}"
            rows.append({"label": label, "value": shown, "clause": self._cited(field)})
        rows.append(
            {
                "label": "Stages of the resolution procedure",
                "value": " → ".join(ResolutionStage.label_of(s) for s in self.resolution_stages)
                or "Not set",
                "clause": self._cited("resolution_stages"),
            }
        )
        rows.append(
            {
                "label": "Notice may be cut short in exceptional circumstances",
                "value": "Yes" if self.exceptional_circumstances_allowed else "No",
                "clause": self._cited("exceptional_circumstances_allowed"),
            }
        )
        return rows

    def text_url(self) -> str:
        """The Compact's published text, by section."""
        return reverse("signatories:compact_text", args=[self.slug])

    def _cited(self, parameter: str) -> Citation | str:
        """The rule's citation, or "" when the Compact names no clause for it."""
        return self.clause_for(parameter) if self.clauses.get(parameter) else ""

    def clause_for(self, parameter: str) -> Citation:
        """The citation for one of this Compact's rules, in plain words and linked to the
        clause, e.g. "Hertfordshire Compact, section 4 ‘…’, clause 4.4"."""
        cited = self.cited.get(parameter) if isinstance(self.cited, dict) else None
        if cited and cited.get("clause") == self.clauses.get(parameter):
            return Citation(cited["text"], f"{self.text_url()}#{cited['anchor']}")
        clause = self.clauses.get(parameter, "")
        return Citation(f"{self.name}, {clause}" if clause else self.name)

    def refresh_citations(self) -> None:
        """Work out `cited` again from `clauses` and the commitments they name (one query)."""
        if not isinstance(self.clauses, dict):
            return
        by_clause = {
            c.clause: c
            for c in self.commitments.select_related("section").filter(
                clause__in=[v for v in self.clauses.values() if isinstance(v, str)]
            )
        }
        cited = {}
        for parameter, clause in self.clauses.items():
            commitment = by_clause.get(clause)
            if commitment is not None:
                commitment.compact = self
                cited[parameter] = {
                    "clause": clause,
                    "text": str(commitment.citation),
                    "anchor": commitment.anchor,
                }
        if cited != self.cited:
            self.cited = cited
            type(self).objects.filter(pk=self.pk).update(cited=cited)
            page_cache.changed([self.pk])  # an update fires no signals

    def sections_by_document(self) -> list[tuple[str, list[CompactSection]]]:
        """The published text's sections, grouped by the document they come from, in order."""
        groups: list[tuple[str, list[CompactSection]]] = []
        for section in self.sections.all():
            document = section.document or self.document_title
            if not groups or groups[-1][0] != document:
                groups.append((document, []))
            groups[-1][1].append(section)
        return groups


def clause_anchor(clause: str) -> str:
    """The id of a clause in its Compact's text: "§4.4" → "clause-s4-4", "FP-5" → "clause-fp-5"."""
    words = re.sub(r"[^a-z0-9]+", "-", clause.lower().replace("§", "s")).strip("-")
    return f"clause-{words}"


class CompactSection(models.Model):
    """A section of a Compact's published text, as printed, in order.

    `blocks` is its text: a list of {"kind": "heading" | "paragraph" | "item" | "clause",
    "text": ...}; a clause block names the commitment (by clause) whose text is shown there.
    `document` names the document it comes from when that is not the Compact's main one.
    """

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    document = models.CharField(max_length=200, blank=True)
    number = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=300)
    anchor = models.SlugField(max_length=80)
    blocks = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["compact", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["compact", "anchor"], name="section_anchor_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return f"{self.compact.text_url()}#{self.anchor}"

    @property
    def label(self) -> str:
        """The section in plain words, with its document when that is not the main one."""
        named = f"section {self.number} ‘{self.title}’" if self.number else f"‘{self.title}’"
        return f"{self.document}, {named}" if self.document else named


class Commitment(models.Model):
    """An undertaking in a Compact's text, with the clause it appears under."""

    class Party(models.TextChoices):
        PUBLIC = "public", "Public sector"
        VOLUNTARY_COMMUNITY = "voluntary_community", "Voluntary and community sector"
        BOTH = "both", "Both sectors"

    class Theme(models.TextChoices):
        WORKING_TOGETHER = "working_together", "Working together"
        CONSULTATION = "consultation", "Consultation and policy"
        FUNDING = "funding", "Funding"
        CHANGES = "changes", "Changing or ending funding"
        EQUALITY = "equality", "Equality"
        RESOLUTION = "resolution", "Resolving disagreements"
        INFORMATION = "information", "Information and confidentiality"

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="commitments")
    clause = models.CharField(max_length=80)
    heading = models.CharField(max_length=200)
    text = models.TextField()
    undertaken_by = models.CharField(max_length=32, choices=Party.choices)
    theme = models.CharField(max_length=32, choices=Theme.choices)
    position = models.PositiveSmallIntegerField(default=0)
    section = models.ForeignKey(
        CompactSection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        help_text="Where it is printed in the Compact's text.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["compact", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["compact", "clause"], name="commitment_clause_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.clause}: {self.heading}"

    def get_absolute_url(self) -> str:
        return f"{self.compact.text_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return clause_anchor(self.clause)

    @property
    def citation(self) -> Citation:
        """The commitment in plain words (Compact, section, clause), linked to its text."""
        parts = [self.compact.name]
        if self.section_id is not None:
            parts.append(self.section.label)
        parts.append(f"clause {self.clause}")
        return Citation(", ".join(parts), self.get_absolute_url())


class Organisation(models.Model):
    """An organisation of any sector; signs Compacts and takes part in their work."""

    class IdScheme(models.TextChoices):
        LOCAL_AUTHORITY = "GB-LAE", "Local authority in England (GB-LAE)"
        NHS = "GB-NHS", "NHS organisation code (GB-NHS)"
        SCOTTISH_CHARITY = "GB-SC", "Scottish charity (GB-SC)"
        NI_CHARITY = "GB-NIC", "Northern Ireland charity (GB-NIC)"
        MUTUALS = "GB-MPR", "Mutuals public register (GB-MPR)"
        GOVERNMENT = "GB-GOR", "Government organisation register (GB-GOR)"

    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=32, choices=Sector.choices)
    organisation_type = models.CharField("type", max_length=32, choices=OrganisationType.choices)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    website = models.URLField(blank=True)
    area = models.CharField("area it works in", max_length=200, blank=True)
    charity_number = models.CharField(max_length=8, blank=True)
    company_number = models.CharField(max_length=8, blank=True)
    other_id_scheme = models.CharField(max_length=8, choices=IdScheme.choices, blank=True)
    other_id = models.CharField("other registered identifier", max_length=40, blank=True)
    org_id = models.CharField(
        "org-id identifier", max_length=60, blank=True, db_index=True, editable=False
    )
    publish_funding = models.BooleanField("publishes its funding as open data", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(Lower("name"), name="organisation_name_lower"),
            models.Index(fields=["sector", "organisation_type"], name="organisation_sector_type"),
            models.Index(fields=["charity_number"], name="organisation_charity_number"),
            models.Index(fields=["company_number"], name="organisation_company_number"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.org_id = self.derive_org_id()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "org_id"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("signatories:organisation_detail", args=[self.pk])

    def derive_org_id(self) -> str:
        """The org-id.guide identifier, from the strongest registered number it has."""
        if self.charity_number:
            return f"GB-CHC-{self.charity_number}"
        if self.company_number:
            return f"GB-COH-{self.company_number}"
        if self.other_id_scheme and self.other_id:
            return f"{self.other_id_scheme}-{self.other_id}"
        return ""


class OrganisationContact(models.Model):
    """A person who acts for an organisation (its contact)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_links"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    role = models.CharField("role in the organisation", max_length=120, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="contact_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.organisation}"


class InvitationState(models.TextChoices):
    PENDING = "pending", "Waiting for them to accept"
    ACCEPTED = "accepted", "Accepted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ContactInvitation(models.Model):
    """An address asked to become a contact for an organisation, until its owner accepts.

    Adding a contact never looks the address up: whoever reads mail there accepts through the
    emailed link while signed in as that address, so the inviter learns nothing about which
    addresses have an account (issue 19).
    """

    State = InvitationState

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contact_invitations"
    )
    email = models.EmailField()
    role = models.CharField("role in the organisation", max_length=120, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["email", "pk"]
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("email"),
                condition=models.Q(state=InvitationState.PENDING),
                name="contact_invitation_one_pending_per_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} invited to act for {self.organisation}"

    @property
    def has_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class CompactOfficer(models.Model):
    """A member of staff who runs a Compact in the admin."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="compact_officer_roles"
    )
    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="officers")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "compact"], name="compact_officer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} (officer, {self.compact})"


class ReferenceGroupMember(models.Model):
    """A member of a Compact's reference group: sees the dashboard, may sit on panels."""

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="reference_group")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reference_group_memberships",
    )
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="reference_group_seats"
    )
    role = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["compact", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @property
    def sector(self) -> str:
        return self.organisation.sector


class DeclaredLink(models.Model):
    """A link a reference group member has with another organisation (004 11.2.6)."""

    member = models.ForeignKey(
        ReferenceGroupMember, on_delete=models.CASCADE, related_name="declared_links"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="declared_links"
    )
    description = models.CharField(max_length=300, blank=True)
    declared_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "organisation"], name="declared_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member.name} — {self.organisation}"


class SignatureState(VerdictChoices):
    """Where a signature stands, from sign-up to the published list."""

    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Published"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    LAPSED = "lapsed", "Lapsed"

    @classmethod
    def colours(cls):
        return {
            cls.APPROVED: KEPT,
            cls.PENDING: UNDER_WAY,
            cls.REJECTED: BROKEN,
            cls.LAPSED: "orange",  # off the list for want of a re-commitment, not refused
        }


class Signature(models.Model):
    """An organisation's signature of a Compact, from sign-up to the published list."""

    State = SignatureState

    # A live signature stands or waits to: one per organisation and Compact, and withdrawable.
    LIVE = (State.PENDING, State.APPROVED)

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="signatures"
    )
    compact = models.ForeignKey(Compact, on_delete=models.PROTECT, related_name="signatures")
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    reference = models.CharField(max_length=20, unique=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_role = models.CharField(max_length=120, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    signed_on = models.DateField(null=True, blank=True, help_text="The date it was published.")
    rejection_reason = models.TextField(blank=True)
    pledges = models.TextField(
        blank=True, help_text="What the organisation will do to keep the Compact."
    )
    recommitted_on = models.DateField(null=True, blank=True)
    recommit_due = models.DateField(
        null=True, blank=True, help_text="Re-commit by this date after a review, or lapse."
    )
    # The organisation's sector and type, copied here on every save of the signature and of the
    # organisation (signals.organisation_saved): the published list filtered by sector or type
    # and sorted by date signed reads one index of signatures (signatories 0018) instead of
    # joining every signature to its organisation to test it.
    organisation_sector = models.CharField(
        max_length=32, choices=Sector.choices, blank=True, editable=False
    )
    organisation_type = models.CharField(
        max_length=32, choices=OrganisationType.choices, blank=True, editable=False
    )

    history = HistoricalRecords(excluded_fields=["organisation_sector", "organisation_type"])

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "compact"],
                # Signature.LIVE: Meta cannot see the names of the class around it
                condition=models.Q(state__in=[SignatureState.PENDING, SignatureState.APPROVED]),
                name="signature_one_live_per_compact",
            ),
        ]
        indexes = [
            models.Index(fields=["compact", "state", "signed_on"], name="signature_compact_state"),
            models.Index(fields=["state", "submitted_at"], name="signature_state_submitted"),
            models.Index(fields=["state", "recommit_due"], name="signature_recommit_due"),
            # The admin's order (-submitted_at, -pk) for every sign-up in the country.
            models.Index(fields=["submitted_at", "id"], name="signature_submitted_id"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.compact} ({self.get_state_display()})"

    def save(self, *args, **kwargs):
        self.refresh_verdicts()
        self.organisation_sector = self.organisation.sector
        self.organisation_type = self.organisation.organisation_type
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "recommit_due",
                "organisation_sector",
                "organisation_type",
            }
        super().save(*args, **kwargs)

    def refresh_verdicts(self, *, review=_LOOK_UP) -> None:
        """Work out the re-commit date its Compact's latest review gives it (None: none due).

        Called on every save; `review` saves a query per row when a Compact's signatures are
        refreshed together (it must be the Compact's latest review, or None).
        """
        # A lapsed signature keeps the date it missed; pending, rejected and withdrawn ones
        # were not on the list a review asks.
        if self.state not in (self.State.APPROVED, self.State.LAPSED):
            self.recommit_due = None
            return
        if review is _LOOK_UP:
            review = CompactReview.latest_of(self.compact_id)
        self.signed_on, self.recommitted_on = (
            _as_date(self.signed_on),
            _as_date(self.recommitted_on),
        )
        self.recommit_due = rules.recommit_due(
            signed_on=self.signed_on,
            recommitted_on=self.recommitted_on,
            reviewed_on=review.reviewed_on if review else None,
            review_recorded_on=review.recorded_on if review else None,
            within_weeks=self.compact.recommit_within_weeks,
        )

    @property
    def state_choice(self) -> Signature.State:
        """The state as its member, for its label and tag colour (a loaded row holds the code)."""
        return self.State(self.state)

    @property
    def is_live(self) -> bool:
        """Published or waiting to be: the organisation may still withdraw it."""
        return self.state in self.LIVE

    @property
    def is_published(self) -> bool:
        """On the Compact's published list."""
        return self.state == self.State.APPROVED


class CompactReview(models.Model):
    """A review of a Compact, after which signatories are invited to re-commit (003)."""

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    summary = models.TextField()
    recommit_by = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on"]

    def __str__(self) -> str:
        return f"{self.compact} review of {self.reviewed_on:%d %B %Y}"

    def save(self, *args, **kwargs):
        self.refresh_verdicts()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "recommit_by"}
        super().save(*args, **kwargs)

    def refresh_verdicts(self) -> None:
        """Work out the re-commit date from the review's day and its Compact's period."""
        self.reviewed_on = _as_date(self.reviewed_on)
        self.recommit_by = rules.recommit_by(self.reviewed_on, self.compact.recommit_within_weeks)

    @property
    def recorded_on(self) -> date:
        """The day it was recorded (today, before it is saved)."""
        return timezone.localdate(self.recorded_at) if self.recorded_at else timezone.localdate()

    @classmethod
    def latest_of(cls, compact_id: int) -> CompactReview | None:
        """The Compact's latest review, which sets its signatories' re-commit dates."""
        return (
            cls.objects.filter(compact_id=compact_id)
            .order_by("-reviewed_on", "-recorded_at", "-pk")
            .first()
        )


class OrganisationChangeRequest(models.Model):
    """A change to an organisation's name or registered numbers, waiting for an officer."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="change_requests"
    )
    changes = models.JSONField(help_text="The fields to change and their new values.")
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Change to {self.organisation}"


class SignatoryImport(models.Model):
    """A spreadsheet of signatories an officer brings in: its rows, how its columns map onto an
    organisation and signature, what each row will do, and how far the import has gone."""

    class State(models.TextChoices):
        UPLOADED = "uploaded", "Columns to match"
        PREVIEWED = "previewed", "Waiting for confirmation"
        IMPORTING = "importing", "Importing"
        IMPORTED = "imported", "Imported"
        FAILED = "failed", "Failed"

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    headers = models.JSONField(default=list, help_text="The file's column headings, in order.")
    rows = models.JSONField(default=list, help_text="The file's rows, as text, in order.")
    mapping = models.JSONField(
        default=dict, blank=True, help_text="Which column each field is read from."
    )
    plan = models.JSONField(
        default=list, blank=True, help_text="What each row will do, worked out for the preview."
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.UPLOADED)
    created_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    outcome = models.JSONField(
        default=list, blank=True, help_text="Rows the import could not write, and why."
    )
    failure = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    # The rows and their plan are the file itself: each version keeps who did what, not a copy.
    history = HistoricalRecords(excluded_fields=["rows", "plan"])

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.file_name} into the {self.compact}"


class SignatoryTally(models.Model):
    """How many organisations are on a Compact's published list, kept with every signature.

    The home page and the list of Compacts show all 300 Compacts' counts; counting 200,000
    approved signatures on each draw costs tens of milliseconds, so the count is kept here and
    worked out again (one indexed COUNT of one Compact's signatures) in the transaction that
    saves or deletes a signature (signatories.tallies). A row of its own, not a column of
    Compact, so that counting never waits on a lock over the Compact (a review holds one while
    it updates signatures). A Compact with no row has no signatories yet.
    """

    compact = models.OneToOneField(
        Compact, on_delete=models.CASCADE, primary_key=True, related_name="tally"
    )
    signatories = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.compact}: {self.signatories}"
