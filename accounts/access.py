"""Who may see and change people's accounts: the portal's administrators only.

The role lookups themselves (officer_compact_ids, organisation_ids, ...) live on the User
model; each app's access.py composes them into decisions about its own objects.
"""

from __future__ import annotations

from .models import User


def may_manage_accounts(user: User) -> bool:
    """Accounts (and who is staff or superuser) are managed by superusers: an officer runs a
    Compact, not the people who sign in."""
    return user.is_authenticated and user.is_superuser
