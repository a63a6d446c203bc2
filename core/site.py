"""The address people use to reach the portal, for the links in emails.

SITE_URL, when it is set, is that address. When it is not (a demo or a test machine reached
by its own name), an email written while answering a request links to the host that request
came to, as Django validated it against ALLOWED_HOSTS; an email written with no request (a
nightly task) falls back to SITE_URL's default.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import DisallowedHost

_request_site: ContextVar[str] = ContextVar("request_site", default="")


def site_url() -> str:
    """The portal's address, without a trailing slash."""
    # Set in the environment, or given in code (a test's settings): that address, always.
    if settings.SITE_URL_SET or settings.SITE_URL != settings.DEFAULT_SITE_URL:
        return settings.SITE_URL
    return _request_site.get() or settings.SITE_URL


class RequestSiteMiddleware:
    """Remember, for the length of one request, the address it came to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            base = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            base = ""
        token = _request_site.set(base)
        try:
            return self.get_response(request)
        finally:
            _request_site.reset(token)
