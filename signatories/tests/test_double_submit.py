"""A sign-up or a new contact posted twice makes one of each (issue 18, point 4), on SQLite.

The racing versions, on PostgreSQL, are in test_concurrent_clicks.py.
"""

import pytest

from core.models import OutboundEmail
from signatories.models import ContactInvitation, Organisation, OrganisationContact, Signature
from signatories.tests.factories import OrganisationContactFactory, UserFactory
from signatories.tests.test_signup_journey import walk_to_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(client):
    user = UserFactory(full_name="Jo Bloggs", email="jo@kington.example.org")
    client.force_login(user)
    return user


def test_the_same_sign_up_posted_twice_signs_once_and_confirms_both_times(
    client, person, herefordshire
):
    walk_to_check(client, herefordshire)
    journey = dict(client.session["signup"])
    first = client.post("/sign-up/check/")
    # The second post read the session before the first one finished with it.
    session = client.session
    session["signup"] = journey
    session.save()
    second = client.post("/sign-up/check/")
    assert first["Location"] == second["Location"] == "/sign-up/done/"
    assert Organisation.objects.filter(name="Kington Village Hall").count() == 1
    assert Signature.objects.filter(organisation__name="Kington Village Hall").count() == 1
    done = client.get("/sign-up/done/").content.decode()
    assert Signature.objects.get(organisation__name="Kington Village Hall").reference in done


def test_inviting_the_same_contact_twice_gives_one_invitation_and_one_email(client):
    contact = OrganisationContactFactory()
    client.force_login(contact.user)
    url = f"/signatories/{contact.organisation.pk}/contacts/"
    client.post(url, {"email": "new@example.org", "role": "Treasurer"})
    second = client.post(url, {"email": "new@example.org", "role": "Treasurer"}, follow=True)
    assert second.status_code == 200
    assert "We have sent an invitation to new@example.org" in second.content.decode()
    assert ContactInvitation.objects.filter(email="new@example.org").count() == 1
    assert OutboundEmail.objects.filter(recipient="new@example.org").count() == 1


def test_inviting_someone_who_is_a_contact_already_says_so(client):
    contact = OrganisationContactFactory()
    client.force_login(contact.user)
    colleague = OrganisationContactFactory(organisation=contact.organisation)
    url = f"/signatories/{contact.organisation.pk}/contacts/"
    again = client.post(url, {"email": colleague.user.email.upper()}, follow=True)
    assert f"{colleague.user.email} is already a contact" in again.content.decode()
    assert not ContactInvitation.objects.exists()
    assert OrganisationContact.objects.filter(user=colleague.user).count() == 1
