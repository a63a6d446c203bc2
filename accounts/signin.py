"""Signing in safely: one spelling of an address, and limits by person and by client.

The lockout (django-axes) keys on the address as the account holds it, whatever case, spaces or
Unicode form was typed, so `Contact@…` cannot be tried after `contact@…` is locked. A client
that fails SIGN_IN_CLIENT_RATE times (one password sprayed over many addresses) is refused for
the rest of the period, whichever addresses it tries next.

The client limit sits where every sign-in door passes, not in one view: each failed
`authenticate()` counts (the `user_login_failed` signal), and ClientLimitBackend, first in
AUTHENTICATION_BACKENDS, checks no password at all for a refused client. The portal's page and
the admin's own sign-in page (/admin/login/) share one count.
"""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django_ratelimit.core import get_usage

from core.limits import client_key

FAILURES = "sign-in-failures"


def normalised_address(text: str) -> str:
    """An email address as accounts hold it: NFKC, without invisible format characters (zero-width
    spaces and joiners, soft hyphens: mail delivery drops them, so they would make a second
    account for the same mailbox), no surrounding spaces, lower case."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return text.strip().lower()


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


@receiver(user_login_failed, dispatch_uid="accounts.signin.count_failed_sign_in")
def count_failed_sign_in(sender, credentials=None, request=None, **kwargs) -> None:
    """Any failed sign-in, through whichever page, counts against the client that tried it."""
    if request is not None:
        count_failure(request)


class ClientLimitBackend:
    """Refuses, before any password is checked, a client that has failed too often.

    It signs no one in, so it has no get_user (a test's force_login picks the first backend
    that has one)."""

    def authenticate(self, request, **credentials):
        if request is not None and client_refused(request):
            raise PermissionDenied("Too many failed sign-ins from this client.")
        return None
