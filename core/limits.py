"""Rate limits on forms anyone can send, so that a script cannot flood them."""

from __future__ import annotations

from django.conf import settings
from django_ratelimit.decorators import ratelimit


def _rate(group, request):
    return settings.PUBLIC_FORM_RATE


def public_form_limit(view):
    """At most PUBLIC_FORM_RATE submissions (POSTs) per address; more answer 429."""
    return ratelimit(key="ip", rate=_rate, method="POST", block=True)(view)
