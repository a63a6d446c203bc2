"""Who may see and act for what: organisations, signatures, reviews and change requests.

Built on the role lookups of the User model (accounts): a contact acts for an organisation; a
Compact officer runs their Compacts (a superuser runs every one) and decides their sign-ups,
reviews and change requests. Views, services and the admin ask here rather than test roles.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import User

from .models import (
    Compact,
    CompactReview,
    Organisation,
    OrganisationChangeRequest,
    ReferenceGroupMember,
    Sector,
    Signature,
)

# Organisations


def public_organisations() -> QuerySet[Organisation]:
    """Organisations with a public page: those a Compact officer has published at some time.

    A never-approved (pending or rejected) sign-up is nobody's business but its own contacts'
    and the officers': anyone could register any name. One published and since withdrawn or
    lapsed keeps its page, which says it is no longer on the list.
    """
    published = Signature.objects.filter(signed_on__isnull=False).values("organisation")
    return Organisation.objects.filter(pk__in=published)


def organisations_shown_to(user: User) -> QuerySet[Organisation]:
    """Organisation pages this person may open: the published ones, their own organisations'
    (to follow their sign-up) and, for an officer, those that asked to sign their Compacts."""
    if not user.is_authenticated:
        return public_organisations()
    published = Signature.objects.filter(signed_on__isnull=False).values("organisation")
    asked = Signature.objects.filter(compact__in=user.officer_compact_ids()).values("organisation")
    return Organisation.objects.filter(
        Q(pk__in=published) | Q(pk__in=user.organisation_ids()) | Q(pk__in=asked)
    )


def approved_in(organisation: Organisation, compact: Compact) -> bool:
    """Whether an officer has approved the organisation's signature of this Compact."""
    return organisation.signatures.filter(compact=compact, state=Signature.State.APPROVED).exists()


def acts_as_signatory(user: User, organisation: Organisation, compact: Compact) -> bool:
    """Approval gates power: a contact acts for their organisation in a Compact (publishes,
    funds, gives notice, answers) only once an officer has approved its signature there."""
    return (
        user.is_authenticated
        and user.is_contact_for(organisation)
        and approved_in(organisation, compact)
    )


def sign_ups_waiting(user: User) -> QuerySet[Signature]:
    """Their organisations' sign-ups still waiting for an officer: why they cannot act yet."""
    if not user.is_authenticated:
        return Signature.objects.none()
    return Signature.objects.filter(
        organisation__in=user.organisation_ids(), state=Signature.State.PENDING
    ).select_related("organisation", "compact")


def not_yet_approved_message(user: User, what: str) -> str | None:
    """Why this person cannot `what` yet, if a sign-up of theirs is waiting; else None."""
    waiting = sign_ups_waiting(user).first()
    if waiting is None:
        return None
    return (
        f"{waiting.organisation.name}'s sign-up to the {waiting.compact.name} is waiting for a "
        f"Compact officer to approve it. Once it is approved you can {what} for it here; we "
        "will email you when that happens."
    )


def approved_organisations_of(user: User) -> QuerySet[Organisation]:
    """The organisations this person is a contact for that are on some Compact's published list."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    approved = Signature.objects.filter(
        organisation__in=user.organisation_ids(), state=Signature.State.APPROVED
    ).values("organisation")
    return Organisation.objects.filter(pk__in=approved).order_by("name")


def may_act_for(user: User, organisation: Organisation) -> bool:
    """A contact acts for their organisation: edits it, manages its contacts and signatures."""
    return user.is_authenticated and user.is_contact_for(organisation)


def organisations_acting_for(user: User) -> QuerySet[Organisation]:
    """The organisations this person is a contact for, by name."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=user.organisation_ids()).order_by("name")


def organisations_run_by(user: User) -> QuerySet[Organisation]:
    """Organisations an officer sees in the admin: those that signed (or asked to sign) their
    Compacts, whatever became of the signature; a superuser sees all."""
    if not runs_a_compact(user):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    signed = Signature.objects.filter(compact__in=user.officer_compact_ids()).values("organisation")
    return Organisation.objects.filter(pk__in=signed)


def public_bodies_acting_for(user: User) -> QuerySet[Organisation]:
    """Public bodies this person may act for: their own once approved in a Compact, or any
    approved in the Compacts they run."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    own = approved_organisations_of(user).filter(sector=Sector.PUBLIC).values("pk")
    run = Signature.objects.filter(
        compact__in=user.officer_compact_ids(), state=Signature.State.APPROVED
    ).values("organisation")
    return Organisation.objects.filter(
        Q(pk__in=own) | Q(pk__in=run, sector=Sector.PUBLIC)
    ).order_by("name")


# Compacts


def compacts_acting_in(user: User) -> QuerySet[Compact]:
    """Compacts whose published list holds one of their organisations, or that they run."""
    signed = Signature.objects.filter(
        organisation__contacts__user=user, state=Signature.State.APPROVED
    ).values("compact")
    return Compact.objects.filter(Q(pk__in=signed) | Q(pk__in=user.officer_compact_ids())).order_by(
        "name"
    )


def runs_a_compact(user: User) -> bool:
    """Compact officers (and superusers): the admin opens to them."""
    return user.is_authenticated and bool(user.officer_compact_ids())


def may_run(user: User, compact: Compact) -> bool:
    """An officer of this Compact: decides its sign-ups, records its reviews, edits its text."""
    return user.is_authenticated and user.is_compact_officer_for(compact)


def may_add_compact(user: User) -> bool:
    """A new Compact is set up by the portal's administrators (superusers), not its officers."""
    return user.is_authenticated and user.is_superuser


def may_appoint_officers(user: User) -> bool:
    """Compact officers are appointed by the portal's administrators (superusers)."""
    return user.is_authenticated and user.is_superuser


def may_add_organisation_in_admin(user: User) -> bool:
    """Organisations register through the sign-up journey; only a superuser adds one in the
    admin (an officer's new organisation, with no signature, would fall outside their view)."""
    return user.is_authenticated and user.is_superuser


def may_edit_commitments(user: User, compact: Compact | None) -> bool:
    """A Compact's commitments are edited by its officers (None: a Compact not saved yet)."""
    return runs_a_compact(user) if compact is None else may_run(user, compact)


# Signatures


def signatures_run_by(user: User) -> QuerySet[Signature]:
    """Signatures an officer sees in the admin: their Compacts'; a superuser sees all."""
    if not runs_a_compact(user):
        return Signature.objects.none()
    if user.is_superuser:
        return Signature.objects.all()
    return Signature.objects.filter(compact__in=user.officer_compact_ids())


def may_sign_for(user: User, organisation: Organisation | None) -> bool:
    """Anyone signed in signs up a new organisation (None); an existing one, its contacts."""
    if organisation is None:
        return user.is_authenticated
    return may_act_for(user, organisation)


def may_add_signature(user: User, organisation: Organisation, compact: Compact) -> bool:
    """An officer records a sign-up received another way, for an organisation in their view."""
    return may_run(user, compact) and (
        user.is_superuser or organisations_run_by(user).filter(pk=organisation.pk).exists()
    )


def may_decide(user: User, signature: Signature) -> bool:
    """Approve or reject a sign-up: an officer of its Compact."""
    return may_run(user, signature.compact)


def may_withdraw(user: User, signature: Signature) -> bool:
    """The organisation's contacts withdraw its signature; so may an officer of the Compact."""
    return may_act_for(user, signature.organisation) or may_run(user, signature.compact)


def may_recommit(user: User, signature: Signature) -> bool:
    """Re-committing after a review is the organisation's own act: its contacts only."""
    return may_act_for(user, signature.organisation)


# Reviews and change requests


def reviews_run_by(user: User) -> QuerySet[CompactReview]:
    """Reviews an officer sees in the admin: their Compacts'; a superuser sees all."""
    if not runs_a_compact(user):
        return CompactReview.objects.none()
    if user.is_superuser:
        return CompactReview.objects.all()
    return CompactReview.objects.filter(compact__in=user.officer_compact_ids())


def may_record_review(user: User, compact: Compact) -> bool:
    """A review of a Compact is recorded by its officers."""
    return may_run(user, compact)


def change_requests_run_by(user: User) -> QuerySet[OrganisationChangeRequest]:
    """Change requests an officer sees: those of organisations that signed their Compacts."""
    if not runs_a_compact(user):
        return OrganisationChangeRequest.objects.none()
    if user.is_superuser:
        return OrganisationChangeRequest.objects.all()
    return OrganisationChangeRequest.objects.filter(organisation__in=organisations_run_by(user))


def may_decide_change_request(user: User, request: OrganisationChangeRequest) -> bool:
    """A change of name or numbers is decided by an officer of a Compact the organisation
    signed (or asked to sign), or by a superuser."""
    if not user.is_authenticated:
        return False
    signed = set(request.organisation.signatures.values_list("compact_id", flat=True))
    return user.is_superuser or bool(signed & user.officer_compact_ids())


# Reference groups


def seats_of(user: User) -> QuerySet[ReferenceGroupMember]:
    """The reference group seats this person holds now."""
    if not user.is_authenticated:
        return ReferenceGroupMember.objects.none()
    return ReferenceGroupMember.objects.filter(user=user, active=True)


def may_declare_link(user: User, member: ReferenceGroupMember) -> bool:
    """A member declares their own links; an officer of the Compact may record them too."""
    return user.is_authenticated and (member.user_id == user.pk or may_run(user, member.compact))
