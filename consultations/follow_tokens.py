"""Signed links in follow emails: one confirms the address, one unsubscribes it."""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from core.emails import absolute

CONFIRM, UNSUBSCRIBE = "confirm", "unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # a week to click the confirmation link


def token_for(follower, *, purpose: str) -> str:
    """A signed token naming the follower and the address it was for."""
    return signing.dumps(
        {"f": follower.pk, "e": follower.email}, salt=f"consultations.follow.{purpose}"
    )


def follower_from(token: str, *, purpose: str) -> int:
    """The follower's id in a valid token; signing.BadSignature (or its subclasses) if not."""
    max_age = CONFIRM_MAX_AGE if purpose == CONFIRM else None
    data = signing.loads(token, salt=f"consultations.follow.{purpose}", max_age=max_age)
    return data["f"]


def link_for(follower, *, purpose: str) -> str:
    """The absolute link the email carries: it opens a page whose button does the change."""
    name = "follow_confirm" if purpose == CONFIRM else "unfollow"
    return absolute(reverse(f"consultations:{name}", args=[token_for(follower, purpose=purpose)]))


def one_click_headers(unsubscribe: str) -> dict[str, str]:
    """List-Unsubscribe for a follow email; with an https link, the one-click promise too.

    RFC 8058: a mail provider POSTs "List-Unsubscribe=One-Click" to the link, without cookies
    or a CSRF token (the unsubscribe view accepts that, the token in the link being the
    authority). It requires an https URI, so a development site on http offers the link only.
    """
    headers = {"List-Unsubscribe": f"<{unsubscribe}>"}
    if unsubscribe.startswith("https://"):
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers
