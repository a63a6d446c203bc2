"""A sign-up or a new contact posted twice makes one of each (issue 18, point 4), on SQLite.

The racing versions, on PostgreSQL, are in test_concurrent_clicks.py.
"""

import pytest

from signatories.models import Organisation, OrganisationContact, Signature
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


def test_adding_the_same_contact_twice_gives_one_link_and_a_clear_message(client):
    contact = OrganisationContactFactory()
    client.force_login(contact.user)
    newcomer = UserFactory(email="new@example.org")
    url = f"/signatories/{contact.organisation.pk}/contacts/"
    client.post(url, {"email": "new@example.org", "role": "Treasurer"})
    second = client.post(url, {"email": "new@example.org", "role": "Treasurer"}, follow=True)
    assert second.status_code == 200
    assert "new@example.org is already a contact" in second.content.decode()
    assert OrganisationContact.objects.filter(user=newcomer).count() == 1
