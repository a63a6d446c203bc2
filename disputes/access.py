"""Who may see and change what of a case: officers and the panel all; parties their progress.

A person's part in a case is a set of `Role`s (empty: no part, so nothing to see). The site, the
services and the admin ask these functions; none of them looks at roles itself.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import User
from signatories import access as signatories_access
from signatories.models import Organisation

from .models import Case, Message, PanelMember, Role

OFFICER, PANEL, COMPLAINANT, RESPONDENT = (
    Role.OFFICER,
    Role.PANEL,
    Role.COMPLAINANT,
    Role.RESPONDENT,
)
PARTIES = {COMPLAINANT, RESPONDENT}


def roles_on(user: User, case: Case) -> set[Role]:
    """This person's roles on the case (empty: none, so nothing to see)."""
    if not user.is_authenticated:
        return set()
    roles = set()
    if user.is_compact_officer_for(case.compact):
        roles.add(OFFICER)
    # A member sits on the panel once they have confirmed they have no conflict: until then
    # they are invited (invited_seat) and see only what they need to answer. A deactivated
    # member leaves every panel they sat on at once (the seat stays as a record); a member
    # who declared a conflict leaves this one (004 11.2.6).
    if case.panel.filter(
        member__user=user,
        member__active=True,
        declared_conflict_at=None,
        confirmed_no_conflict_at__isnull=False,
    ).exists():
        roles.add(PANEL)
    organisations = user.organisation_ids()
    if case.complainant_id in organisations:
        roles.add(COMPLAINANT)
    if case.respondent_id in organisations:
        roles.add(RESPONDENT)
    return roles


def invited_seat(user: User, case: Case) -> PanelMember | None:
    """This person's seat on the case's panel while they have not yet answered the invitation
    (None: not invited, or answered). An invited member sees the case's reference, the two
    organisations, the commitment and the stage, and answers; nothing more until they confirm
    they have no conflict (000; 004 §12: personal details stay with the officers and the panel)."""
    if not user.is_authenticated:
        return None
    return (
        case.panel.filter(
            member__user=user,
            member__active=True,
            declared_conflict_at=None,
            confirmed_no_conflict_at=None,
        )
        .select_related("member")
        .first()
    )


def visible_to(user: User) -> QuerySet[Case]:
    """Cases this person has any role on, or is invited to sit on the panel of."""
    if not user.is_authenticated:
        return Case.objects.none()
    related = ("compact", "complainant", "respondent", "commitment")
    if user.is_superuser and user.is_active:
        # An officer of every Compact: every case, with no list of 300 ids and no joins.
        return Case.objects.select_related(*related)
    organisations = user.organisation_ids()
    # Each part on ids already known or a subquery on its own table, ORed on the case's own
    # columns: no LEFT JOIN of the panels to every case inside a pk IN (...).
    panels = PanelMember.objects.filter(
        member__user=user, member__active=True, declared_conflict_at=None
    ).values("case_id")
    scope = (
        Q(complainant_id__in=organisations)
        | Q(respondent_id__in=organisations)
        | Q(pk__in=panels)
        | Q(compact_id__in=user.officer_compact_ids())
    )
    return Case.objects.filter(scope).select_related(*related)


def may_view(user: User, case: Case) -> bool:
    """Anyone with a part in the case sees its page and writes on it."""
    return bool(roles_on(user, case))


def may_change(user: User, case: Case) -> bool:
    """The Compact's officers run the case: stages, outcomes and panels (000)."""
    return user.is_authenticated and user.is_compact_officer_for(case.compact)


def may_run_cases(user: User) -> bool:
    """An officer of any Compact: the admin's case list is theirs."""
    return user.is_authenticated and bool(user.officer_compact_ids())


def run_by(user: User, cases: QuerySet[Case]) -> QuerySet[Case]:
    """Of these cases, those of the Compacts this person runs (all of them for a superuser)."""
    if not user.is_authenticated:
        return cases.none()
    if user.is_superuser:
        return cases  # every Compact: no list of all their ids in the query
    return cases.filter(compact__in=user.officer_compact_ids())


def may_raise_concern(user: User) -> bool:
    """A concern is raised by the contact of an organisation (004 13.1)."""
    return user.is_authenticated and user.is_organisation_contact


def may_raise_for(user: User, organisation: Organisation) -> bool:
    """A contact raises a concern only for an organisation they are a contact for."""
    return user.is_authenticated and user.is_contact_for(organisation)


def is_party(roles: set[Role]) -> bool:
    """The organisation that raised it or the other one: they may withdraw on the site."""
    return bool(roles & PARTIES)


def _sides(case: Case, roles: set[Role]) -> list[Organisation]:
    return [
        organisation
        for role, organisation in ((COMPLAINANT, case.complainant), (RESPONDENT, case.respondent))
        if role in roles
    ]


def may_write(user: User, case: Case) -> bool:
    """Officers and the panel write on the case; a party's contact writes (messages, replies)
    only while an officer has approved its organisation's signature of the Compact: the same
    approval gate as funding's replies and notices (signatories.access.acts_as_signatory)."""
    roles = roles_on(user, case)
    if sees_confidential(roles):
        return True
    return any(
        signatories_access.acts_as_signatory(user, organisation, case.compact)
        for organisation in _sides(case, roles)
    )


def why_not_writing(user: User, case: Case) -> str:
    """Why a party's contact reads the case but cannot write on it, and what happens next."""
    sides = _sides(case, roles_on(user, case))
    waiting = (
        signatories_access.sign_ups_waiting(user)
        .filter(compact=case.compact, organisation__in=sides)
        .first()
    )
    if waiting is not None:
        return (
            f"{waiting.organisation.name}'s sign-up to the {case.compact.name} is waiting for a"
            " Compact officer to approve it. Until then you can read this case but not write on"
            " it. Once it is approved you can write here again; we will email you when that"
            " happens."
        )
    names = " and ".join(organisation.name for organisation in sides) or "Your organisation"
    return (
        f"{names} is not on the {case.compact.name}'s published list at the moment, so you can"
        " read this case but not write on it. To take part again, sign the Compact again; a"
        " Compact officer will check the sign-up."
    )


def may_withdraw(user: User, case: Case) -> bool:
    """Either party may leave the procedure at any stage (000); officers record it for them."""
    roles = roles_on(user, case)
    return is_party(roles) or OFFICER in roles


def may_record_meeting(user: User, case: Case) -> bool:
    """Panel meetings are recorded by the Compact's officers and the case's panel."""
    return bool(roles_on(user, case) & {OFFICER, PANEL})


def may_confirm_no_conflict(user: User, seat: PanelMember) -> bool:
    """Only the member in the seat confirms they have no conflict."""
    return user.is_authenticated and seat.member.active and seat.member.user_id == user.pk


def sees_confidential(roles: set[Role]) -> bool:
    """Names, contact details, all correspondence and panel notes (000; 004 §12)."""
    return bool(roles & {OFFICER, PANEL})


def addressees(roles: set[Role]) -> list[Message.Party]:
    """Officers and the panel write to anyone; a party to everyone in the case or to the
    officers and the panel alone (a reply in writing, 004 13.2), never to the other party only."""
    if sees_confidential(roles):
        return list(Message.Party)
    if is_party(roles):
        return [Message.Party.EVERYONE, Message.Party.OFFICERS]
    return []


def messages_for(case: Case, roles: set[Role]) -> QuerySet[Message]:
    """Officers and the panel read all; a party reads what is addressed to it or to everyone,
    and what it wrote."""
    messages = case.messages.select_related("reply_to")
    if sees_confidential(roles):
        return messages
    parties = [r for r in (COMPLAINANT, RESPONDENT) if r in roles]  # same values as Message.Party
    return messages.filter(
        Q(to__in=[*parties, Message.Party.EVERYONE]) | Q(author_role__in=parties)
    )


def party_role(roles: set[Role]) -> Role | str:
    """The role a person writes in, most official first ("" with none)."""
    for role in Role:
        if role in roles:
            return role
    return ""
