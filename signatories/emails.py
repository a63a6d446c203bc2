"""Emails about signatures: each renders a plain-text and an HTML template and sends it."""

from __future__ import annotations

from django.urls import reverse

from core.emails import absolute, send


def signature_received(signature) -> None:
    send(
        "signatories/emails/signature_received",
        f"We have your sign-up to the {signature.compact.name} ({signature.reference})",
        [signature.contact_email],
        {"signature": signature},
        about=signature,
        compact_id=signature.compact_id,
    )


def signature_approved(signature) -> None:
    send(
        "signatories/emails/signature_approved",
        f"{signature.organisation.name} is on the {signature.compact.name} list",
        [signature.contact_email],
        {"signature": signature, "link": absolute(signature.organisation.get_absolute_url())},
        about=signature,
        compact_id=signature.compact_id,
    )


def signature_rejected(signature) -> None:
    send(
        "signatories/emails/signature_rejected",
        f"Your sign-up to the {signature.compact.name} was not approved",
        [signature.contact_email],
        {"signature": signature},
        about=signature,
        compact_id=signature.compact_id,
    )


def recommit_invitations(review, signatures) -> None:
    for signature in signatures:
        send(
            "signatories/emails/recommit_invitation",
            f"The {review.compact.name} has been reviewed: please re-commit",
            [signature.contact_email],
            {
                "signature": signature,
                "review": review,
                "link": absolute(reverse("signatories:manage", args=[signature.organisation_id])),
            },
            about=signature,
            compact_id=signature.compact_id,
        )


def signature_lapsed(signature) -> None:
    send(
        "signatories/emails/signature_lapsed",
        f"{signature.organisation.name} has left the {signature.compact.name} list",
        [signature.contact_email],
        {"signature": signature},
        about=signature,
        compact_id=signature.compact_id,
    )


def contact_added(contact, *, by) -> None:
    """Tell someone they now act for an organisation, and who added them."""
    send(
        "signatories/emails/contact_added",
        f"You are now a contact for {contact.organisation.name}",
        [contact.user.email],
        {"contact": contact, "by": by, "link": absolute(reverse("accounts:home"))},
        about=contact,
    )


def contact_invited(organisation, *, email: str, by) -> None:
    """Ask an address with no open account to create one so it can be added as a contact."""
    send(
        "signatories/emails/contact_invited",
        f"{organisation.name} wants to add you as a contact on the Compact Portal",
        [email],
        {
            "organisation": organisation,
            "by": by,
            "register": absolute(reverse("accounts:register")),
        },
        about=organisation,
    )


def claim_invitation(invitation, *, token: str, days: int) -> None:
    """Ask an imported signatory's contact to claim their organisation: the link proves they
    read mail at this address, and works once."""
    send(
        "signatories/emails/claim_invitation",
        f"Claim {invitation.organisation.name} on the Compact Portal",
        [invitation.email],
        {
            "invitation": invitation,
            "link": absolute(reverse("signatories:claim", args=[token])),
            "register": absolute(reverse("accounts:register")),
            "days": days,
        },
        about=invitation.organisation,
        compact_id=invitation.compact_id,
    )
