"""Turning off a kind of reminder, from the link in the reminder itself."""

from __future__ import annotations

from django.core import signing
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .models import ReminderOptOut
from .sweep import OPT_OUT_SALT, sources


@require_http_methods(["GET", "HEAD", "POST"])
def opt_out(request, token):
    """Turn off a kind of reminder that is not about the recipient's own Compact duty."""
    try:
        data = signing.loads(token, salt=OPT_OUT_SALT, max_age=60 * 60 * 24 * 365)
    except signing.BadSignature:
        return render(request, "reminders/opt_out.html", {"invalid": True}, status=400)
    source = sources().get(data.get("kind"))
    if source is None or source.duty:
        return render(request, "reminders/opt_out.html", {"duty": True}, status=400)
    if request.method == "POST":
        ReminderOptOut.objects.get_or_create(email=data["email"], kind=source.kind)
        return render(request, "reminders/opt_out.html", {"done": True, "source": source})
    return render(request, "reminders/opt_out.html", {"source": source, "email": data["email"]})
