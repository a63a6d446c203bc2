"""A signed-in person's home: each of their organisations' live items, gathered from every app.

Each app's access and models answer what belongs to an organisation; this module only
composes them (a page gathering items from several apps belongs in the project package).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse

from consultations.models import Consultation, Response
from disputes.models import Case
from funding.models import FundingAgreement, FundingNotice
from partnership.models import Survey, SurveyAnswer
from signatories.models import CompactReview, Organisation, Sector, Signature


@dataclass(frozen=True)
class NextStep:
    """Something the organisation should do, by a date (None: as soon as it can)."""

    text: str
    url: str
    due: date | None


@dataclass
class OrganisationHome:
    """One organisation's live items, as its home page shows them."""

    organisation: Organisation
    signatures: list = field(default_factory=list)
    approved: bool = False
    open_consultations: list = field(default_factory=list)
    responses: list = field(default_factory=list)
    awaiting_feedback: list = field(default_factory=list)
    agreements: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    renewals_due: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    surveys: list = field(default_factory=list)
    next_steps: list = field(default_factory=list)

    @property
    def is_public_body(self) -> bool:
        return self.organisation.sector == Sector.PUBLIC


def _signatures(organisation: Organisation) -> list[Signature]:
    """Its signatures, each with the review that asks it to re-commit (or None)."""
    signatures = list(
        organisation.signatures.exclude(state=Signature.State.REJECTED, signed_on__isnull=True)
        .select_related("compact")
        .order_by("compact__name", "-submitted_at")
    )
    for signature in signatures:
        signature.review = (
            CompactReview.latest_of(signature.compact_id) if signature.recommit_due else None
        )
    return signatures


def organisation_home(organisation: Organisation, today: date) -> OrganisationHome:
    """What the organisation has going on now, and what it should do next, soonest first.

    Approval gates power: until an officer has published the organisation on some Compact's
    list, only its sign-up is shown.
    """
    home = OrganisationHome(organisation=organisation, signatures=_signatures(organisation))
    steps = home.next_steps
    for signature in home.signatures:
        if signature.recommit_due:
            steps.append(
                NextStep(
                    f"Re-commit to the {signature.compact.name} after its review",
                    reverse("signatories:manage", args=[organisation.pk]) + "#signatures",
                    signature.recommit_due,
                )
            )
    approved_in = [s.compact_id for s in home.signatures if s.state == Signature.State.APPROVED]
    home.approved = bool(approved_in)
    if not home.approved:
        return home

    responded = set(
        Response.objects.filter(organisation=organisation).values_list("consultation", flat=True)
    )
    home.open_consultations = list(
        Consultation.objects.filter(compact__in=approved_in, status=Consultation.Status.OPEN)
        .exclude(lead_body=organisation)
        .select_related("compact", "lead_body")
        .order_by("closes_on", "pk")
    )
    for consultation in home.open_consultations:
        consultation.responded = consultation.pk in responded
        if not consultation.responded:
            steps.append(
                NextStep(
                    f"Respond to “{consultation.title}”",
                    reverse("consultations:respond", args=[consultation.pk]),
                    consultation.closes_on,
                )
            )
    home.responses = list(
        Response.objects.filter(organisation=organisation)
        .select_related("consultation")
        .order_by("-received_on", "-pk")[:20]
    )
    home.awaiting_feedback = list(
        Consultation.objects.filter(lead_body=organisation, status=Consultation.Status.CLOSED)
        .select_related("compact")
        .order_by("feedback_due", "pk")
    )
    for consultation in home.awaiting_feedback:
        steps.append(
            NextStep(
                f"Publish feedback on “{consultation.title}”",
                reverse("consultations:feedback", args=[consultation.pk]),
                consultation.feedback_due,
            )
        )

    live_agreements = FundingAgreement.objects.filter(end_date__gte=today).filter(
        funder=organisation
    ) | FundingAgreement.objects.filter(end_date__gte=today, recipient=organisation)
    home.agreements = list(
        live_agreements.select_related("compact", "funder", "recipient").order_by("end_date", "pk")
    )
    home.notices = list(
        FundingNotice.objects.filter(agreement__in=[a.pk for a in home.agreements])
        .select_related("agreement__funder", "agreement__recipient")
        .order_by("effective_on", "pk")
    )
    home.renewals_due = list(
        FundingAgreement.objects.filter(
            pk__in=[a.pk for a in home.agreements if a.funder_id == organisation.pk],
            renewal_due__isnull=False,
            renewal_decision__isnull=True,
        )
        .select_related("recipient")
        .order_by("renewal_due", "pk")
    )
    for agreement in home.renewals_due:
        steps.append(
            NextStep(
                f"Tell {agreement.recipient.name} whether “{agreement.title}” will be renewed",
                reverse("funding:renewal_new", args=[agreement.pk]),
                agreement.renewal_due,
            )
        )

    answered = set(
        SurveyAnswer.objects.filter(organisation=organisation).values_list("survey", flat=True)
    )
    home.surveys = list(
        Survey.objects.filter(compact__in=approved_in, opens_on__lte=today, closes_on__gte=today)
        .select_related("compact")
        .order_by("closes_on", "pk")
    )
    for survey in home.surveys:
        survey.answered = survey.pk in answered
        if not survey.answered:
            steps.append(
                NextStep(
                    f"Answer the {survey.compact.name}'s “{survey.title}”",
                    reverse("partnership:survey_answer", args=[survey.pk]),
                    survey.closes_on,
                )
            )

    home.cases = list(
        (
            Case.objects.filter(complainant=organisation)
            | Case.objects.filter(respondent=organisation)
        )
        .filter(state=Case.State.OPEN)
        .select_related("compact", "complainant", "respondent")
        .order_by("initial_contact_on", "pk")
    )
    # a case's dates are the officers' and the panel's to keep: listed, not set as a task
    steps.sort(key=lambda step: (step.due is None, step.due or today))
    return home


def homes_for(user, today: date) -> list[OrganisationHome]:
    """A home section for each organisation this person is a contact for, by name."""
    organisations = Organisation.objects.filter(pk__in=user.organisation_ids()).order_by("name")
    return [organisation_home(organisation, today) for organisation in organisations]
