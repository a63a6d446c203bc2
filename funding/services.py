"""State changes of funding agreements, notices and renewal decisions: one function each."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import User
from core.history import record_change
from signatories.models import Sector

from . import access, emails
from .models import FundingAgreement, FundingNotice, NoticeReply, RenewalDecision

AGREEMENT_FIELDS = [
    "compact",
    "funder",
    "recipient",
    "kind",
    "title",
    "purpose",
    "amount",
    "awarded_on",
    "start_date",
    "end_date",
    "renewal_date",
    "short_term_reason",
    "award_reasons",
    "full_cost_recovery",
    "payment_in_advance",
    "outcomes_agreed",
    "risk_assessment",
]


def check_agreement(data: dict, by: User) -> None:
    """Refuse an agreement its funder's officers could not record (the site's and the admin's)."""
    funder, compact = data["funder"], data["compact"]
    if funder.sector != Sector.PUBLIC:
        raise ValidationError({"funder": "The funder must be a public-sector organisation."})
    if not access.may_act_for(by, funder, compact):
        raise PermissionDenied("Only the funder's officers can record its agreements.")
    if data["end_date"] < data["start_date"]:
        raise ValidationError({"end_date": "The end date must be on or after the start date."})
    if data["amount"] < 0:
        raise ValidationError({"amount": "The amount cannot be negative."})


@transaction.atomic
def record_agreement(*, by: User, **data) -> FundingAgreement:
    """Record a funding agreement made by a public body."""
    check_agreement(data, by)
    agreement = FundingAgreement(created_by=by, **data)
    agreement.full_clean()
    record_change(agreement, by=by, reason="Recorded")
    agreement.save()
    return agreement


@transaction.atomic
def update_agreement(*, agreement: FundingAgreement, by: User, **data) -> FundingAgreement:
    """Change an agreement's details; its verdicts are re-checked."""
    if not access.may_change(by, agreement):
        raise PermissionDenied("Only the funder's officers can change its agreements.")
    merged = {f: data.get(f, getattr(agreement, f)) for f in AGREEMENT_FIELDS}
    check_agreement(merged, by)
    agreement = FundingAgreement.objects.select_for_update().get(pk=agreement.pk)
    for field, value in merged.items():
        setattr(agreement, field, value)
    agreement.full_clean()
    record_change(agreement, by=by, reason="Edited")
    agreement.save()
    return agreement


def proposed_notice(*, agreement: FundingAgreement, by: User, **data) -> FundingNotice:
    """The notice these details would make, unsaved and judged: what the issuer confirms."""
    notice = FundingNotice(agreement=agreement, issued_by=by, **data)
    notice.refresh_verdicts()
    return notice


@transaction.atomic
def issue_notice(
    *,
    agreement: FundingAgreement,
    by: User,
    confirmed_breaches: Collection[str] = (),
    **data,
) -> FundingNotice:
    """Give notice of ending, reducing or changing an agreement; the recipient is emailed.

    A notice that breaks a check of its Compact is issued only when the issuer has confirmed
    each one it breaks (`confirmed_breaches`, the keys of FundingNotice.breaches()).
    """
    if not access.may_change(by, agreement):
        raise PermissionDenied("Only the funder's officers can issue its notices.")
    if data["effective_on"] < data["issued_on"]:
        raise ValidationError(
            {"effective_on": "The notice cannot take effect before it is issued."}
        )
    if data.get("exceptional") and not agreement.compact.exceptional_circumstances_allowed:
        raise ValidationError(
            {"exceptional": f"The {agreement.compact.name} does not allow notice to be cut short."}
        )
    if data.get("exceptional") and not data.get("exceptional_justification", "").strip():
        raise ValidationError(
            {"exceptional_justification": "Explain the exceptional circumstances."}
        )
    # Notices of one agreement are issued one at a time: a double click finds the first.
    agreement = FundingAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.notices.filter(
        kind=data["kind"], issued_on=data["issued_on"], effective_on=data["effective_on"]
    ).exists():
        raise ValidationError("This notice has already been issued.")
    notice = proposed_notice(agreement=agreement, by=by, **data)
    unconfirmed = [b for b in notice.breaches() if b.key not in set(confirmed_breaches)]
    if unconfirmed:
        raise ValidationError(
            "Confirm that you are issuing a notice that breaks "
            + "; ".join(f"{b.clause} ({b.text})" for b in unconfirmed)
            + "."
        )
    notice.full_clean()
    record_change(notice, by=by, reason=f"Issued ({notice.get_state_display()})")
    notice.save()
    emails.notice_issued(notice)
    return notice


@transaction.atomic
def reply_to_notice(*, notice: FundingNotice, by: User, text: str) -> NoticeReply:
    """The recipient answers a notice in writing; the funder's contacts are emailed."""
    if not access.may_reply(by, notice):
        raise PermissionDenied("Only the recipient's contacts can reply to this notice.")
    if not text.strip():
        raise ValidationError({"text": "Enter your reply."})
    notice = FundingNotice.objects.select_for_update().get(pk=notice.pk)
    organisation = notice.agreement.recipient
    # A double click sends the same words twice: the second is the first.
    if notice.replies.filter(organisation=organisation, written_by=by, text=text).exists():
        raise ValidationError("This reply has already been sent.")
    reply = NoticeReply(notice=notice, organisation=organisation, text=text, written_by=by)
    reply.full_clean()
    record_change(reply, by=by, reason="Replied")
    reply.save()
    emails.notice_replied(reply)
    return reply


@transaction.atomic
def record_renewal_decision(
    *,
    agreement: FundingAgreement,
    by: User,
    decision: str,
    notified_on: date,
    reasons: str = "",
) -> RenewalDecision:
    """Record whether the funder will renew, and when the recipient was told."""
    if not access.may_change(by, agreement):
        raise PermissionDenied("Only the funder's officers can record renewal decisions.")
    if agreement.renewal_date is None:
        raise ValidationError("This agreement has no renewal date.")
    if hasattr(agreement, "renewal_decision"):
        raise ValidationError("A renewal decision is already recorded for this agreement.")
    if decision == RenewalDecision.Decision.NOT_RENEW and not reasons.strip():
        raise ValidationError({"reasons": "Give the reasons for not renewing."})
    record = RenewalDecision(
        agreement=agreement,
        decision=decision,
        notified_on=notified_on,
        reasons=reasons,
        recorded_by=by,
    )
    record_change(record, by=by, reason="Recorded")
    record.save()
    return record
