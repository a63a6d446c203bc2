"""Who may record a collaborative project, decide it, answer a survey and see its results."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from accounts.models import User
from signatories import access as signatories_access
from signatories.models import Compact, Organisation, Signature

from .models import CollaborativeProject, Survey


def may_record_projects(user: User) -> bool:
    """Contacts of an organisation, reference group members and Compact officers record
    projects (an officer approves them before they count)."""
    return user.is_authenticated and (
        user.is_organisation_contact or user.is_reference_group_member or user.is_compact_officer
    )


def _watches(user: User, compact: Compact) -> bool:
    """The Compact's reference group members and officers record any of its projects."""
    return compact.pk in user.reference_group_compact_ids() or user.is_compact_officer_for(compact)


def may_record_project_with(
    user: User, partners: Iterable[Organisation], compact: Compact | None = None
) -> bool:
    """A contact's own organisation must be a partner; the Compact's reference group and
    officers record projects between any of its signatories."""
    if not user.is_authenticated:
        return False
    if compact is not None and _watches(user, compact):
        return True
    return bool({p.pk for p in partners} & user.organisation_ids())


def partners_off_the_list(compact, partners: Iterable[Organisation]) -> list[Organisation]:
    """The partners not on the project's Compact's published list: a project is recorded for
    organisations whose sign-up to that Compact an officer approved, the recorder's own included
    (a sign-up still waiting, or one to another Compact, gives no standing here)."""
    listed = set(
        Signature.objects.filter(
            compact=compact, state=Signature.State.APPROVED, organisation__in=list(partners)
        ).values_list("organisation", flat=True)
    )
    return [p for p in partners if p.pk not in listed]


def partner_choices(user: User) -> QuerySet[Organisation]:
    """Organisations a person may name as partners: those on the published list of a Compact
    their organisations signed, whose reference group they sit on or that they run, the first
    300 by name."""
    signed = Signature.objects.filter(
        organisation__in=signatories_access.organisations_acting_for(user),
        state=Signature.State.APPROVED,
    ).values("compact")
    watched = {*user.reference_group_compact_ids(), *user.officer_compact_ids()}
    first = (
        Organisation.objects.filter(
            Q(signatures__compact__in=signed) | Q(signatures__compact__in=watched),
            signatures__state=Signature.State.APPROVED,
        )
        .distinct()
        .order_by("name")
        .values_list("pk", flat=True)[:300]
    )
    # the ids, not the sliced query: the form filters its choices again to check an answer
    return Organisation.objects.filter(pk__in=list(first)).order_by("name")


def may_invite(user: User, survey: Survey) -> bool:
    """Survey invitations are sent by an officer of the survey's Compact."""
    return signatories_access.may_run(user, survey.compact)


def may_decide(user: User, project: CollaborativeProject) -> bool:
    """A project is approved or rejected by an officer of its Compact."""
    return signatories_access.may_run(user, project.compact)


def organisations_answering(user: User, survey: Survey) -> QuerySet[Organisation]:
    """The organisations this person may answer the survey for: those they are a contact of
    that are on the survey's Compact's published list."""
    signed = Signature.objects.filter(
        compact=survey.compact_id, state=Signature.State.APPROVED
    ).values("organisation")
    return signatories_access.organisations_acting_for(user).filter(pk__in=signed)


def may_answer(user: User, survey: Survey, organisation: Organisation) -> bool:
    """A contact answers for an organisation on the Compact's published list."""
    return organisations_answering(user, survey).filter(pk=organisation.pk).exists()
