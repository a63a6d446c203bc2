"""Emails about cases: they say that something happened, never what is confidential."""

from __future__ import annotations

from core.emails import absolute, send
from signatories.models import CompactOfficer, OrganisationContact

from .models import Message


def concern_acknowledged(case) -> None:
    send(
        "disputes/emails/acknowledged",
        f"We have logged your concern ({case.reference})",
        [case.contact_email],
        {"case": case, "link": absolute(case.get_absolute_url())},
        about=case,
        compact_id=case.compact_id,
    )


def message_sent(message) -> None:
    case = message.case
    if message.to == Message.Party.OFFICERS:
        recipients = list(
            CompactOfficer.objects.filter(compact=case.compact).values_list(
                "user__email", flat=True
            )
        ) + list(
            case.panel.filter(member__active=True)
            .exclude(member__user=None)
            .values_list("member__user__email", flat=True)
        )
    else:
        organisation = (
            case.complainant if message.to == Message.Party.COMPLAINANT else case.respondent
        )
        recipients = list(
            OrganisationContact.objects.filter(organisation=organisation).values_list(
                "user__email", flat=True
            )
        )
    send(
        "disputes/emails/message",
        f"A new message on case {case.reference}",
        sorted(set(recipients)),
        {"case": case, "link": absolute(case.get_absolute_url())},
        about=case,
        compact_id=case.compact_id,
    )
