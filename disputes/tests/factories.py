from datetime import date

import factory

from disputes.models import Case
from signatories.tests.factories import OrganisationFactory


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

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
