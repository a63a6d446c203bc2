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


def contact_invited(invitation, *, path: str) -> None:
    """Invite an address to act for an organisation: the same email whatever it holds."""
    organisation = invitation.organisation
    send(
        "signatories/emails/contact_invited",
        f"You are invited to act for {organisation.name} on the Compact Portal",
        [invitation.email],
        {
            "invitation": invitation,
            "organisation": organisation,
            "by": invitation.invited_by,
            "link": absolute(path),
            "register": absolute(reverse("accounts:register")),
        },
        about=invitation,
    )
