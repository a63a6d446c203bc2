"""Signing in and out, registering with a confirmed email, and resetting a password."""

import re

import pytest

from accounts.models import User
from core.models import OutboundEmail
from signatories.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_the_login_and_is_case_insensitive(client):
    UserFactory(email="jo@example.org")
    response = client.post(
        "/account/sign-in/", {"username": "JO@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"  # the person's home page


def test_a_wrong_password_shows_the_error_summary(client):
    UserFactory(email="jo@example.org")
    response = client.post("/account/sign-in/", {"username": "jo@example.org", "password": "nope"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter a correct email address and password" in page
    assert 'value="jo@example.org"' in page  # what was typed is kept


def test_registration_sends_a_link_to_choose_a_password_that_opens_the_account(client):
    response = client.post(
        "/account/register/", {"full_name": "Jo Bloggs", "email": "Jo@Example.org"}
    )
    assert response.status_code == 200
    user = User.objects.get(email="jo@example.org")
    assert not user.is_active
    email = OutboundEmail.objects.get(recipient="jo@example.org")
    path = re.search(r"https?://[^/\s]+(/account/confirm/\S+/)", email.body_text)[1]
    response = client.get(path, follow=True)
    assert "Choose your password" in response.content.decode()
    response = client.post(
        response.redirect_chain[-1][0],
        {
            "full_name": "Jo Bloggs",
            "new_password1": "plenty-long-pass-7",
            "new_password2": "plenty-long-pass-7",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.confirmed_at
    assert client.login(username="jo@example.org", password="plenty-long-pass-7")


def test_a_tampered_confirmation_link_is_refused(client):
    client.post(
        "/account/register/",
        {"full_name": "Jo", "email": "jo@example.org"},
    )
    user = User.objects.get(email="jo@example.org")
    from django.utils.http import urlsafe_base64_encode

    response = client.get(
        f"/account/confirm/{urlsafe_base64_encode(str(user.pk).encode())}/bad-token/"
    )
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.is_active


def test_registration_errors_keep_what_was_typed(client):
    response = client.post("/account/register/", {"full_name": "Jo", "email": "not-an-address"})
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter a valid email address" in page
    assert 'value="Jo"' in page


def test_password_reset_by_email(client):
    UserFactory(email="jo@example.org")
    response = client.post("/account/password/reset/", {"email": "jo@example.org"})
    assert response.status_code == 302
    email = OutboundEmail.objects.get(recipient="jo@example.org")
    path = re.search(r"https?://[^/\s]+(/account/password/reset/\S+/)", email.body_text)[1]
    response = client.get(path, follow=True)
    form_path = response.redirect_chain[-1][0]
    response = client.post(
        form_path, {"new_password1": "another-long-pass-9", "new_password2": "another-long-pass-9"}
    )
    assert response.status_code == 302
    assert client.login(username="jo@example.org", password="another-long-pass-9")


def test_sign_out_is_a_post(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/account/sign-out/").status_code == 200
    assert "_auth_user_id" in client.session
    client.post("/account/sign-out/")
    assert "_auth_user_id" not in client.session


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "fresh-long-pass-11",
            "new_password2": "fresh-long-pass-11",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("fresh-long-pass-11")
