"""State changes of collaborative projects and survey answers."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.emails import absolute, send
from signatories.models import OrganisationContact, Signature

from . import access
from .models import CollaborativeProject, Survey, SurveyAnswer


@transaction.atomic
def submit_project(
    *, by, compact, title, description, partners, started_on
) -> CollaborativeProject:
    """A contact records a project between sectors; an officer approves it before it counts."""
    if not access.may_record_project_with(by, partners, compact):
        raise PermissionDenied(
            "One of the partners must be your own organisation, unless you sit on the "
            "Compact's reference group or run it."
        )
    off_the_list = access.partners_off_the_list(compact, partners)
    if off_the_list:
        names = ", ".join(p.name for p in off_the_list)
        raise ValidationError(
            {"partners": f"Not on the {compact.name}'s published list, so not a partner: {names}."}
        )
    if len({p.sector for p in partners}) < 2:
        raise ValidationError(
            {"partners": "A collaborative project has partners from at least two sectors."}
        )
    project = CollaborativeProject.objects.create(
        compact=compact,
        title=title,
        description=description,
        started_on=started_on,
        submitted_by=by,
    )
    project.partners.set(partners)
    return project


@transaction.atomic
def decide_project(project: CollaborativeProject, *, by, approve: bool) -> CollaborativeProject:
    """An officer of the project's Compact approves it (it counts on the dashboard) or not."""
    if not access.may_decide(by, project):
        raise PermissionDenied(f"You are not an officer of the {project.compact.name}.")
    if project.state != CollaborativeProject.State.PENDING:
        raise ValidationError("This project has already been decided.")
    project.state = (
        CollaborativeProject.State.APPROVED if approve else CollaborativeProject.State.REJECTED
    )
    project.save(update_fields=["state"])
    return project


def answer_survey(
    *, survey: Survey, by, organisation, ratings: dict, today: date | None = None
) -> SurveyAnswer:
    """A signatory's contact answers once for their organisation, while the survey is open."""
    today = today or timezone.localdate()
    if not access.may_answer(by, survey, organisation):
        raise PermissionDenied(
            "Answer for an organisation you are a contact for, on the Compact's published list."
        )
    if not survey.opens_on <= today <= survey.closes_on:
        raise ValidationError("This survey is not open.")
    if set(ratings) != set(survey.questions) or any(r not in range(1, 6) for r in ratings.values()):
        raise ValidationError("Rate every question from 1 to 5.")
    try:
        with transaction.atomic():
            return SurveyAnswer.objects.create(
                survey=survey, organisation=organisation, answered_by=by, ratings=ratings
            )
    except IntegrityError:
        raise ValidationError(f"{organisation.name} has already answered this survey.") from None


@transaction.atomic
def invite_to_survey(*, survey: Survey, by) -> int:
    """Invite the contacts of every organisation on the Compact's published list to answer
    (Hertfordshire 3.19), through the outbox, once per survey. Returns the emails queued."""
    if not access.may_invite(by, survey):
        raise PermissionDenied(f"You are not an officer of the {survey.compact.name}.")
    # claimed with a conditional update: a double click or a second officer sends nothing
    claimed = Survey.objects.filter(pk=survey.pk, invited_at__isnull=True).update(
        invited_at=timezone.now()
    )
    if not claimed:
        return 0
    listed = Signature.objects.filter(
        compact=survey.compact_id, state=Signature.State.APPROVED
    ).values("organisation")
    contacts = (
        OrganisationContact.objects.filter(organisation__in=listed, user__is_active=True)
        .select_related("organisation", "user")
        .order_by("organisation__name", "user__email")
    )
    link = absolute(reverse("partnership:survey_answer", args=[survey.pk]))
    sent = 0
    for contact in contacts:
        sent += len(
            send(
                "partnership/emails/survey_invitation",
                f"{survey.compact.name}: {survey.title}",
                [contact.user.email],
                {"survey": survey, "organisation": contact.organisation, "link": link},
                about=survey,
                compact_id=survey.compact_id,
            )
        )
    return sent
