"""Emails about funding."""

from __future__ import annotations

from core.emails import absolute, send


def notice_issued(notice) -> None:
    """Tell the recipient's contacts that notice has been given."""
    agreement = notice.agreement
    recipients = list(agreement.recipient.contacts.values_list("user__email", flat=True))
    send(
        "funding/emails/notice_issued",
        f"Notice about {agreement.title} from {agreement.funder.name}",
        recipients,
        {"notice": notice, "agreement": agreement, "link": absolute(notice.get_absolute_url())},
        about=notice,
        compact_id=agreement.compact_id,
    )
