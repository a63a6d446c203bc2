"""Values every page needs: the navigation for who is signed in."""

from __future__ import annotations

from django.urls import reverse


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
        if user.is_compact_officer or user.is_reference_group_member:
            items.append(("Dashboard", reverse("dashboard:index")))
        items.append(("Your account", reverse("accounts:home")))
        if user.is_staff:
            items.append(("Admin", reverse("admin:index")))
        items.append(("Sign out", reverse("accounts:logout_confirm")))
    else:
        items.append(("Sign in", reverse("accounts:login")))
    path = request.path
    nav = [
        {"label": label, "url": url, "active": url != "/" and path.startswith(url)}
        for label, url in items
    ]
    return {"nav_items": nav}
