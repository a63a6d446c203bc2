"""Public pages kept whole in the cache for visitors who are not signed in.

Every visitor without a session cookie sees the same published list, consultation or Compact
page, so each is drawn once and served from the cache until something it shows changes:
saving or deleting a row of any model in WATCHED bumps a version that every key carries (at
once, and again when the transaction commits, as the dashboard's figures do). Keys also carry
today's date in London, so "3 days left" turns over at midnight, and entries expire after
PAGE_CACHE_SECONDS whatever happens, for bulk updates that fire no signals. 0 turns it off.

Signed-in people, and anyone with a session (a sign-up under way, a message to show), always
get a freshly drawn page: theirs can differ.

A page with a form carries a CSRF token; it is stored as a placeholder and every visitor gets a
token of their own (and the cookie that goes with it) when the page is served.

A streamed export is kept only if it ends within PAGE_CACHE_MAX_BYTES, so a download of the
whole country still streams with flat memory.

An admin list a Compact officer opens again and again (the cases to triage), and the
dashboard, are kept for each person alone (see `personal_page`): keyed by who they are and what
they run, and by the versions of what the page shows, so any save or delete of a row it shows
draws it afresh. Their permission is checked before the cache is looked at, every time.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from .versions import bump_now_and_on_commit, on_change

VERSION_KEY = "public-pages-version"
# What the cached pages show comes from these models (a response or a follower shows on none).
WATCHED = [
    "signatories.Compact",
    "signatories.CompactReview",
    "signatories.Commitment",
    "signatories.CompactSection",
    "signatories.ReferenceGroupMember",
    "signatories.Organisation",
    "signatories.Signature",
    "consultations.Consultation",
    "consultations.Document",
    "consultations.Extension",
]
KEPT_HEADERS = ("Content-Type", "Content-Disposition")
# A token as {% csrf_token %} writes it; `<` cannot come from escaped content, so the
# placeholder can only be ours.
TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
PLACEHOLDER = b"<csrf-token>"


def _changed(sender, **kwargs) -> None:
    bump_now_and_on_commit(VERSION_KEY)


def connect() -> None:
    """Called from the app's ready(): a save or delete of a watched model renews the pages."""
    on_change(WATCHED, _changed, "pages")


def _shared(request) -> bool:
    """Whether this visitor sees what every anonymous visitor sees."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request, versions: str, who: str = "") -> str:
    address = f"{who}|{request.get_host()}{request.get_full_path()}"  # each host its own
    path = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"page:{versions}:{timezone.localdate():%Y%m%d}:{path}"


def _served(request, stored: tuple) -> HttpResponse:
    status, headers, body = stored
    if PLACEHOLDER in body:
        body = body.replace(PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(body, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def _storable(request, response) -> bool:
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        # the CSRF cookie is set again whenever a token is used, by the admin's views before
        # the page is kept; every visitor gets their own when it is served
        and not set(response.cookies) - {settings.CSRF_COOKIE_NAME}
        and not (session is not None and session.modified)
        and not (messages is not None and messages.added_new)
    )


def _kept_while_streamed(content: Iterator[bytes], key: str, headers: dict) -> Iterator[bytes]:
    """Pass a streamed body on, keeping a copy only while it stays small."""
    kept: list[bytes] | None = []
    size = 0
    for chunk in content:
        if kept is not None:
            size += len(chunk)
            if size <= settings.PAGE_CACHE_MAX_BYTES:
                kept.append(chunk)
            else:
                kept = None
        yield chunk
    if kept is not None:
        cache.set(key, (200, headers, b"".join(kept)), settings.PAGE_CACHE_SECONDS)


def _kept_or_drawn(request, key: str, draw: Callable[[], HttpResponse]) -> HttpResponse:
    stored = cache.get(key)
    if stored is not None:
        return _served(request, stored)
    response = draw()
    if getattr(response, "is_rendered", True) is False:
        response.render()  # an admin page's TemplateResponse, drawn now to be kept
    if _storable(request, response):
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        if response.streaming:
            response.streaming_content = _kept_while_streamed(
                response.streaming_content, key, headers
            )
        else:
            body = TOKEN.sub(rb"\1" + PLACEHOLDER + rb"\2", response.content)
            cache.set(key, (200, headers, body), settings.PAGE_CACHE_SECONDS)
    return response


def public_page(view):
    """Serve the view's page from the cache to visitors who see what everyone sees."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.PAGE_CACHE_SECONDS or not _shared(request):
            return view(request, *args, **kwargs)
        key = _key(request, str(cache.get(VERSION_KEY, 0)))
        response = _kept_or_drawn(request, key, lambda: view(request, *args, **kwargs))
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper


def _model_version_key(label: str) -> str:
    return f"model-version:{label.lower()}"


def _model_changed(sender, **kwargs) -> None:
    bump_now_and_on_commit(_model_version_key(sender._meta.label))


def watch(labels: Iterable[str]) -> None:
    """Give each of these models ("app.Model") a version that its saves and deletes move on."""
    on_change(labels, _model_changed, "model-version")


def _messages_waiting(request) -> bool:
    """Whether a message waits to be shown (in its cookie, or in the session when too long)."""
    session = getattr(request, "session", None)
    return bool(request.COOKIES.get("messages")) or (session is not None and "_messages" in session)


def personal_page(request, who: str, versions: str, draw: Callable[[], HttpResponse]):
    """A signed-in person's page, kept for `who` (their identity and what they may see) under
    `versions` of what it shows. The caller has already checked that they may see it."""
    if (
        not settings.PAGE_CACHE_SECONDS
        or request.method not in ("GET", "HEAD")
        or _messages_waiting(request)
    ):
        return draw()
    return _kept_or_drawn(request, _key(request, versions, who), draw)


def officer_page(
    request, who: str, shows: Iterable[str], draw: Callable[[], HttpResponse]
) -> HttpResponse:
    """`personal_page`, kept until a row of a model it `shows` (watched with `watch`) is saved
    or deleted."""
    keys = [_model_version_key(label) for label in shows]
    found = cache.get_many(keys)
    versions = ".".join(str(found.get(key, 0)) for key in keys)
    return personal_page(request, who, versions, draw)
