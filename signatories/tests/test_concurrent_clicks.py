"""Two requests racing on PostgreSQL: one sign-up, one contact, one decision (issue 18, point 4).

Each race is widened with a pause between a service's check and its write (where the history
reason is recorded), so that without the row lock both requests pass the check every time.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from signatories import services
from signatories.models import ContactInvitation, Organisation, OrganisationContact, Signature
from signatories.tests.factories import (
    CompactOfficerFactory,
    OrganisationContactFactory,
    SignatureFactory,
    UserFactory,
)
from signatories.tests.test_signup_journey import ORGANISATION

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def slow_writes(monkeypatch):
    real = services.record_change

    def record_change_slowly(*args, **kwargs):
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "record_change", record_change_slowly)


def race(*targets):
    """Run each target in its own thread and connection, released together; their results."""
    barrier = threading.Barrier(len(targets))
    results: list = [None] * len(targets)

    def run(i, target):
        try:
            barrier.wait()
            results[i] = target()
        except BaseException as error:  # noqa: BLE001 - returned to the test
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def _signed_in_at_check(user, compact) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session["signup"] = {
        "organisation": {**ORGANISATION, "postcode": "HR5 3AB"},
        "organisation_id": None,
        "contact_name": "Jo Bloggs",
        "contact_role": "Chair",
        "compact_id": compact.pk,
        "confirm": True,
        "pledges": "",
    }
    session.save()
    return client


def test_the_same_sign_up_posted_twice_at_once_makes_one_organisation(
    postgres, herefordshire, slow_writes
):
    person = UserFactory(full_name="Jo Bloggs")
    clients = [_signed_in_at_check(person, herefordshire) for _ in range(2)]
    responses = race(*[lambda c=c: c.post("/sign-up/check/") for c in clients])
    assert [r.status_code for r in responses] == [302, 302], responses
    assert {r["Location"] for r in responses} == {"/sign-up/done/"}
    assert Organisation.objects.count() == 1
    assert Signature.objects.count() == 1


def test_the_same_address_invited_twice_at_once_gives_one_invitation(postgres, slow_writes):
    contact = OrganisationContactFactory()

    def invite():
        return services.invite_contact(
            contact.organisation, "newcomer@example.org", invited_by=contact.user
        )

    results = race(invite, invite)
    assert all(isinstance(r, ContactInvitation) for r in results), results
    assert ContactInvitation.objects.count() == 1


def test_an_invitation_accepted_twice_at_once_gives_one_link(postgres, slow_writes):
    contact = OrganisationContactFactory()
    newcomer = UserFactory()
    invitation = services.invite_contact(
        contact.organisation, newcomer.email, invited_by=contact.user
    )
    token = services.invitation_token(invitation)
    results = race(*[lambda: services.accept_invitation(token=token, by=newcomer)] * 2)
    assert OrganisationContact.objects.filter(user=newcomer).count() == 1
    refused = [r for r in results if not isinstance(r, OrganisationContact)]
    assert len(refused) == 1 and isinstance(refused[0], ValidationError), results
    assert "accepted already" in refused[0].messages[0]


def test_two_contacts_removing_each_other_at_once_leave_one(postgres, slow_writes):
    first = OrganisationContactFactory()
    second = OrganisationContactFactory(organisation=first.organisation)
    results = race(
        lambda: services.remove_contact(contact=second, by=first.user),
        lambda: services.remove_contact(contact=first, by=second.user),
    )
    assert first.organisation.contacts.count() == 1
    assert any(isinstance(r, ValidationError) for r in results), results


def test_two_officers_approving_at_once_publish_once_and_the_second_is_told(
    postgres, herefordshire, slow_writes
):
    signature = SignatureFactory(compact=herefordshire)
    officers = [CompactOfficerFactory(compact=herefordshire).user for _ in range(2)]
    results = race(*[lambda o=o: services.approve_signature(signature, by=o) for o in officers])
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1, results
    assert "is published, so it cannot change that way" in refused[0].messages[0]
    assert signature.history.filter(history_change_reason="Approved").count() == 1


def test_an_officer_rejecting_while_another_approves_leaves_one_decision(
    postgres, herefordshire, slow_writes
):
    signature = SignatureFactory(compact=herefordshire)
    officer = CompactOfficerFactory(compact=herefordshire).user
    results = race(
        lambda: services.approve_signature(signature, by=officer),
        lambda: services.reject_signature(signature, by=officer, reason="Outside the area"),
    )
    assert sum(isinstance(r, ValidationError) for r in results) == 1, results
    signature.refresh_from_db()
    assert signature.history.exclude(history_change_reason=None).count() == 1


def test_a_change_request_decided_twice_at_once_is_applied_once(postgres, herefordshire):
    signature = SignatureFactory(compact=herefordshire)
    officers = [CompactOfficerFactory(compact=herefordshire).user for _ in range(2)]
    request = signature.organisation.change_requests.create(changes={"name": "Renamed Trust"})
    results = race(
        lambda: services.approve_change_request(request, by=officers[0]),
        lambda: services.reject_change_request(request, by=officers[1], reason="No"),
    )
    assert sum(isinstance(r, ValidationError) for r in results) == 1, results
    assert (
        "already been decided"
        in next(r for r in results if isinstance(r, ValidationError)).messages[0]
    )
