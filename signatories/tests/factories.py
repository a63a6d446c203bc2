"""Factories for people, organisations and their roles."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from accounts.models import User
from signatories.models import (
    CompactOfficer,
    CompactReview,
    DeclaredLink,
    Organisation,
    OrganisationContact,
    OrganisationType,
    ReferenceGroupMember,
    Sector,
    Signature,
)

PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    class Params:
        public = factory.Trait(
            sector=Sector.PUBLIC,
            organisation_type=OrganisationType.COUNCIL,
            charity_number="",
            other_id_scheme="GB-LAE",
            other_id="HEF",
        )
        private = factory.Trait(
            sector=Sector.PRIVATE,
            organisation_type=OrganisationType.BUSINESS,
            charity_number="",
            company_number=factory.Sequence(lambda n: f"{n:08d}"),
        )

    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Sector.VOLUNTARY_COMMUNITY
    organisation_type = OrganisationType.CHARITY
    charity_number = factory.Sequence(lambda n: f"{1100000 + n}")
    area = "Herefordshire"


class OrganisationContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationContact

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "Chief officer"


class CompactOfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompactOfficer

    user = factory.SubFactory(UserFactory, is_staff=True)


class ReferenceGroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferenceGroupMember

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Member {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = "Member"


class DeclaredLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeclaredLink

    member = factory.SubFactory(ReferenceGroupMemberFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    declared_on = factory.LazyFunction(timezone.localdate)


class SignatureFactory(factory.django.DjangoModelFactory):
    """A signature; `recommit_due=` records the review of its Compact that gives that date
    (the model works the date out itself, so it cannot be set directly): the review is recorded
    on its day, and the signature signed before it, as a review asks only those already on the
    list (an organisation signing on the day or later signed the reviewed Compact)."""

    class Meta:
        model = Signature

    @classmethod
    def _create(cls, model_class, *args, recommit_due=None, **kwargs):
        if recommit_due is not None:
            compact = kwargs["compact"]
            if not compact.recommit_within_weeks:
                raise ValueError(f"The {compact} sets no re-commit period.")
            reviewed_on = recommit_due - timedelta(weeks=compact.recommit_within_weeks)
            review, created = CompactReview.objects.get_or_create(
                compact=compact, reviewed_on=reviewed_on, defaults={"summary": "Review"}
            )
            if created:  # recorded_at is set on creation: move it to the review's day
                CompactReview.objects.filter(pk=review.pk).update(
                    recorded_at=timezone.make_aware(datetime.combine(reviewed_on, time(12)))
                )
            signed_on = kwargs.get("signed_on")
            if kwargs.get("state") and (signed_on is None or signed_on >= reviewed_on):
                kwargs["signed_on"] = reviewed_on - timedelta(days=1)
        return super()._create(model_class, *args, **kwargs)

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"S-TEST-{n:06d}")
    submitted_at = factory.LazyFunction(timezone.now)
    contact_name = "Jo Bloggs"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.org")

    class Params:
        approved = factory.Trait(
            state=Signature.State.APPROVED,
            decided_at=factory.LazyFunction(timezone.now),
            signed_on=factory.LazyFunction(timezone.localdate),
        )


def on_the_list(organisation, compact):
    """The organisation, published on the Compact's list (an officer approved its signature):
    only then may its contacts act for it there."""
    SignatureFactory(organisation=organisation, compact=compact, approved=True)
    return organisation
