"""State changes of collaborative projects and survey answers."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import access
from .models import CollaborativeProject, Survey, SurveyAnswer


@transaction.atomic
def submit_project(
    *, by, compact, title, description, partners, started_on
) -> CollaborativeProject:
    """A contact records a project between sectors; an officer approves it before it counts."""
    if not access.may_record_project_with(by, partners):
        raise PermissionDenied("One of the partners must be your own organisation.")
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
