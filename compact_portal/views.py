"""Pages that compose the apps: the home page, the health check and site-wide pages."""

from __future__ import annotations

from django.core import signing
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from signatories import queries as signatory_queries

from .health import broker_status, database_status
from .models import ReminderOptOut
from .reminders import OPT_OUT_SALT, sources


@require_safe
def home(request):
    """What the portal is, and the Compacts it serves (the table is drawn at most once a minute,
    so the Compacts are fetched only when it is drawn)."""
    return render(
        request,
        "compact_portal/home.html",
        {"compacts": signatory_queries.compacts_with_counts},
    )


@require_safe
def accessibility(request):
    """The accessibility statement."""
    return render(request, "compact_portal/accessibility.html")


@never_cache
@require_safe
def healthz(request):
    """Whether the database and the broker answer: 200 when both do, 503 when either is down."""
    status = {"database": database_status(), "broker": broker_status()}
    healthy = status["database"] == "ok" and status["broker"] in {"ok", "eager"}
    return JsonResponse(status, status=200 if healthy else 503)


@require_http_methods(["GET", "HEAD", "POST"])
def reminder_opt_out(request, token):
    """Turn off a kind of reminder that is not about the recipient's own Compact duty."""
    try:
        data = signing.loads(token, salt=OPT_OUT_SALT, max_age=60 * 60 * 24 * 365)
    except signing.BadSignature:
        return render(request, "compact_portal/opt_out.html", {"invalid": True}, status=400)
    source = sources().get(data.get("kind"))
    if source is None or source.duty:
        return render(request, "compact_portal/opt_out.html", {"duty": True}, status=400)
    if request.method == "POST":
        ReminderOptOut.objects.get_or_create(email=data["email"], kind=source.kind)
        return render(request, "compact_portal/opt_out.html", {"done": True, "source": source})
    return render(
        request, "compact_portal/opt_out.html", {"source": source, "email": data["email"]}
    )


def rate_limited(request, exception):
    """Too many submissions of a public form from one address in a short time."""
    return render(request, "compact_portal/rate_limited.html", status=429)
