from datetime import date

import factory

from disputes.models import Case
from signatories.tests.factories import OrganisationFactory


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"C-TEST{n:04d}")
    complainant = factory.SubFactory(OrganisationFactory)
    respondent = factory.SubFactory(OrganisationFactory, public=True)
    commitment = factory.LazyAttribute(
        lambda o: o.compact.commitments.filter(theme="resolution").first()
    )
    what_happened = "They ended our funding without talking to us."
    outcome_sought = "A meeting."
    first_raised_on = date(2026, 1, 2)
    first_raised_how = "Letter"
    initial_contact_on = date(2026, 1, 5)
    contact_name = "Priya Secret"
    contact_email = "priya.secret@example.org"
    contact_phone = "07700 900123"
    stage = "informal"

    @factory.post_generation
    def on_the_list(case, create, extracted, **kwargs):
        """Both parties are on the Compact's published list, as every case raised is
        (services.raise_concern); `on_the_list=False` leaves them off."""
        from signatories.models import Signature
        from signatories.tests.factories import SignatureFactory

        if not create or extracted is False:
            return
        for organisation in (case.complainant, case.respondent):
            if not Signature.objects.filter(
                organisation=organisation, compact=case.compact, state__in=Signature.LIVE
            ).exists():
                SignatureFactory(organisation=organisation, compact=case.compact, approved=True)


def panel_members(compact):
    """Three active reference group members (with accounts) of three sectors, linked to nobody."""
    from signatories.tests.factories import ReferenceGroupMemberFactory

    return [
        ReferenceGroupMemberFactory(compact=compact, organisation=OrganisationFactory(**sector))
        for sector in ({"public": True}, {}, {"private": True})
    ]


def confirmed_panel(case, *, officer=None):
    """A panel proposed by an officer of the case's Compact, each member having confirmed."""
    from disputes import services
    from signatories.tests.factories import CompactOfficerFactory

    officer = officer or CompactOfficerFactory(compact=case.compact).user
    members = panel_members(case.compact)
    services.propose_panel(case, by=officer, members=members)
    for member in members:
        seat = case.panel.get(member=member)
        services.confirm_no_conflict(seat, by=member.user)
    return members
