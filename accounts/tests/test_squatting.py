"""Nobody can squat an address: tried from the side of a stranger who registers or probes
someone else's address, and of the owner who comes afterwards (issue 19, point 4)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import User
from accounts.services import delete_expired_registrations
from core.models import OutboundEmail
from signatories.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

OWNER = "owner@example.org"
STRANGERS_PASSWORD = "strangers-long-pass-1"
OWNERS_PASSWORD = "owners-own-long-pass-2"


def register(client, email=OWNER, name="Someone"):
    return client.post(
        "/account/register/",
        {
            "full_name": name,
            "email": email,
            # the form used to take a password; a stranger would still send one
            "password1": STRANGERS_PASSWORD,
            "password2": STRANGERS_PASSWORD,
        },
    )


def latest_email(address=OWNER) -> OutboundEmail:
    return OutboundEmail.objects.filter(recipient=address).order_by("pk").last()


def confirmation_path(address=OWNER) -> str:
    return re.search(r"https?://[^/\s]+(/account/confirm/\S+/)", latest_email(address).body_text)[1]


def choose_password(client, path, password=OWNERS_PASSWORD, name="Olive Owner"):
    """Follow the emailed link and choose a password, as the owner of the mailbox does."""
    response = client.get(path, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else path
    return client.post(
        form_path,
        {"full_name": name, "new_password1": password, "new_password2": password},
    )


def test_a_stranger_who_registers_my_address_never_holds_a_working_password(client):
    register(client, name="Stranger")
    register(client, name="Olive Owner")  # the owner tries: no "already exists"
    response = choose_password(client, confirmation_path())
    assert response.status_code == 302
    owner = User.objects.get(email=OWNER)
    assert owner.is_active and owner.full_name == "Olive Owner"
    assert client.login(username=OWNER, password=OWNERS_PASSWORD)
    assert not client.login(username=OWNER, password=STRANGERS_PASSWORD)


def test_following_the_link_alone_opens_nothing(client):
    register(client, name="Stranger")
    client.get(confirmation_path(), follow=True)
    assert not User.objects.get(email=OWNER).is_active
    assert not client.login(username=OWNER, password=STRANGERS_PASSWORD)


def test_an_unconfirmed_account_expires_and_registering_again_replaces_it(client):
    register(client, name="Stranger")
    squatted = User.objects.get(email=OWNER)
    stale_link = confirmation_path()
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = register(client, name="Olive Owner")
        assert response.status_code == 200
        owner = User.objects.get(email=OWNER)
        assert owner.pk != squatted.pk and owner.full_name == "Olive Owner"
        assert choose_password(client, stale_link).status_code == 400
        assert choose_password(client, confirmation_path()).status_code == 302
    assert client.login(username=OWNER, password=OWNERS_PASSWORD)


def test_an_unconfirmed_account_still_holds_its_address_within_the_days_allowed(client):
    register(client, name="Olive Owner")
    first = User.objects.get(email=OWNER)
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        register(client, name="Olive Owner")
    assert User.objects.get(email=OWNER).pk == first.pk
    assert OutboundEmail.objects.filter(recipient=OWNER).count() == 2  # a fresh link each time


def test_the_confirmation_link_works_once(client):
    register(client)
    path = confirmation_path()
    assert choose_password(client, path).status_code == 302
    client.logout()
    response = choose_password(client, path, password="another-long-pass-3")
    assert response.status_code == 400
    assert client.login(username=OWNER, password=OWNERS_PASSWORD)


def test_a_confirmation_link_cannot_reset_a_password(client):
    register(client)
    choose_password(client, confirmation_path())
    uid, token = confirmation_path().split("/")[-3:-1]
    response = client.get(f"/account/password/reset/{uid}/{token}/", follow=True)
    assert "This link has expired" in response.content.decode()
    response = client.post(
        f"/account/password/reset/{uid}/set-password/",
        {"new_password1": "takeover-long-pass-4", "new_password2": "takeover-long-pass-4"},
    )
    assert not client.login(username=OWNER, password="takeover-long-pass-4")


def test_registering_an_address_with_an_account_looks_the_same_and_tells_the_owner(client):
    UserFactory(email=OWNER)
    taken = register(client, email=OWNER).content.decode()
    free = register(client, email="new@example.org").content.decode()
    assert taken.replace(OWNER, "ADDRESS") == free.replace("new@example.org", "ADDRESS")
    assert "We have sent an email to" in taken and "already" not in taken
    email = latest_email()
    assert "someone tried to create an account with this address" in email.body_text.lower()
    assert "/account/password/reset/" in email.body_text
    assert client.login(username=OWNER, password=PASSWORD)  # nothing changed for the owner


def test_a_reset_request_looks_the_same_for_any_address(client):
    UserFactory(email=OWNER)
    known = client.post("/account/password/reset/", {"email": OWNER}, follow=True)
    unknown = client.post("/account/password/reset/", {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.content == unknown.content
    assert "We have sent an email to that address" in known.content.decode()
    assert "/account/password/reset/" in latest_email().body_text
    told = latest_email("nobody@example.org").body_text
    assert "no Compact Portal account" in told and "/account/register/" in told


def test_the_owner_of_a_squatted_address_can_take_it_back_through_a_reset(client):
    register(client, name="Stranger")
    client.post("/account/password/reset/", {"email": OWNER})
    assert choose_password(client, confirmation_path()).status_code == 302
    assert client.login(username=OWNER, password=OWNERS_PASSWORD)


def test_the_clean_up_removes_only_registrations_left_unconfirmed_too_long(client):
    register(client, email="old@example.org")
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        register(client, email="recent@example.org")
        UserFactory(email="closed@example.org", is_active=False)  # deactivated by an officer
        assert delete_expired_registrations() == 1
    assert set(User.objects.values_list("email", flat=True)) == {
        "recent@example.org",
        "closed@example.org",
    }


def test_the_nightly_task_removes_expired_registrations(settings):
    from accounts.tasks import delete_expired_registrations

    assert delete_expired_registrations.name in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    assert delete_expired_registrations() == 0


@pytest.mark.parametrize("hidden", ["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_an_address_with_an_invisible_character_is_the_same_address(client, hidden):
    """A zero-width or soft-hyphen character typed into an address is dropped when it is
    read: it makes no second account for a mailbox that already has one."""
    UserFactory(email=OWNER)
    register(client, email=OWNER + hidden)
    register(client, email="ow" + hidden + "ner@example.org")
    assert User.objects.count() == 1
    assert "someone tried to create an account" in latest_email().body_text.lower()
