from datetime import date

import factory

from consultations.models import Consultation
from signatories.tests.factories import OrganisationFactory


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    lead_body = factory.SubFactory(OrganisationFactory, public=True)
    title = factory.Sequence(lambda n: f"Library opening hours {n}")
    summary = "Tell us what you think."
    body = "We propose shorter hours."
    level = "consulting"
    audience = "Residents"
    opens_on = date(2026, 1, 5)
    closes_on = date(2026, 3, 30)
    contact_email = "consult@example.org"
    status = Consultation.Status.OPEN
    questions = factory.LazyFunction(lambda: ["What do you think?"])
