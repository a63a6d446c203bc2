"""Emails about consultations: each renders and writes to the outbox, nothing else.

The services record that a respondent was acknowledged or told (`acknowledged_at`,
`feedback_notified_at`) in the same transaction as the outbox row."""

from __future__ import annotations

from core.emails import absolute, send

from .follow_tokens import CONFIRM, UNSUBSCRIBE, link_for, one_click_headers
from .models import Response

EVENTS = {
    "opened": "is now open",
    "extended": "has a later closing date",
    "dates_changed": "has new dates",
    "closed": "has closed",
    "feedback": "has published its feedback",
}


def acknowledge(response: Response) -> None:
    """The acknowledgement a respondent gets (004 10.2.7), with the reference to quote."""
    consultation = response.consultation
    send(
        "consultations/emails/acknowledgement",
        f"We have your response to \u201c{consultation.title}\u201d ({response.reference})",
        [response.email],
        {
            "response": response,
            "consultation": consultation,
            "link": absolute(consultation.get_absolute_url()),
        },
        about=response,
        compact_id=consultation.compact_id,
    )


def feedback_published(response: Response) -> None:
    """A respondent who left contact details is told of the decision (004 10.2.8)."""
    consultation = response.consultation
    send(
        "consultations/emails/feedback",
        f"Feedback on \u201c{consultation.title}\u201d: what was decided",
        [response.email],
        {
            "response": response,
            "consultation": consultation,
            "link": absolute(consultation.get_absolute_url()),
        },
        about=response,
        compact_id=consultation.compact_id,
    )


def tell_followers(consultation, event: str) -> None:
    # Only confirmed addresses; every email carries its own one-click unsubscribe link.
    for follower in consultation.followers.filter(confirmed_at__isnull=False):
        unsubscribe = link_for(follower, purpose=UNSUBSCRIBE)
        send(
            "consultations/emails/follower_update",
            f"\u201c{consultation.title}\u201d {EVENTS[event]}",
            [follower.email],
            {
                "consultation": consultation,
                "event": EVENTS[event],
                "link": absolute(consultation.get_absolute_url()),
                "unsubscribe": unsubscribe,
            },
            about=consultation,
            compact_id=consultation.compact_id,
            headers=one_click_headers(unsubscribe),
        )


def confirm_follow(follower) -> None:
    """The one email an unconfirmed address gets: the link that confirms it wants updates."""
    consultation = follower.consultation
    unsubscribe = link_for(follower, purpose=UNSUBSCRIBE)
    send(
        "consultations/emails/follow_confirm",
        f"Confirm you want updates on \u201c{consultation.title}\u201d",
        [follower.email],
        {
            "consultation": consultation,
            "confirm": link_for(follower, purpose=CONFIRM),
            "unsubscribe": unsubscribe,
        },
        about=consultation,
        compact_id=consultation.compact_id,
        headers=one_click_headers(unsubscribe),
    )
