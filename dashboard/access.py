"""Who may see a Compact's dashboard: its reference group and its Compact officers."""

from __future__ import annotations


def can_view(user, compact) -> bool:
    """Reference group members and Compact officers of that Compact."""
    return user.is_authenticated and (
        user.is_compact_officer_for(compact) or compact.pk in user.reference_group_compact_ids()
    )
