"""State changes of signatures, organisations and reference groups: one function each.

Every function checks who is acting, writes in a transaction, leaves a line in the object's
history (django-simple-history, with the reason) and queues its emails after commit.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.signin import normalised_address
from core import page_cache
from core.history import record_change

from . import access, emails, imports, rules
from .models import (
    Compact,
    CompactReview,
    ContactInvitation,
    DeclaredLink,
    Organisation,
    OrganisationChangeRequest,
    OrganisationContact,
    ReferenceGroupMember,
    SignatoryImport,
    Signature,
)
from .validators import name_key, names_are_similar

# A change to these needs an officer's approval: they say who the organisation is.
IDENTITY_FIELDS = ("name", "charity_number", "company_number", "other_id_scheme", "other_id")
# A contact's change to these waits for an officer too: they say what the organisation is, and
# what it may do (a public body publishes consultations and funds). An officer edits them in the
# admin directly, like any detail but the identity.
APPROVED_FIELDS = (*IDENTITY_FIELDS, "sector", "organisation_type")
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class DuplicateOrganisation(ValidationError):
    """The organisation is already registered: points at the existing record."""

    def __init__(self, existing: Organisation, why: str):
        self.existing = existing
        super().__init__(f"{why} is already registered to {existing.name}.")


def new_reference(prefix: str = "CP") -> str:
    """A short reference people can read out: CP-7KQ2M9XD."""
    return f"{prefix}-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def find_duplicate(*, data: dict, compact: Compact | None, exclude_pk: int | None = None):
    """An existing organisation that these details describe, or None.

    Same charity or company number anywhere, or a very similar name among the organisations
    that have signed (or asked to sign) the same Compact.
    """
    others = Organisation.objects.exclude(pk=exclude_pk) if exclude_pk else Organisation.objects
    for field, label in (
        ("charity_number", "This charity number"),
        ("company_number", "This company number"),
    ):
        value = data.get(field)
        if value:
            existing = others.filter(**{field: value}).first()
            if existing:
                return DuplicateOrganisation(existing, label)
    if data.get("other_id_scheme") and data.get("other_id"):
        existing = others.filter(
            other_id_scheme=data["other_id_scheme"], other_id__iexact=data["other_id"]
        ).first()
        if existing:
            return DuplicateOrganisation(existing, "This identifier")
    if compact is not None and data.get("name"):
        key = name_key(data["name"])
        first_word = key.split(" ")[0] if key else ""
        candidates = others.filter(
            signatures__compact=compact, name__icontains=first_word
        ).distinct()[:200]
        for candidate in candidates:
            if names_are_similar(candidate.name, data["name"]):
                return DuplicateOrganisation(candidate, "An organisation with a very similar name")
    return None


class AlreadyAContact(ValidationError):
    """The person is a contact for the organisation already: nothing to add."""


class InvitationUnusable(ValidationError):
    """An invitation link that cannot be used: forged, too old, withdrawn or used already."""


def live_signature(organisation: Organisation, compact: Compact) -> Signature | None:
    """The organisation's signature of the Compact that stands or waits to, if any."""
    return organisation.signatures.filter(compact=compact, state__in=Signature.LIVE).first()


def already_signed(live: Signature) -> ValidationError:
    """Why a second live signature of the same Compact is refused, with the first's reference."""
    return ValidationError(
        f"{live.organisation.name} has already signed up to the {live.compact.name} "
        f"({live.get_state_display().lower()}, reference {live.reference})."
    )


def _same_sign_up(organisation: Organisation, compact: Compact, by: User) -> Signature | None:
    """This person's own sign-up of the organisation, still waiting: a double submit's first."""
    live = live_signature(organisation, compact)
    if live is not None and live.state == Signature.State.PENDING and live.submitted_by_id == by.pk:
        return live
    return None


def _lock_compact(compact: Compact) -> Compact:
    # Sign-ups to one Compact queue behind each other (they are few): the second of two
    # identical requests waits here, then finds what the first made.
    return Compact.objects.select_for_update().get(pk=compact.pk)


def _new_signature(
    *,
    by: User,
    organisation: Organisation,
    compact: Compact,
    contact_name: str,
    contact_email: str,
    contact_role: str,
    pledges: str,
    reason: str,
    signed_on: date | None = None,
) -> Signature:
    """A new signature, waiting for approval; one signed already (`signed_on`, an import of
    the Compact's existing list) is published from that date, with nothing to acknowledge."""
    live = live_signature(organisation, compact)
    if live is not None:
        raise already_signed(live)
    now = timezone.now()
    signature = Signature(
        organisation=organisation,
        compact=compact,
        reference=new_reference(),
        contact_name=contact_name,
        contact_email=contact_email,
        contact_role=contact_role,
        submitted_by=by,
        submitted_at=now,
        pledges=pledges,
    )
    if signed_on is not None:
        signature.state = Signature.State.APPROVED
        signature.signed_on, signature.decided_at = signed_on, now
    record_change(signature, by=by, reason=reason)
    signature.full_clean(exclude=["organisation", "compact", "submitted_by"])
    signature.save()
    if signed_on is None:
        emails.signature_received(signature)
    return signature


@transaction.atomic
def submit_signature(
    *,
    by: User,
    compact: Compact,
    contact_name: str,
    contact_role: str,
    organisation: Organisation | None = None,
    organisation_data: dict | None = None,
    pledges: str = "",
) -> Signature:
    """Sign an organisation up to a Compact: a new or existing organisation, pending approval.

    Idempotent: the same person submitting the same sign-up again (a double click, a resent
    form) gets the sign-up already made.
    """
    if not access.may_sign_for(by, organisation):
        raise PermissionDenied(
            "Sign in to sign an organisation up."
            if organisation is None
            else "You are not a contact for this organisation."
        )
    compact = _lock_compact(compact)
    if organisation is None:
        duplicate = find_duplicate(data=organisation_data or {}, compact=compact)
        if duplicate is not None:
            earlier = _same_sign_up(duplicate.existing, compact, by)
            if earlier is not None:
                return earlier
            raise duplicate
        organisation = Organisation(**organisation_data)
        record_change(organisation, by=by, reason="Registered through online sign-up")
        organisation.full_clean()
        organisation.save()
        OrganisationContact.objects.create(user=by, organisation=organisation, role=contact_role)
    else:
        earlier = _same_sign_up(organisation, compact, by)
        if earlier is not None:
            return earlier
    if by.full_name != contact_name:
        by.full_name = contact_name
        by.save(update_fields=["full_name"])
    return _new_signature(
        by=by,
        organisation=organisation,
        compact=compact,
        contact_name=contact_name,
        contact_email=by.email,
        contact_role=contact_role,
        pledges=pledges,
        reason="Signed up online",
    )


@transaction.atomic
def add_signature_in_admin(
    *,
    by: User,
    organisation: Organisation,
    compact: Compact,
    contact_name: str,
    contact_email: str,
    contact_role: str = "",
    pledges: str = "",
) -> Signature:
    """An officer records a sign-up that came another way (on paper, by email): it waits for
    approval and is checked, recorded and acknowledged as one made online."""
    if not access.may_add_signature(by, organisation, compact):
        raise PermissionDenied(f"You are not an officer of the {compact.name}.")
    return _new_signature(
        by=by,
        organisation=organisation,
        compact=_lock_compact(compact),
        contact_name=contact_name,
        contact_email=contact_email,
        contact_role=contact_role,
        pledges=pledges,
        reason=f"Added by {by} in the admin",
    )


def _officer_check(signature: Signature, by: User) -> None:
    if not access.may_decide(by, signature):
        raise PermissionDenied(f"You are not an officer of the {signature.compact.name}.")


def _require_state(signature: Signature, *states: str) -> None:
    if signature.state not in states:
        raise ValidationError(
            f"Signature {signature.reference} is {signature.get_state_display().lower()}, "
            "so it cannot change that way."
        )


@transaction.atomic
def approve_signature(signature: Signature, *, by: User) -> Signature:
    """Publish a pending signature: the organisation joins the published list."""
    _officer_check(signature, by)
    signature = Signature.objects.select_for_update().get(pk=signature.pk)
    _require_state(signature, Signature.State.PENDING)
    signature.state = Signature.State.APPROVED
    signature.decided_at = timezone.now()
    signature.signed_on = timezone.localdate()
    record_change(signature, by=by, reason="Approved")
    signature.save()
    emails.signature_approved(signature)
    return signature


@transaction.atomic
def reject_signature(signature: Signature, *, by: User, reason: str) -> Signature:
    """Turn a pending signature down, saying why."""
    _officer_check(signature, by)
    if not reason.strip():
        raise ValidationError("Enter the reason for rejecting the sign-up.")
    signature = Signature.objects.select_for_update().get(pk=signature.pk)
    _require_state(signature, Signature.State.PENDING)
    signature.state = Signature.State.REJECTED
    signature.decided_at = timezone.now()
    signature.rejection_reason = reason.strip()
    record_change(signature, by=by, reason=f"Rejected: {reason.strip()}")
    signature.save()
    emails.signature_rejected(signature)
    return signature


@transaction.atomic
def withdraw_signature(signature: Signature, *, by: User) -> Signature:
    """The organisation takes its signature back (pending or published)."""
    if not access.may_withdraw(by, signature):
        raise PermissionDenied("Only the organisation's contacts can withdraw its signature.")
    signature = Signature.objects.select_for_update().get(pk=signature.pk)
    _require_state(signature, *Signature.LIVE)
    signature.state = Signature.State.WITHDRAWN
    signature.decided_at = timezone.now()
    record_change(signature, by=by, reason="Withdrawn by the organisation")
    signature.save()
    return signature


@transaction.atomic
def record_review(*, compact: Compact, by: User, reviewed_on: date, summary: str) -> CompactReview:
    """Record a review of the Compact and invite the signatories it asks to re-commit (003)."""
    if not access.may_record_review(by, compact):
        raise PermissionDenied(f"You are not an officer of the {compact.name}.")
    compact = _lock_compact(compact)
    review = CompactReview(
        compact=compact, reviewed_on=reviewed_on, summary=summary, recorded_by=by
    )
    record_change(review, by=by, reason="Review recorded")
    review.save()
    compact.reviewed_on = reviewed_on
    compact.review_due_on = rules.next_review_on(reviewed_on, compact.adopted_on)
    record_change(compact, by=by, reason="Reviewed")
    compact.save(update_fields=["reviewed_on", "review_due_on"])
    refresh_recommit_dates(compact)
    # Only those the review asks: not an organisation that signed the reviewed Compact today.
    invited = list(
        Signature.objects.filter(
            compact=compact, state=Signature.State.APPROVED, recommit_due__isnull=False
        ).select_related("organisation", "compact")
    )
    emails.recommit_invitations(review, invited)
    return review


def refresh_recommit_dates(compact: Compact) -> int:
    """Work the re-commit dates of a Compact's reviews and signatures out again, after a review
    or a change of its period; returns how many signatures' dates changed.

    Each row's own refresh_verdicts() does the work; the rows are written in bulk, without a
    history line each (the review or the Compact's change is recorded).
    """
    reviews = list(CompactReview.objects.filter(compact=compact))
    for review in reviews:
        review.compact = compact
        review.refresh_verdicts()
    CompactReview.objects.bulk_update(reviews, ["recommit_by"])
    latest = CompactReview.latest_of(compact.pk)
    changed = []
    signatures = Signature.objects.filter(compact=compact).filter(
        Q(state__in=[Signature.State.APPROVED, Signature.State.LAPSED])
        | Q(recommit_due__isnull=False)
    )
    for signature in signatures.only(
        "pk", "compact_id", "state", "signed_on", "recommitted_on", "recommit_due"
    ):
        before = signature.recommit_due
        signature.compact = compact
        signature.refresh_verdicts(review=latest)
        if signature.recommit_due != before:
            changed.append(signature)
    Signature.objects.bulk_update(changed, ["recommit_due"], batch_size=500)
    page_cache.changed([compact.pk])  # bulk writes fire no signals
    return len(changed)


@transaction.atomic
def recommit_signature(signature: Signature, *, by: User, today: date | None = None) -> Signature:
    """The organisation re-commits to the Compact after a review."""
    if not access.may_recommit(by, signature):
        raise PermissionDenied("Only the organisation's contacts can re-commit.")
    signature = Signature.objects.select_for_update().get(pk=signature.pk)
    _require_state(signature, Signature.State.APPROVED)
    signature.recommitted_on = today or timezone.localdate()
    record_change(signature, by=by, reason="Re-committed after review")
    signature.save()
    return signature


def signatures_to_lapse(today: date):
    """Published signatures whose re-commit date has passed."""
    return Signature.objects.filter(state=Signature.State.APPROVED, recommit_due__lt=today)


@transaction.atomic
def lapse_signature(signature: Signature, *, today: date) -> Signature | None:
    """Take a signature off the published list: not re-committed in time after a review."""
    signature = Signature.objects.select_for_update().get(pk=signature.pk)
    if signature.state != Signature.State.APPROVED or not signature.recommit_due:
        return None
    if signature.recommit_due >= today:
        return None
    signature.state = Signature.State.LAPSED
    signature.decided_at = timezone.now()
    record_change(
        signature, by=None, reason=f"Lapsed: not re-committed by {signature.recommit_due}"
    )
    signature.save()
    emails.signature_lapsed(signature)
    return signature


def lapse_overdue_signatures(today: date) -> int:
    """Lapse every signature past its re-commit date; returns how many lapsed."""
    return sum(1 for s in signatures_to_lapse(today) if lapse_signature(s, today=today))


@transaction.atomic
def update_organisation(*, organisation: Organisation, by: User, data: dict):
    """Save a contact's edits: other details at once, identity changes to an officer.

    Returns the change request when one was needed, else None.
    """
    if not access.may_act_for(by, organisation):
        raise PermissionDenied("You are not a contact for this organisation.")
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    identity = {
        f: data[f] for f in APPROVED_FIELDS if f in data and data[f] != getattr(organisation, f)
    }
    if identity:
        duplicate = find_duplicate(data=identity, compact=None, exclude_pk=organisation.pk)
        if duplicate is not None:
            raise duplicate
    for field, value in data.items():
        if field not in APPROVED_FIELDS:
            setattr(organisation, field, value)
    record_change(organisation, by=by, reason="Details edited by a contact")
    organisation.full_clean()
    organisation.save()
    if not identity:
        return None
    waiting = organisation.change_requests.filter(
        state=OrganisationChangeRequest.State.PENDING, changes=identity
    ).first()
    if waiting is not None:
        return waiting  # the same change submitted twice
    request = OrganisationChangeRequest(
        organisation=organisation, changes=identity, requested_by=by
    )
    record_change(request, by=by, reason="Requested")
    request.save()
    return request


def _change_request_officer_check(request: OrganisationChangeRequest, by: User) -> None:
    if not access.may_decide_change_request(by, request):
        raise PermissionDenied("You are not an officer of a Compact this organisation signed.")


@transaction.atomic
def approve_change_request(request: OrganisationChangeRequest, *, by: User) -> Organisation:
    """Apply a requested change of name or registered numbers."""
    _change_request_officer_check(request, by)
    request = OrganisationChangeRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != OrganisationChangeRequest.State.PENDING:
        raise ValidationError("This change has already been decided.")
    organisation = request.organisation
    for field, value in request.changes.items():
        if field in APPROVED_FIELDS:
            setattr(organisation, field, value)
    record_change(organisation, by=by, reason="Change of name or numbers approved")
    organisation.full_clean()
    organisation.save()
    request.state = OrganisationChangeRequest.State.APPROVED
    request.decided_by, request.decided_at = by, timezone.now()
    record_change(request, by=by, reason="Approved")
    request.save()
    return organisation


@transaction.atomic
def reject_change_request(request: OrganisationChangeRequest, *, by: User, reason: str):
    """Refuse a requested change of name or registered numbers."""
    _change_request_officer_check(request, by)
    if not reason.strip():
        raise ValidationError("Enter the reason for rejecting the change.")
    request = OrganisationChangeRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != OrganisationChangeRequest.State.PENDING:
        raise ValidationError("This change has already been decided.")
    request.state = OrganisationChangeRequest.State.REJECTED
    request.rejection_reason = reason.strip()
    request.decided_by, request.decided_at = by, timezone.now()
    record_change(request, by=by, reason=f"Rejected: {reason.strip()}")
    request.save()
    return request


INVITATION_SALT = "signatories.contact_invitation"
# Inviting the same address again within this sends nothing more (a double click).
RESEND_AFTER = timedelta(minutes=1)


def invitation_days() -> int:
    """How long an invitation to become a contact can be accepted."""
    return settings.CONTACT_INVITATION_DAYS


def invitation_token(invitation: ContactInvitation) -> str:
    """The signed token in an invitation's link: it names the invitation and its address."""
    return signing.dumps({"i": invitation.pk, "e": invitation.email}, salt=INVITATION_SALT)


def invitation_from(token: str) -> ContactInvitation:
    """The invitation a token names, whatever its state; InvitationUnusable if the link is
    forged, too old or names another address than the invitation's."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=invitation_days() * 24 * 3600)
    except signing.BadSignature:
        raise InvitationUnusable("This link does not work: it is incomplete or too old.") from None
    invitation = (
        ContactInvitation.objects.select_related("organisation", "invited_by")
        .filter(pk=data.get("i"), email=data.get("e"))
        .first()
    )
    if invitation is None:
        raise InvitationUnusable("This link does not work: it is incomplete or too old.")
    return invitation


def why_unusable(invitation: ContactInvitation) -> str | None:
    """Why an invitation can no longer be accepted, or None while it can."""
    if invitation.state == ContactInvitation.State.ACCEPTED:
        return "This invitation has been accepted already."
    if invitation.state == ContactInvitation.State.WITHDRAWN:
        return f"{invitation.organisation.name} has withdrawn this invitation."
    if invitation.has_expired:
        return "This invitation is too old. Ask the organisation to invite you again."
    return None


@transaction.atomic
def invite_contact(
    organisation: Organisation,
    email: str,
    *,
    invited_by: User | None = None,
    role: str = "",
    reason: str = "Invited to be a contact",
) -> ContactInvitation:
    """Invite an address to act for the organisation: it becomes a contact only when someone
    signed in as that address accepts through the emailed link.

    Nothing here looks the address up among accounts, so the inviter's answer and the
    contacts page are the same whatever it holds (issue 19). `invited_by` None is the portal
    itself (an import, a command): an organisation with no contacts yet gets its first one
    this way. Inviting an address already invited sends a fresh link and keeps one invitation.
    """
    if invited_by is not None and not access.may_invite_contact(invited_by, organisation):
        raise PermissionDenied("You are not a contact for this organisation.")
    email = normalised_address(email)
    # The organisation's row is the lock: two identical requests queue here, and the second
    # finds the first's invitation.
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.contacts.filter(user__email__iexact=email).exists():
        # the inviter sees the organisation's contacts already: this tells them nothing new
        raise AlreadyAContact(f"{email} is already a contact for {organisation.name}.")
    now = timezone.now()
    invitation = organisation.contact_invitations.filter(
        email__iexact=email, state=ContactInvitation.State.PENDING
    ).first()
    if invitation is None:
        invitation = ContactInvitation(organisation=organisation, email=email)
    elif invitation.invited_at > now - RESEND_AFTER:
        return invitation  # a double click, or the form sent again: one email is enough
    else:
        reason = "Invitation sent again"
    invitation.role = role.strip() or invitation.role
    invitation.invited_by = invited_by
    invitation.invited_at = now
    invitation.expires_at = now + timedelta(days=invitation_days())
    record_change(invitation, by=invited_by, reason=reason)
    invitation.save()
    emails.contact_invited(invitation, path=invitation_path(invitation))
    return invitation


def invitation_path(invitation: ContactInvitation) -> str:
    """The page the invitation's link opens (its token is the only key to it)."""
    return reverse("signatories:invitation", args=[invitation_token(invitation)])


@transaction.atomic
def accept_invitation(*, token: str, by: User) -> OrganisationContact:
    """The invited person, signed in as the invited address, becomes a contact (once)."""
    invitation = invitation_from(token)
    if not access.may_accept_invitation(by, invitation):
        raise PermissionDenied(f"This invitation is for {invitation.email}.")
    # the same lock order as invite_contact and remove_contact: the organisation, then the row
    organisation = Organisation.objects.select_for_update().get(pk=invitation.organisation_id)
    invitation = ContactInvitation.objects.select_for_update().get(pk=invitation.pk)
    problem = why_unusable(invitation)
    if problem:
        raise InvitationUnusable(problem)
    contact = organisation.contacts.filter(user=by).first()
    if contact is None:
        contact = OrganisationContact(user=by, organisation=organisation, role=invitation.role)
        inviter = invitation.invited_by or "the Compact Portal"
        record_change(contact, by=by, reason=f"Accepted an invitation from {inviter}")
        contact.save()
    invitation.state = ContactInvitation.State.ACCEPTED
    invitation.decided_at, invitation.accepted_by = timezone.now(), by
    record_change(invitation, by=by, reason="Accepted")
    invitation.save()
    return contact


@transaction.atomic
def withdraw_invitation(*, invitation: ContactInvitation, by: User) -> ContactInvitation:
    """An organisation's contact takes back an invitation nobody has accepted yet."""
    if not access.may_invite_contact(by, invitation.organisation):
        raise PermissionDenied("You are not a contact for this organisation.")
    invitation = ContactInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != ContactInvitation.State.PENDING:
        raise ValidationError(
            f"The invitation to {invitation.email} is {invitation.get_state_display().lower()}."
        )
    invitation.state = ContactInvitation.State.WITHDRAWN
    invitation.decided_at = timezone.now()
    record_change(invitation, by=by, reason="Withdrawn")
    invitation.save()
    return invitation


@transaction.atomic
def remove_contact(*, contact: OrganisationContact, by: User) -> None:
    """Stop someone acting for the organisation; the last contact cannot be removed."""
    organisation = contact.organisation
    if not access.may_act_for(by, organisation):
        raise PermissionDenied("You are not a contact for this organisation.")
    # Two contacts removing each other at once: the second waits here, then counts one left.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if not organisation.contacts.filter(pk=contact.pk).exists():
        raise ValidationError(f"{contact.user.email} is no longer a contact.")
    if organisation.contacts.count() <= 1:
        raise ValidationError("An organisation needs at least one contact.")
    record_change(contact, by=by, reason="Removed as a contact")
    contact.delete()


@transaction.atomic
def declare_link(
    *,
    member: ReferenceGroupMember,
    organisation: Organisation,
    description: str,
    by: User,
    today: date | None = None,
) -> DeclaredLink:
    """Record a link a reference group member has with an organisation (004 11.2.6)."""
    if not access.may_declare_link(by, member):
        raise PermissionDenied("Only the member or an officer of the Compact can declare links.")
    ReferenceGroupMember.objects.select_for_update().filter(pk=member.pk).first()
    if DeclaredLink.objects.filter(member=member, organisation=organisation).exists():
        raise ValidationError(f"A link with {organisation.name} is already declared.")
    link = DeclaredLink(
        member=member,
        organisation=organisation,
        description=description,
        declared_on=today or timezone.localdate(),
        recorded_by=by,
    )
    record_change(link, by=by, reason="Declared")
    link.save()
    return link


# Importing a Compact's existing signatories from a spreadsheet


def _import_officer_check(by: User, compact: Compact) -> None:
    if not access.may_import(by, compact):
        raise PermissionDenied(f"You are not an officer of the {compact.name}.")


@transaction.atomic
def upload_signatories(*, by: User, compact: Compact, upload) -> SignatoryImport:
    """Keep an uploaded spreadsheet's rows, with its columns matched where the headings say
    which is which. Nothing is imported yet."""
    _import_officer_check(by, compact)
    headers, rows = imports.read_file(upload)
    record = SignatoryImport(
        compact=compact,
        uploaded_by=by,
        file_name=upload.name[:255],
        headers=headers,
        rows=rows,
        mapping=imports.guess_mapping(headers),
    )
    record_change(record, by=by, reason=f"Uploaded by {by}")
    record.save()
    return record


def _locked_import(record: SignatoryImport, *states: str) -> SignatoryImport:
    record = SignatoryImport.objects.select_for_update().get(pk=record.pk)
    if record.state not in states:
        raise ValidationError(
            f"This import is {record.get_state_display().lower()}, so it cannot change that way."
        )
    return record


@transaction.atomic
def preview_import(
    record: SignatoryImport, *, by: User, mapping: dict[str, str], today: date | None = None
) -> SignatoryImport:
    """Match the file's columns to fields and work out what each row would do."""
    _import_officer_check(by, record.compact)
    record = _locked_import(record, SignatoryImport.State.UPLOADED, SignatoryImport.State.PREVIEWED)
    mapping = {field: column for field, column in mapping.items() if column}
    problems = imports.check_mapping(record.headers, mapping)
    if problems:
        raise ValidationError(problems)
    record.mapping = mapping
    record.plan = imports.plan_rows(
        record.headers,
        record.rows,
        mapping,
        compact=record.compact,
        today=today or timezone.localdate(),
    )
    record.state = SignatoryImport.State.PREVIEWED
    record_change(record, by=by, reason=f"Previewed by {by}")
    record.save()
    return record


@transaction.atomic
def confirm_import(record: SignatoryImport, *, by: User) -> SignatoryImport:
    """The officer has seen the preview: import its good rows (in a task, after the commit)."""
    from .tasks import run_signatory_import

    _import_officer_check(by, record.compact)
    record = _locked_import(record, SignatoryImport.State.PREVIEWED)
    record.state = SignatoryImport.State.IMPORTING
    record_change(record, by=by, reason=f"Confirmed by {by}")
    record.save()
    set_import_progress(record.pk, 0)
    transaction.on_commit(lambda: run_signatory_import.delay(record.pk), robust=True)
    return record


def _progress_key(pk: int) -> str:
    return f"signatories:import:{pk}:done"


def set_import_progress(pk: int, done: int) -> None:
    """How many rows an import has been through, for its progress page. The import writes in
    one transaction, which nobody else sees before it ends, so the count is kept in the cache."""
    cache.set(_progress_key(pk), done, 24 * 3600)


def import_progress(pk: int) -> int | None:
    return cache.get(_progress_key(pk))


PROGRESS_EVERY = 100


@transaction.atomic
def run_import(record: SignatoryImport) -> SignatoryImport:
    """Write every good row of a confirmed import through import_signatory, in one transaction.

    A row that is no longer good (someone signed the organisation up since the preview) is
    left out and listed with its reason; anything else going wrong writes nothing at all.
    """
    record = _locked_import(record, SignatoryImport.State.IMPORTING)
    by = record.uploaded_by
    outcome, created, matched, skipped = [], 0, 0, 0
    for done, entry in enumerate(record.plan, start=1):
        if entry["action"] in imports.WRITTEN:
            try:
                _signature, was_new = import_signatory(
                    by=by, compact=record.compact, data=entry["data"], file_name=record.file_name
                )
            except (ValidationError, PermissionDenied) as error:
                skipped += 1
                reason = " ".join(getattr(error, "messages", [str(error)]))
                outcome.append({"row": entry["row"], "name": entry["name"], "detail": reason})
            else:
                created += was_new
                matched += not was_new
        else:
            skipped += 1
        if done % PROGRESS_EVERY == 0:
            set_import_progress(record.pk, done)
    record.state = SignatoryImport.State.IMPORTED
    record.created_count, record.matched_count, record.skipped_count = created, matched, skipped
    record.outcome = outcome
    record.finished_at = timezone.now()
    record_change(record, by=by, reason=f"Imported by {by}")
    record.save()
    set_import_progress(record.pk, len(record.plan))
    return record


@transaction.atomic
def fail_import(record: SignatoryImport, *, failure: str) -> SignatoryImport:
    """An import that stopped part-way wrote nothing: say so, so the officer can try again."""
    record = _locked_import(record, SignatoryImport.State.IMPORTING)
    record.state = SignatoryImport.State.FAILED
    record.failure = failure[:2000]
    record.finished_at = timezone.now()
    record_change(record, by=None, reason="Import failed: nothing was written")
    record.save()
    return record


@transaction.atomic
def import_signatory(
    *, by: User, compact: Compact, data: dict, file_name: str = ""
) -> tuple[Signature, bool]:
    """One organisation on a Compact's existing list: registered (or matched to the one already
    registered, by the sign-up's duplicate rules) and published from the date it signed, its
    contact invited to claim it. Returns the signature and whether the organisation is new."""
    _import_officer_check(by, compact)
    compact = _lock_compact(compact)
    reason = f"Imported by {by}" + (f" from {file_name}" if file_name else "")
    organisation_data = {f: data.get(f, "") for f in imports.ORGANISATION_FIELDS}
    duplicate = find_duplicate(data=organisation_data, compact=compact)
    if duplicate is not None:
        organisation, is_new = duplicate.existing, False
    else:
        organisation, is_new = Organisation(**organisation_data), True
        record_change(organisation, by=by, reason=reason)
        organisation.full_clean()
        organisation.save()
    signature = _new_signature(
        by=by,
        organisation=organisation,
        compact=compact,
        contact_name=data.get("contact_name", ""),
        contact_email=data.get("contact_email", ""),
        contact_role=data.get("contact_role", ""),
        pledges="",
        reason=reason,
        signed_on=date.fromisoformat(data["signed_on"]),
    )
    if signature.contact_email:
        # The portal invites (the officer is not the organisation's contact): the person acts
        # for it only once they accept through the link, signed in as that address.
        try:
            invite_contact(
                organisation,
                signature.contact_email,
                role=signature.contact_role,
                reason=f"Invited after an import by {by}",
            )
        except AlreadyAContact:
            pass
    return signature, is_new
