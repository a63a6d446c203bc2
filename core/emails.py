"""Sending the portal's emails: a plain-text template, with the same text in the HTML layout."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def absolute(path: str) -> str:
    """A link people can follow from an email."""
    return settings.SITE_URL + path


def send(template: str, subject: str, to: list[str], context: dict) -> None:
    """Send `<template>.txt` (and `<template>.html` when there is one) to the addresses."""
    if not to:
        return
    context = {**context, "site_url": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject, render_to_string(f"{template}.txt", context), None, to
    )
    message.attach_alternative(
        render_to_string(
            "emails/base.html",
            {**context, "subject": subject, "body": render_to_string(f"{template}.txt", context)},
        ),
        "text/html",
    )
    message.send()
