"""Emails about funding."""

from __future__ import annotations

from core.emails import absolute, send


def contacts_of(organisation) -> list[str]:
    """The addresses of an organisation's contacts on the portal."""
    return list(organisation.contacts.values_list("user__email", flat=True))


def notice_issued(notice) -> list[str]:
    """Tell the recipient's contacts that notice has been given; the addresses written to."""
    agreement = notice.agreement
    recipients = contacts_of(agreement.recipient)
    send(
        "funding/emails/notice_issued",
        f"Notice about {agreement.title} from {agreement.funder.name}",
        recipients,
        {"notice": notice, "agreement": agreement, "link": absolute(notice.get_absolute_url())},
        about=notice,
        compact_id=agreement.compact_id,
    )
    return recipients


def notice_replied(reply) -> list[str]:
    """Tell the funder's contacts that the recipient has replied; the addresses written to."""
    notice = reply.notice
    agreement = notice.agreement
    recipients = contacts_of(agreement.funder)
    send(
        "funding/emails/notice_replied",
        f"{agreement.recipient.name} replied to your notice about {agreement.title}",
        recipients,
        {
            "reply": reply,
            "notice": notice,
            "agreement": agreement,
            "link": absolute(notice.get_absolute_url()),
        },
        about=reply,
        compact_id=agreement.compact_id,
    )
    return recipients
