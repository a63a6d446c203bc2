"""Pages that compose the apps: the home page, the health check and site-wide pages."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.page_cache import public_page
from signatories import access as signatories_access
from signatories import queries as signatory_queries
from signatories.models import Compact

from . import your_home
from .health import broker_status, cache_status, database_status


@require_safe
@public_page()  # the same for every visitor without a session; signed in, drawn for them
def home(request):
    """What the portal is, and the Compacts it serves with their signatories counted (drawn
    afresh: one grouped query); signed in, the person's own home."""
    if request.user.is_authenticated:
        return _your_home(request)
    return render(
        request,
        "compact_portal/home.html",
        {"compact_rows": signatory_queries.compact_table_rows},
    )


def _your_home(request):
    """A signed-in person's home: each of their organisations' live items and next steps."""
    user = request.user
    return render(
        request,
        "compact_portal/your_home.html",
        {
            "homes": your_home.homes_for(user, timezone.localdate()),
            "runs_a_compact": signatories_access.runs_a_compact(user),
            "seats": signatories_access.seats_of(user).select_related("compact"),
        },
    )


@require_safe
def accessibility(request):
    """The accessibility statement."""
    return render(request, "compact_portal/accessibility.html")


@never_cache
@require_safe
def healthz(request):
    """Whether the database and the broker answer: 200 when both do, 503 when either is down.

    The cache is named too; the portal works without it, so it does not make the answer 503.
    """
    status = {"database": database_status(), "broker": broker_status(), "cache": cache_status()}
    healthy = status["database"] == "ok" and status["broker"] in {"ok", "eager"}
    return JsonResponse(status, status=200 if healthy else 503)


# What each check's answer means for the people using the portal.
STATUS_WORDS = {
    "database": ("Database", {"ok": "Working", "down": "Not working: pages cannot be shown"}),
    "broker": (
        "Reminders and emails",
        {
            "ok": "Working",
            "eager": "Working (sent by the web server itself)",
            "down": "Not working: reminders and emails wait until it is back",
        },
    ),
    "cache": (
        "Cache",
        {
            "ok": "Working",
            "local": "Working (kept by each web server)",
            "down": "Not working: pages are a little slower, nothing is lost",
        },
    ),
}


@never_cache
@require_safe
def status(request):
    """The service status for people: the same checks as /healthz, in words."""
    answers = {"database": database_status(), "broker": broker_status(), "cache": cache_status()}
    healthy = answers["database"] == "ok" and answers["broker"] in {"ok", "eager"}
    rows = [
        (label, words[answers[name]], answers[name] in {"ok", "eager", "local"})
        for name, (label, words) in STATUS_WORDS.items()
    ]
    return render(
        request,
        "compact_portal/status.html",
        {"rows": rows, "healthy": healthy},
        status=200 if healthy else 503,
    )


@require_safe
def feedback(request):
    """How to tell the people who run the portal what you think of it: each Compact's address."""
    return render(
        request,
        "compact_portal/feedback.html",
        {"compacts": Compact.objects.order_by("name")},
    )


def rate_limited(request, exception):
    """Too many submissions of a public form from one address in a short time."""
    return render(request, "compact_portal/rate_limited.html", status=429)
