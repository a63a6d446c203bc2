"""Account state changes: registering, confirming an email address, asking for a new password.

Nobody can squat an address (issue 19). Registering asks only for a name and an address; the
emailed link leads to "choose your password", and only choosing one there opens the account.
So the password that works is always chosen by whoever reads mail at the address: a stranger
who registers someone else's address never sets one. Registering again, or asking for a new
password, while the account is unconfirmed sends the owner a fresh link; an account left
unconfirmed for ACCOUNT_CONFIRM_DAYS no longer holds the address, and registering again
replaces it. The page answers the same whatever the address; what differs is said by email,
to the address only.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core import emails

from .models import User
from .signin import normalised_address


class ConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for the confirmation link only.

    Their own salt means a confirmation token never opens the password-reset page (nor a reset
    token this one); hashing `is_active` and `confirmed_at`, which confirming changes, makes
    each good once.
    """

    key_salt = "accounts.services.ConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email}{user.is_active}{user.confirmed_at}{timestamp}"


confirmation_tokens = ConfirmationTokenGenerator()


def confirm_days() -> int:
    """How long an unconfirmed account holds its address."""
    return getattr(settings, "ACCOUNT_CONFIRM_DAYS", 7)


def has_expired(user: User) -> bool:
    """An account never confirmed within ACCOUNT_CONFIRM_DAYS: its address is free again."""
    return user.is_unconfirmed and user.date_joined <= timezone.now() - timedelta(
        days=confirm_days()
    )


def _uid(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def confirmation_link(user: User) -> str:
    """The one-time link that confirms this person's address and lets them choose a password."""
    token = confirmation_tokens.make_token(user)
    return emails.absolute(reverse("accounts:activate", args=[_uid(user), token]))


def password_reset_link(user: User) -> str:
    """The link that lets the owner of an open account choose a new password."""
    token = default_token_generator.make_token(user)
    return emails.absolute(reverse("accounts:password_reset_confirm", args=[_uid(user), token]))


def _send_confirmation(user: User) -> None:
    emails.send(
        "accounts/emails/confirm_email",
        "Confirm your email address for the Compact Portal",
        [user.email],
        {"user": user, "link": confirmation_link(user)},
        about=user,
    )


@transaction.atomic
def register(*, full_name: str, email: str) -> None:
    """Start an account for the address, or tell the address's owner it already has one."""
    email = normalised_address(email)
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is not None and has_expired(user):
        user.delete()
        user = None
    if user is None:
        user = User(full_name=full_name, email=email, is_active=False, confirmed_at=None)
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            return  # registered at the same moment by another request, which sent the link
        _send_confirmation(user)
    elif user.is_unconfirmed:
        _send_confirmation(user)  # a fresh link; the name is the owner's to set on confirming
    else:
        emails.send(
            "accounts/emails/already_registered",
            "Someone tried to create a Compact Portal account with your address",
            [user.email],
            {
                "sign_in": emails.absolute(reverse("accounts:login")),
                "reset": emails.absolute(reverse("accounts:password_reset")),
            },
            about=user,
        )


@transaction.atomic
def confirm(*, user: User, full_name: str, password: str) -> User:
    """Open the account with the password its owner chose from the emailed link."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_unconfirmed:
        raise ValidationError("This account is already open. Sign in.")
    user.full_name = full_name
    user.set_password(password)
    user.is_active = True
    user.confirmed_at = timezone.now()
    user.save(update_fields=["full_name", "password", "is_active", "confirmed_at"])
    return user


@transaction.atomic
def request_password_reset(*, email: str) -> None:
    """Email the address: a reset link, a fresh confirmation link, or a note it has no account."""
    email = normalised_address(email)
    user = User.objects.filter(email__iexact=email).first()
    if user is None or has_expired(user):
        emails.send(
            "accounts/emails/password_reset_no_account",
            "Reset your Compact Portal password",
            [email],
            {"register": emails.absolute(reverse("accounts:register"))},
        )
    elif user.is_unconfirmed:
        _send_confirmation(user)
    elif user.is_active and user.has_usable_password():
        emails.send(
            "accounts/emails/password_reset",
            "Reset your Compact Portal password",
            [user.email],
            {"email": user.email, "link": password_reset_link(user)},
            about=user,
        )
    # a deactivated account gets nothing: an officer closed it and only an officer reopens it


def delete_expired_registrations() -> int:
    """Remove accounts never confirmed within ACCOUNT_CONFIRM_DAYS; returns how many."""
    cutoff = timezone.now() - timedelta(days=confirm_days())
    expired = User.objects.filter(confirmed_at=None, is_active=False, date_joined__lte=cutoff)
    return expired.delete()[1].get(User._meta.label, 0)
