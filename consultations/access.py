"""Who may see and run consultations: anyone sees a published one; the lead body's contacts and
the Compact's officers run it, and only they see it while it is a draft."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import User
from signatories import access as signatories_access
from signatories.models import Compact, Organisation, Signature

from .models import Consultation

Status = Consultation.Status


def _runs(user: User) -> Q:
    if user.is_superuser and user.is_active:
        return Q()  # every Compact's officer: no list of 300 ids for the planner to weigh
    return Q(lead_body__in=user.organisation_ids()) | Q(compact__in=user.officer_compact_ids())


def visible_to(user: User) -> QuerySet[Consultation]:
    """Published consultations, and the drafts this person runs."""
    scope = ~Q(status=Status.DRAFT)
    if user.is_authenticated:
        scope |= _runs(user)
    return Consultation.objects.filter(scope)


def run_by(user: User) -> QuerySet[Consultation]:
    """The consultations this person runs, drafts included."""
    if not user.is_authenticated:
        return Consultation.objects.none()
    return Consultation.objects.filter(_runs(user))


def may_view(user: User, consultation: Consultation) -> bool:
    """Anyone may see a published consultation; a draft only those who run it."""
    return consultation.status != Status.DRAFT or may_change(user, consultation)


def may_change(user: User, consultation: Consultation) -> bool:
    """The lead body's contacts and the Compact's officers run a consultation."""
    return may_draft_for(user, lead_body=consultation.lead_body, compact=consultation.compact)


def may_draft(user: User) -> bool:
    """Contacts of an approved public body and Compact officers may draft consultations."""
    return user.is_authenticated and (
        user.is_compact_officer or signatories_access.public_bodies_acting_for(user).exists()
    )


def may_draft_for(user: User, *, lead_body: Organisation, compact: Compact) -> bool:
    """A consultation of this lead body in this Compact: its officers, or the body's contacts
    once an officer has approved the body's signature of that Compact."""
    return user.is_authenticated and (
        user.is_compact_officer_for(compact)
        or signatories_access.acts_as_signatory(user, lead_body, compact)
    )


def may_respond_for(user: User | None, organisation: Organisation | None) -> bool:
    """An organisation's contacts respond on its behalf once it is on a published list."""
    return (
        user is not None
        and organisation is not None
        and organisations_responding(user).filter(pk=organisation.pk).exists()
    )


def organisations_responding(user: User) -> QuerySet[Organisation]:
    """The organisations this person may respond for: theirs, once approved."""
    return signatories_access.approved_organisations_of(user)


def may_summarise(user: User, consultation: Consultation) -> bool:
    """The summary of responses names who responded: only those who run the consultation."""
    return may_change(user, consultation)


def alert_signatures(user: User) -> QuerySet[Signature]:
    """The signatures whose contact may hear of forthcoming consultations: this person's
    organisations' places on a Compact's published list (a pending sign-up has none)."""
    if not user.is_authenticated:
        return Signature.objects.none()
    return (
        Signature.objects.filter(
            organisation__in=user.organisation_ids(), state=Signature.State.APPROVED
        )
        .select_related("organisation", "compact")
        .order_by("compact__name", "organisation__name")
    )
