"""Who may see a Compact's dashboard: its reference group and its Compact officers."""

from __future__ import annotations


def may_open_dashboards(user) -> bool:
    """Whether any Compact's dashboard is open to this person (the header links to it)."""
    return user.is_authenticated and (user.is_compact_officer or user.is_reference_group_member)


def can_view(user, compact) -> bool:
    """Reference group members and Compact officers of that Compact."""
    return user.is_authenticated and (
        user.is_compact_officer_for(compact) or compact.pk in user.reference_group_compact_ids()
    )


def may_view_body_report(user, compact, body) -> bool:
    """A public body's compliance report: the dashboard's viewers, and the body's own contacts."""
    return can_view(user, compact) or (user.is_authenticated and user.is_contact_for(body))
