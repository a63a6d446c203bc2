"""Values every page needs: the navigation for who is signed in."""

from __future__ import annotations

from django.urls import reverse

from dashboard import access as dashboard_access
from signatories import access as signatories_access


def portal(request):
    """The header's navigation, marking the section the page belongs to."""
    user = request.user
    items = [
        ("Compacts", reverse("signatories:compact_list")),
        ("Signatories", reverse("signatories:signatory_list")),
        ("Consultations", reverse("consultations:list")),
    ]
    if user.is_authenticated:
        items.append(("Funding", reverse("funding:agreement_list")))
        items.append(("Cases", reverse("disputes:case_list")))
        if dashboard_access.may_open_dashboards(user):
            items.append(("Dashboard", reverse("dashboard:index")))
        items.append(("Your account", reverse("accounts:home")))
        if signatories_access.runs_a_compact(user):
            items.append(("Admin", reverse("admin:index")))
        items.append(("Sign out", reverse("accounts:logout_confirm")))
    else:
        items.append(("Sign in", reverse("accounts:login")))
    path = request.path
    # The person's own links sit in the header; the sections in the service navigation below
    # it, so that both fit on one line from 320 px to a 1280 px desktop.
    account = {"Your account", "Admin", "Sign out", "Sign in"}
    nav = [
        {
            "label": label,
            "url": url,
            "active": url != "/" and path.startswith(url),
            "account": label in account,
        }
        for label, url in items
    ]
    return {
        "nav_items": nav,
        "section_items": [item for item in nav if not item["account"]],
        "account_items": [item for item in nav if item["account"]],
    }
