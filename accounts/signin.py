"""Signing in safely: one spelling of an address, and limits by person and by client.

The lockout (django-axes) keys on the address as the account holds it, whatever case, spaces or
Unicode form was typed, so `Contact@…` cannot be tried after `contact@…` is locked. A client
that fails SIGN_IN_CLIENT_RATE times (one password sprayed over many addresses) is refused for
the rest of the period, whichever addresses it tries next.
"""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django_ratelimit.core import get_usage

from core.limits import client_key

FAILURES = "sign-in-failures"


def normalised_address(text: str) -> str:
    """An email address as accounts hold it: NFKC, no surrounding spaces, lower case."""
    return unicodedata.normalize("NFKC", text or "").strip().lower()


def axes_username(request, credentials) -> str:
    """What django-axes counts failures against: the normalised address."""
    source = credentials if credentials else getattr(request, "POST", {})
    return normalised_address(source.get(settings.AXES_USERNAME_FORM_FIELD, ""))


def client_refused(request) -> bool:
    """Whether this client has already failed SIGN_IN_CLIENT_RATE times in the period."""
    usage = get_usage(request, group=FAILURES, key=client_key, rate=settings.SIGN_IN_CLIENT_RATE)
    return usage is not None and usage["count"] >= usage["limit"]


def count_failure(request) -> None:
    """One more failed sign-in for this client."""
    get_usage(
        request,
        group=FAILURES,
        key=client_key,
        rate=settings.SIGN_IN_CLIENT_RATE,
        increment=True,
    )
