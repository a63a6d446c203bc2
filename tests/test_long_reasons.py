"""A change's reason is kept whole in the history, however long (a withdrawal's or an outcome's
words, a long organisation name): the column once held 100 characters and longer was a 500."""

import pytest

from core.history import record_change
from signatories.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_long_reason_is_kept_whole():
    organisation = OrganisationFactory()
    reason = "Renamed after the merger of " + "the Ledbury and District Community Trusts, " * 8
    record_change(organisation, by=UserFactory(), reason=reason)
    organisation.name = "Ledbury and District Community Trust"
    organisation.save()
    assert organisation.history.first().history_change_reason == reason
