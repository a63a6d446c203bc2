from datetime import date
from decimal import Decimal

import factory

from funding.models import Fact, FundingAgreement
from signatories.tests.factories import OrganisationFactory


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingAgreement

    funder = factory.SubFactory(OrganisationFactory, public=True)
    recipient = factory.SubFactory(OrganisationFactory)
    kind = FundingAgreement.Kind.GRANT
    title = factory.Sequence(lambda n: f"Advice service {n}")
    purpose = "Free advice for residents."
    amount = Decimal("25000.00")
    awarded_on = date(2026, 3, 1)
    start_date = date(2026, 4, 1)
    end_date = date(2029, 3, 31)
    outcomes_agreed = Fact.YES
