"""Who may see a Compact's dashboard: its reference group, its Compact officers and the officers
of the public bodies on its published list."""

from __future__ import annotations

from signatories import access as signatories_access
from signatories.models import Signature


def _public_body_officer_in(user, compact) -> bool:
    """A contact of a public body on this Compact's published list (approval gates power)."""
    return (
        signatories_access.public_bodies_acting_for(user)
        .filter(
            pk__in=Signature.objects.filter(compact=compact, state=Signature.State.APPROVED).values(
                "organisation"
            ),
            contacts__user=user,
        )
        .exists()
    )


def may_open_dashboards(user) -> bool:
    """Whether any Compact's dashboard is open to this person (the header links to it)."""
    return user.is_authenticated and (
        user.is_compact_officer
        or user.is_reference_group_member
        or signatories_access.public_bodies_acting_for(user).filter(contacts__user=user).exists()
    )


def can_view(user, compact) -> bool:
    """Reference group members and Compact officers of that Compact, and the officers of the
    public bodies on its published list (they keep the Compact's rules, so they see its figures)."""
    return user.is_authenticated and (
        user.is_compact_officer_for(compact)
        or compact.pk in user.reference_group_compact_ids()
        or _public_body_officer_in(user, compact)
    )


def may_view_body_report(user, compact, body) -> bool:
    """A public body's compliance report: the dashboard's viewers, and the body's own contacts."""
    return can_view(user, compact) or (user.is_authenticated and user.is_contact_for(body))
