"""Who is asking, and how often: the client's address and the limits on forms anyone can send.

Behind a proxy every request comes from the proxy's address; the client's is the one the
nearest trusted proxy wrote into X-Forwarded-For. TRUSTED_PROXY_COUNT says how many proxies of
ours stand in front of the portal (0: none, use the connection's address). The same address
keys the sign-in lockout (django-axes) and every rate limit.
"""

from __future__ import annotations

from django.conf import settings
from django_ratelimit.decorators import ratelimit


def client_ip(request) -> str:
    """The client's address: from the trusted proxies' X-Forwarded-For, else the connection's."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            # Each of our proxies appends the address it saw; anything before them is the
            # client's own say, which it could forge.
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_key(group, request) -> str:
    """django-ratelimit's key: the client's address."""
    return client_ip(request)


def _rate(group, request):
    return settings.PUBLIC_FORM_RATE


def public_form_limit(view):
    """At most PUBLIC_FORM_RATE submissions (POSTs) per client; more answer 429."""
    return ratelimit(key=client_key, rate=_rate, method="POST", block=True)(view)
