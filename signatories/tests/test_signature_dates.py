"""A signature's re-commit date is worked out by the model on every save (issue 18, point 1)."""

from datetime import date, timedelta

import pytest

from signatories import services
from signatories.models import Signature
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationFactory,
    SignatureFactory,
)

pytestmark = pytest.mark.django_db
REVIEWED = date(2026, 11, 1)


@pytest.fixture
def officer(herefordshire):
    return CompactOfficerFactory(compact=herefordshire).user


@pytest.fixture
def reviewed(officer, herefordshire):
    """A published signature, then a review of its Compact."""
    signature = SignatureFactory(
        compact=herefordshire, approved=True, signed_on=REVIEWED - timedelta(days=30)
    )
    services.record_review(compact=herefordshire, by=officer, reviewed_on=REVIEWED, summary="R")
    signature.refresh_from_db()
    return signature


def test_a_review_gives_each_published_signature_its_recommit_date(reviewed, herefordshire):
    assert reviewed.recommit_due == REVIEWED + timedelta(weeks=herefordshire.recommit_within_weeks)


def test_a_save_that_forgets_the_recommit_date_gets_it_back(reviewed):
    due = reviewed.recommit_due
    reviewed.recommit_due = None
    reviewed.save()
    reviewed.refresh_from_db()
    assert reviewed.recommit_due == due


def test_a_signature_imported_after_a_review_gets_its_recommit_date(reviewed, herefordshire):
    imported = Signature.objects.create(
        organisation=OrganisationFactory(),
        compact=herefordshire,
        reference="IMPORT-1",
        submitted_at=reviewed.submitted_at,
        state=Signature.State.APPROVED,
        signed_on=REVIEWED - timedelta(days=30),
    )
    assert imported.recommit_due == reviewed.recommit_due


def test_a_changed_recommit_period_moves_the_dates_on_a_plain_save(reviewed, herefordshire):
    herefordshire.recommit_within_weeks = 4
    herefordshire.save()
    reviewed.refresh_from_db()
    assert reviewed.recommit_due == REVIEWED + timedelta(weeks=4)
    assert herefordshire.reviews.get().recommit_by == REVIEWED + timedelta(weeks=4)


def test_a_recommit_period_turned_off_clears_the_dates(reviewed, herefordshire):
    herefordshire.recommit_within_weeks = None
    herefordshire.save()
    reviewed.refresh_from_db()
    assert reviewed.recommit_due is None
    assert services.lapse_overdue_signatures(date(2030, 1, 1)) == 0


def test_recommitting_after_the_review_clears_the_date_for_good(reviewed, herefordshire):
    reviewed.recommitted_on = REVIEWED + timedelta(days=3)
    reviewed.save()
    herefordshire.recommit_within_weeks = 30
    herefordshire.save()
    reviewed.refresh_from_db()
    assert reviewed.recommit_due is None
