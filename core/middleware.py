"""Pages drawn for a signed-in person are theirs alone: no shared or browser cache keeps them."""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers


class NoStoreForSignedIn:
    """Cache-Control: no-store on every answer to a signed-in person.

    Their account, organisation, cases, attachments and response exports must not stay in a
    proxy's cache or on a shared computer's disk after they sign out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # no-store, no-cache, private, max-age=0
        return response
