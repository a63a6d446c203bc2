"""The portal's one cache: public pages kept whole for visitors who are not signed in.

Every visitor without a session cookie sees the same published list, consultation or Compact
page, so each is drawn once and served from the cache until something it shows changes.

The one rule: every page is kept under a version, and a write moves the versions on.
- A page that shows one Compact's records (its page and text, the published list or the
  consultations filtered to it, one of its consultations) carries that Compact's version; a
  signatory's page carries the versions of the Compacts it takes part in. The view says which
  with `public_page(shows=...)`.
- Every other page (the home page, the list of Compacts, the unfiltered lists and their
  exports) carries the national version.
- Saving or deleting a row of a model in COMPACTS_OF moves on the versions of the Compacts the
  row belongs to and the national one (`changed`), at once and again when the transaction
  commits, in case another request kept what was there before it. A write that fires no
  signals (a bulk update) calls `changed` itself. A change in one Compact never empties
  another Compact's pages. What else follows a Compact's changes (the annual pack's built PDF,
  dashboard.pack_files) is told through `also_tell`.
Keys also carry today's date in London, so "3 days left" turns over at midnight, and entries
expire after PAGE_CACHE_SECONDS whatever happens. A version's move is lost if Redis does not
answer when it is made, so after any failed call to Redis this process serves no kept page for
PAGE_CACHE_SECONDS (everything kept before the failure has expired by then). 0 turns the cache
off. Keys are ASCII (letters, digits, ':', '.', '-' and a hash of the address), as memcached
needs. The versions must be shared by every process that writes (CACHE_URL: Redis, required in
production); the in-process cache of development serves one process.

Signed-in people, and anyone with a session (a sign-up under way, a message to show), always
get a freshly drawn page: theirs can differ. Nothing else in the portal is cached.

A page with a form carries a CSRF token; it is stored as a placeholder and every visitor gets a
token of their own (and the cookie that goes with it) when the page is served.

A streamed export is kept only if it ends within PAGE_CACHE_MAX_BYTES, so a download of the
whole country still streams with flat memory.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from .cache import failed_within
from .signals import on_change

NATIONAL = "page-version:national"


def _ids(model: str, column: str, **where) -> list[int]:
    return list(apps.get_model(model).objects.filter(**where).values_list(column, flat=True))


def _via_consultation(row) -> list[int]:
    # by id: in a cascade the consultation may be gone already (its own delete moved it on)
    return _ids("consultations.Consultation", "compact_id", pk=row.consultation_id)


def _organisation_compacts(row) -> set[int]:
    """Every Compact whose pages may show the organisation: it signed, leads a consultation
    there, or a member of its reference group speaks for it."""
    return {
        *_ids("signatories.Signature", "compact_id", organisation_id=row.pk),
        *_ids("consultations.Consultation", "compact_id", lead_body_id=row.pk),
        *_ids("signatories.ReferenceGroupMember", "compact_id", organisation_id=row.pk),
    }


def _own(row) -> list[int]:
    return [row.compact_id]


# What the kept pages show, and which Compacts a row of each belongs to (a response, a follower
# or a contact shows on none).
COMPACTS_OF: dict[str, Callable] = {
    "signatories.Compact": lambda row: [row.pk],
    "signatories.CompactReview": _own,
    "signatories.Commitment": _own,
    "signatories.CompactSection": _own,
    "signatories.ReferenceGroupMember": _own,
    "signatories.Signature": _own,
    "signatories.Organisation": _organisation_compacts,
    "consultations.Consultation": _own,
    "consultations.Document": _via_consultation,
    "consultations.Extension": _via_consultation,
    "disputes.Case": _own,  # a closed case's lesson shows on its Compact's page
}
KEPT_HEADERS = ("Content-Type", "Content-Disposition")
# A token as {% csrf_token %} writes it; `<` cannot come from escaped content, so the
# placeholder can only be ours.
TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
PLACEHOLDER = b"<csrf-token>"


def _version_key(compact_id: int) -> str:
    return f"page-version:compact:{int(compact_id)}"


def _bump(key: str) -> None:
    cache.add(key, 0, None)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr: a fresh number does as well
        cache.set(key, 1, None)


# Others that follow what changed in which Compact (dashboard.pack_files: the built PDFs).
_ALSO_TOLD: list[Callable[[Iterable[int | None]], None]] = []


def also_tell(listener: Callable[[Iterable[int | None]], None]) -> None:
    """Call `listener(compact_ids)` whenever `changed` is."""
    if listener not in _ALSO_TOLD:
        _ALSO_TOLD.append(listener)


def changed(compact_ids: Iterable[int | None]) -> None:
    """Rows of these Compacts were written: their pages and the national pages are drawn
    afresh, now (for reads later in this transaction) and once it commits."""
    compact_ids = list(compact_ids)
    keys = [NATIONAL, *sorted({_version_key(pk) for pk in compact_ids if pk is not None})]
    for listener in _ALSO_TOLD:
        listener(compact_ids)

    def bump() -> None:
        for key in keys:
            _bump(key)

    bump()
    transaction.on_commit(bump)


def _row_changed(sender, instance, created=False, **kwargs) -> None:
    if created and sender._meta.label == "signatories.Organisation":
        return  # on no page until a signature of it is approved (that save moves the versions)
    changed(COMPACTS_OF[sender._meta.label](instance))


def connect() -> None:
    """Called from the app's ready(): a save or delete of a row a kept page shows renews it."""
    on_change(COMPACTS_OF, _row_changed, "pages")


def versions(compact_ids: Iterable[int] | None) -> str:
    """The version a page carries: of these Compacts, or national for None."""
    if compact_ids is None:
        return f"n{cache.get(NATIONAL, 0)}"
    ids = sorted(set(compact_ids))
    if not ids:  # in no Compact: whatever changes it moves the national version
        return versions(None)
    found = cache.get_many([_version_key(pk) for pk in ids])
    return "c" + "-".join(f"{pk}.{found.get(_version_key(pk), 0)}" for pk in ids)


def _shared(request) -> bool:
    """Whether this visitor sees what every anonymous visitor sees."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request, version: str) -> str:
    address = f"{request.get_host()}{request.get_full_path()}"  # each host its own
    path = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"page:{version}:{timezone.localdate():%Y%m%d}:{path}"


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
        response.render()  # a TemplateResponse, drawn now to be kept
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


def national(request, *args, **kwargs) -> None:
    """A page of no single Compact: it carries the national version."""
    return None


def public_page(shows: Callable[..., Iterable[int] | None] = national):
    """Serve the view's page from the cache to visitors who see what everyone sees.

    `shows(request, *args, **kwargs)` gives the ids of the Compacts whose records the page
    shows, or None for a page of no single Compact (see the module's rule).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if (
                not settings.PAGE_CACHE_SECONDS
                or not _shared(request)
                or failed_within(settings.PAGE_CACHE_SECONDS)
            ):
                return view(request, *args, **kwargs)
            key = _key(request, versions(shows(request, *args, **kwargs)))
            response = _kept_or_drawn(request, key, lambda: view(request, *args, **kwargs))
            patch_vary_headers(response, ["Cookie"])
            return response

        return wrapper

    return decorator
