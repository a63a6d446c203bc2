"""Sign-in protection by person and by client: the lockout holds whatever spelling of the address
is tried, a client spraying one password over many addresses is stopped, and behind a trusted
proxy each client is told apart by the address the proxy saw."""

import pytest
from django.test import Client

from core.limits import client_ip
from signatories.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
SIGN_IN = "/account/sign-in/"


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True
    return settings


def _sign_in(client, username, password, address="203.0.113.7"):
    return client.post(SIGN_IN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize(
    "spelling",
    ["Contact@example.org", "CONTACT@EXAMPLE.ORG", " contact@example.org", "contact@example.org "],
)
def test_a_locked_address_stays_locked_in_any_spelling(client, lockout, spelling):
    UserFactory(email="contact@example.org")
    for _ in range(lockout.AXES_FAILURE_LIMIT):
        _sign_in(client, "contact@example.org", "guess")
    response = _sign_in(client, spelling, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_locked_address_stays_locked_from_another_client(client, lockout):
    UserFactory(email="contact@example.org")
    for _ in range(lockout.AXES_FAILURE_LIMIT):
        _sign_in(client, "contact@example.org", "guess", address="203.0.113.7")
    response = _sign_in(Client(), "contact@example.org", PASSWORD, address="198.51.100.9")
    assert response.status_code == 429


def test_any_spelling_of_the_right_address_signs_in(client, lockout):
    UserFactory(email="contact@example.org")
    response = _sign_in(client, " Contact@Example.org", PASSWORD)
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_spraying_one_password_over_many_addresses_is_stopped(client, lockout):
    lockout.SIGN_IN_CLIENT_RATE = "20/h"
    UserFactory(email="victim@example.org")
    answers = [_sign_in(client, f"person{n}@example.org", "Summer2026!") for n in range(20)]
    assert all(answer.status_code == 200 for answer in answers)  # the form, with its error
    response = _sign_in(client, "victim@example.org", PASSWORD)
    assert response.status_code == 429  # refused even with the right password
    assert (
        _sign_in(Client(), "victim@example.org", PASSWORD, address="198.51.100.9").status_code
        == 302
    )


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_saw(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )  # the client claimed 6.6.6.6; our proxy saw 203.0.113.7
    assert client_ip(request) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"  # no proxy of ours: the header is the client's say


def test_the_sign_in_limit_keys_each_client_behind_the_proxy_apart(client, lockout):
    lockout.TRUSTED_PROXY_COUNT = 1
    lockout.SIGN_IN_CLIENT_RATE = "3/h"
    UserFactory(email="someone@example.org")
    for n in range(3):
        client.post(
            SIGN_IN,
            {"username": f"p{n}@example.org", "password": "x"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    other = Client().post(
        SIGN_IN,
        {"username": "someone@example.org", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert other.status_code == 302  # another client behind the same proxy signs in


def _sign_in_to_the_admin(client, username, password, address="203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_spraying_through_the_admin_sign_in_page_is_stopped_too(client, lockout, herefordshire):
    """The admin's own sign-in page is a second door: its failures count against the client, and
    a refused client has no password checked there either."""
    from signatories.tests.factories import CompactOfficerFactory

    lockout.SIGN_IN_CLIENT_RATE = "20/h"
    officer = CompactOfficerFactory(compact=herefordshire).user
    for n in range(20):
        _sign_in_to_the_admin(client, f"person{n}@example.org", "Summer2026!")
    _sign_in_to_the_admin(client, officer.email, PASSWORD)
    assert "_auth_user_id" not in client.session  # the right password found nothing
    assert _sign_in(Client(), officer.email, PASSWORD).status_code == 429  # nor at the front
    elsewhere = _sign_in_to_the_admin(Client(), officer.email, PASSWORD, address="198.51.100.9")
    assert elsewhere.status_code == 302


def test_admin_sign_in_failures_and_portal_failures_share_one_count(client, lockout):
    lockout.SIGN_IN_CLIENT_RATE = "4/h"
    UserFactory(email="victim@example.org")
    for n in range(2):
        _sign_in_to_the_admin(client, f"person{n}@example.org", "Summer2026!")
    for n in range(2, 4):
        _sign_in(client, f"person{n}@example.org", "Summer2026!")
    assert _sign_in(client, "victim@example.org", PASSWORD).status_code == 429
