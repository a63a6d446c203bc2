"""Who may see what of a case: officers and the panel see all; parties their own progress."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import User

from .models import Case, Message

OFFICER, PANEL, COMPLAINANT, RESPONDENT = "officer", "panel", "complainant", "respondent"


def roles_on(user: User, case: Case) -> set[str]:
    """This person's roles on the case (empty: none, so nothing to see)."""
    if not user.is_authenticated:
        return set()
    roles = set()
    if user.is_compact_officer_for(case.compact):
        roles.add(OFFICER)
    if case.panel.filter(member__user=user).exists():
        roles.add(PANEL)
    organisations = user.organisation_ids()
    if case.complainant_id in organisations:
        roles.add(COMPLAINANT)
    if case.respondent_id in organisations:
        roles.add(RESPONDENT)
    return roles


def sees_confidential(roles: set[str]) -> bool:
    """Names, contact details, all correspondence and panel notes (000; 004 §12)."""
    return bool(roles & {OFFICER, PANEL})


def cases_for(user: User) -> QuerySet[Case]:
    """Cases this person has any role on."""
    if not user.is_authenticated:
        return Case.objects.none()
    organisations = user.organisation_ids()
    scope = (
        Q(complainant__in=organisations)
        | Q(respondent__in=organisations)
        | Q(panel__member__user=user)
        | Q(compact__in=user.officer_compact_ids())
    )
    ids = Case.objects.filter(scope).values("pk")
    return Case.objects.filter(pk__in=ids).select_related(
        "compact", "complainant", "respondent", "commitment"
    )


def messages_for(case: Case, roles: set[str]) -> QuerySet[Message]:
    """Officers and the panel read all; a party reads what is addressed to it and what it wrote."""
    messages = case.messages.select_related("reply_to")
    if sees_confidential(roles):
        return messages
    parties = [r for r in (COMPLAINANT, RESPONDENT) if r in roles]
    return messages.filter(Q(to__in=parties) | Q(author_role__in=parties))


def party_role(roles: set[str]) -> str:
    """The role a person writes in, most official first."""
    for role in (OFFICER, PANEL, COMPLAINANT, RESPONDENT):
        if role in roles:
            return role
    return ""
