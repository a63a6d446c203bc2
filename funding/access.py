"""Who may see and change funding: both organisations' contacts, and the Compact's officers.

Contacts of either organisation see an agreement and its notices; the funder's contacts and the
Compact's officers record and change it, give notice and record the renewal decision. In the
admin, Compact officers read their Compacts' records and edit agreements through the same
service; agreements are recorded, and notices issued, on the funder's pages.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import User
from signatories import access as signatories_access
from signatories.models import Compact, Organisation

from .models import FundingAgreement, FundingNotice


def visible_to(user: User) -> QuerySet[FundingAgreement]:
    """Agreements this person may see: their organisations', or their Compacts' as officer."""
    if not user.is_authenticated:
        return FundingAgreement.objects.none()
    related = FundingAgreement.objects.select_related("compact", "funder", "recipient")
    if user.is_superuser and user.is_active:
        # An officer of every Compact: no list of 300 ids for the planner to weigh (it cost
        # 0.6 s on the renewals at national scale); each list's order index serves it as is.
        return related
    organisations = user.organisation_ids()
    # Ids already known, one index each (funder, recipient, and compact with end_date for the
    # list's order): PostgreSQL ORs bitmap scans of them and sorts the few rows that match.
    scope = (
        Q(funder__in=organisations)
        | Q(recipient__in=organisations)
        | Q(compact__in=user.officer_compact_ids())
    )
    return related.filter(scope)


def notices_visible_to(user: User) -> QuerySet[FundingNotice]:
    """Notices about the agreements this person may see."""
    return FundingNotice.objects.filter(agreement__in=visible_to(user).values("pk")).select_related(
        "agreement__compact", "agreement__funder", "agreement__recipient"
    )


def may_view(user: User, agreement: FundingAgreement) -> bool:
    """The funder's and the recipient's contacts, and the Compact's officers."""
    if not user.is_authenticated:
        return False
    organisations = user.organisation_ids()
    return (
        agreement.funder_id in organisations
        or agreement.recipient_id in organisations
        or user.is_compact_officer_for(agreement.compact)
    )


def may_record(user: User) -> bool:
    """Contacts of an approved public body and Compact officers record funding agreements."""
    return user.is_authenticated and (
        user.is_compact_officer or signatories_access.public_bodies_acting_for(user).exists()
    )


def may_act_for(user: User, funder: Organisation, compact: Compact) -> bool:
    """A Compact's officers act for every funder in it; a funder's contacts once an officer has
    approved the funder's signature of that Compact."""
    return user.is_authenticated and (
        user.is_compact_officer_for(compact)
        or signatories_access.acts_as_signatory(user, funder, compact)
    )


def may_change(user: User, agreement: FundingAgreement) -> bool:
    """Change the agreement, give notice or record its renewal decision: as may_act_for."""
    return may_act_for(user, agreement.funder, agreement.compact)


def may_view_in_admin(user: User, agreement: FundingAgreement | None = None) -> bool:
    """Compact officers read their own Compacts' funding records in the admin (None: any)."""
    if not user.is_authenticated:
        return False
    if agreement is None:
        return user.is_compact_officer
    return user.is_compact_officer_for(agreement.compact)


def may_change_in_admin(user: User, agreement: FundingAgreement | None = None) -> bool:
    """Compact officers edit their own Compacts' agreements in the admin (None: any), through
    the service the funder's pages call; notices and renewal decisions are only read there."""
    if not user.is_authenticated:
        return False
    if agreement is None:
        return user.is_compact_officer
    return user.is_compact_officer_for(agreement.compact)


def may_reply_to_agreement(user: User, agreement: FundingAgreement) -> bool:
    """The recipient's contacts answer the agreement's notices, once its signature of the
    Compact is approved (approval gates power); the funder and the Compact's officers read."""
    return signatories_access.acts_as_signatory(user, agreement.recipient, agreement.compact)


def may_reply(user: User, notice: FundingNotice) -> bool:
    """Answer this notice, or raise a concern from it: as may_reply_to_agreement."""
    return may_reply_to_agreement(user, notice.agreement)
