"""The portal's emails: a plain-text template, with the same text in the HTML layout, written
to the outbox (core.outbox) in the caller's transaction and sent by a task after it commits."""

from __future__ import annotations

from django.db import models
from django.template import Context
from django.template.loader import get_template, render_to_string

from .outbox import Draft, enqueue, single_line
from .site import site_url


def absolute(path: str) -> str:
    """A link people can follow from an email: SITE_URL's, or the request's host (core.site)."""
    return site_url() + path


def plain_text(template_name: str, context: dict) -> str:
    """A plain-text template rendered without HTML escaping: "Smith & Sons" stays as typed
    (the HTML layout escapes the same text where it is shown as HTML)."""
    rendered = get_template(template_name).template.render(Context(context, autoescape=False))
    # Plain str, not the SafeString a template gives: the HTML layout must escape this text.
    return "".join(rendered)


def send(
    template: str,
    subject: str,
    to: list[str],
    context: dict,
    *,
    about: models.Model | None = None,
    compact_id: int | None = None,
    headers: dict[str, str] | None = None,
    attachments: tuple[tuple[str, str, str], ...] = (),
) -> list[int]:
    """Queue `<template>.txt`, in the HTML layout too, to each address: one outbox row each.

    The subject is made one line (a title with a line break cannot break the header). `about`
    is the record the email concerns, listed with it in the admin; `compact_id` lets that
    Compact's officers see it; `headers` are extra headers each message carries (one line
    each, e.g. List-Unsubscribe); `attachments` are small text files, (name, MIME type,
    text), sent with each. Returns the rows' ids; nothing is sent before the commit.
    """
    if not to:
        return []
    subject = single_line(subject)
    context = {**context, "site_url": site_url()}
    text = plain_text(f"{template}.txt", context)
    html = render_to_string("emails/base.html", {**context, "subject": subject, "body": text})
    return enqueue(
        Draft(
            to=address,
            subject=subject,
            text=text,
            html=html,
            about=about,
            compact_id=compact_id,
            headers=headers or {},
            attachments=tuple(attachments),
        )
        for address in to
    )
