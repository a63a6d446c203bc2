"""Account state changes: registration and confirming an email address."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User


def confirmation_link(user: User) -> str:
    """The one-time link that confirms this person's email address."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:activate", args=[uid, token])


@transaction.atomic
def register(*, full_name: str, email: str, password: str) -> User:
    """Create an account that stays inactive until its email address is confirmed."""
    user = User(full_name=full_name, email=email.lower(), is_active=False)
    user.set_password(password)
    user.save()
    transaction.on_commit(lambda: _send_confirmation(user))
    return user


def _send_confirmation(user: User) -> None:
    context = {"user": user, "link": confirmation_link(user)}
    send_mail(
        "Confirm your email address for the Compact Portal",
        render_to_string("accounts/emails/confirm_email.txt", context),
        None,
        [user.email],
    )


@transaction.atomic
def activate(user: User, token: str) -> bool:
    """Confirm the address and open the account, if the token is still good."""
    if not default_token_generator.check_token(user, token):
        return False
    if user.is_active:
        return True
    user.is_active = True
    user.save(update_fields=["is_active"])
    return True
