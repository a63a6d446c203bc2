"""Followers recorded before following needed a confirmed address (0006) stay unconfirmed.

Until then anyone could type any address, signed in or not, and the row kept no record of
who typed it: an address that also has a confirmed account proves nothing about who asked to
follow. So none counts as confirmed, and migrating sends nothing (a mass "please confirm"
would mail every address anyone ever typed). The owner who follows again gets the link.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from consultations import emails, services
from consultations.models import Follower
from consultations.tests.factories import ConsultationFactory
from core.models import OutboundEmail
from signatories.tests.factories import UserFactory

BEFORE = [("consultations", "0005_anonymous_responses_link_no_account")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_followers_from_before_stay_unconfirmed_and_are_sent_nothing(herefordshire):
    consultation = ConsultationFactory(compact=herefordshire)
    UserFactory(email="member@example.org")  # a confirmed account with a follower's address
    old = _migrate(BEFORE)
    try:
        for address in ("member@example.org", "typed-by-anyone@example.org"):
            old.get_model("consultations", "Follower").objects.create(
                consultation_id=consultation.pk, email=address
            )
        _migrate(_leaves())
        assert list(Follower.objects.values_list("email", "confirmed_at").order_by("email")) == [
            ("member@example.org", None),
            ("typed-by-anyone@example.org", None),
        ]
        assert not OutboundEmail.objects.exists()
        emails.tell_followers(consultation, "extended")
        assert not OutboundEmail.objects.exists()
        # following again asks the address's owner, as for anyone new
        services.follow(consultation=consultation, email="member@example.org")
        assert [e.subject for e in OutboundEmail.objects.all()] == [
            f"Confirm you want updates on \u201c{consultation.title}\u201d"
        ]
        assert Follower.objects.count() == 2
    finally:
        _migrate(_leaves())
