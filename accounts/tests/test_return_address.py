"""Creating an account keeps where the person was going, and ends on their home page."""

import pytest
from django.urls import reverse

from accounts.tests.test_squatting import OWNER, OWNERS_PASSWORD, choose_password, confirmation_path

pytestmark = pytest.mark.django_db

GOING_TO = "/sign-up/"


def test_create_an_account_on_the_sign_in_page_keeps_the_return_address(client):
    page = client.get(reverse("accounts:login"), {"next": GOING_TO}).content.decode()
    assert f'href="{reverse("accounts:register")}?next=%2Fsign-up%2F"' in page


def test_registering_then_confirming_sends_the_person_back_where_they_were_going(client):
    client.post(
        reverse("accounts:register") + "?next=" + GOING_TO,
        {"full_name": "Olive Owner", "email": OWNER, "next": GOING_TO},
    )
    response = choose_password(client, confirmation_path())
    assert response.status_code == 302
    assert response.url == reverse("accounts:login") + "?next=%2Fsign-up%2F"
    signed_in = client.post(response.url, {"username": OWNER, "password": OWNERS_PASSWORD})
    assert signed_in.url == GOING_TO


def test_a_return_address_on_another_site_is_dropped(client):
    client.post(
        reverse("accounts:register"),
        {"full_name": "Olive Owner", "email": OWNER, "next": "https://evil.example/"},
    )
    response = choose_password(client, confirmation_path())
    assert response.url == reverse("accounts:login")


def test_without_a_return_address_registration_ends_on_the_home_page_with_the_sign_up_link(client):
    client.post(reverse("accounts:register"), {"full_name": "Olive Owner", "email": OWNER})
    response = choose_password(client, confirmation_path())
    signed_in = client.post(response.url, {"username": OWNER, "password": OWNERS_PASSWORD})
    assert signed_in.url == reverse("home")
    page = client.get(signed_in.url).content.decode()
    assert f'href="{reverse("signatories:signup_start")}"' in page


def test_the_account_page_links_to_the_sign_up(client):
    from signatories.tests.factories import UserFactory

    client.force_login(UserFactory())
    page = client.get(reverse("accounts:home")).content.decode()
    assert f'href="{reverse("signatories:signup_start")}"' in page
