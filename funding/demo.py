"""Demo agreements and notices for every verdict of every Compact."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from signatories.models import Compact, Organisation, Sector, Signature
from signatories.rules import add_months, add_years, latest_notice_date

from .models import (
    Fact,
    FundingAgreement,
    FundingNotice,
    NoticeState,
    RenewalDecision,
)

TITLES = [
    "Advice service",
    "Youth work",
    "Carers support",
    "Community transport",
    "Food access",
    "Mental health peer support",
    "Befriending older people",
    "Infrastructure support",
]


@transaction.atomic
def seed(*, scale: int = 1, stdout=None, progress=None, per_compact: int = 24) -> int:
    """Agreements of each term verdict, notices of each verdict, renewal decisions (idempotent)."""
    rng = random.Random(360)  # noqa: S311  # nosec B311 - demo data, repeatable on purpose
    today = timezone.localdate()
    made = 0
    compacts = list(Compact.objects.order_by("pk"))
    for number, compact in enumerate(compacts, start=1):
        if progress:
            progress("Funding agreements and notices", number, len(compacts))
        if FundingAgreement.objects.filter(compact=compact).exists():
            continue
        signed = Organisation.objects.filter(
            signatures__compact=compact, signatures__state=Signature.State.APPROVED
        ).order_by("pk")
        funders = list(signed.filter(sector=Sector.PUBLIC)[:4])
        recipients = list(signed.filter(sector=Sector.VOLUNTARY_COMMUNITY)[:60])
        if not funders or not recipients:
            continue
        agreements = []
        for i in range(per_compact * scale):
            start = today - timedelta(days=rng.randrange(0, 900))
            years = [3, 3, 1, 2][i % 4]
            end = add_years(start, years) - timedelta(days=1 if i % 4 != 3 else 40)
            agreement = FundingAgreement(
                compact=compact,
                funder=funders[i % len(funders)],
                recipient=recipients[i % len(recipients)],
                kind=FundingAgreement.Kind.values[i % 5],
                title=f"{TITLES[i % len(TITLES)]} {start.year}",
                purpose=f"{TITLES[i % len(TITLES)]} for people in {compact.area}.",
                amount=Decimal(rng.randrange(5, 400) * 1000),
                awarded_on=start - timedelta(days=30),
                start_date=start,
                end_date=end,
                renewal_date=end + timedelta(days=1) if i % 3 == 0 else None,
                short_term_reason="One-year pilot, to be reviewed"
                if i % 4 == 2 and i % 8 == 2
                else "",
                full_cost_recovery=[Fact.YES, Fact.NO, Fact.NOT_RECORDED][i % 3],
                payment_in_advance=[Fact.YES, Fact.NOT_RECORDED][i % 2],
                outcomes_agreed=Fact.YES,
                risk_assessment=[Fact.YES, Fact.NO][i % 2],
                award_reasons="The strongest bid on outcomes and value for money."
                if i % 2 == 0
                else "",
            )
            agreement.compact = compact
            agreement.refresh_verdicts()  # bulk_create does not call save()
            agreements.append(agreement)
        agreements = FundingAgreement.objects.bulk_create(agreements, batch_size=2000)
        made += len(agreements)
        notices = []
        variants = [
            NoticeState.MEETS,
            NoticeState.SHORT,
            NoticeState.NO_REASONS,
            NoticeState.NOT_IN_WRITING,
            NoticeState.EXCEPTION,
        ]
        months = compact.funding_end_notice_months or 3
        for i, agreement in enumerate(agreements[: max(10, len(agreements) // 2)]):
            variant = variants[i % len(variants)]
            if variant == NoticeState.EXCEPTION and not compact.exceptional_circumstances_allowed:
                variant = NoticeState.MEETS
            issued = today - timedelta(days=rng.randrange(0, 300))
            effective = (
                add_months(issued, months)
                if variant == NoticeState.MEETS
                else issued + timedelta(days=30)
            )
            notice = FundingNotice(
                agreement=agreement,
                kind=FundingNotice.Kind.values[i % 3],
                issued_on=issued,
                effective_on=effective,
                in_writing=variant != NoticeState.NOT_IN_WRITING,
                reasons=""
                if variant == NoticeState.NO_REASONS
                else "The budget for this service has been cut.",
                exceptional=variant == NoticeState.EXCEPTION,
                exceptional_justification="Safeguarding concerns found by audit."
                if variant == NoticeState.EXCEPTION
                else "",
                equality_impact_assessment=FundingNotice.Check.DONE
                if i % 2
                else FundingNotice.Check.NOT_DONE,
                equality_impact_assessment_on=issued - timedelta(days=20) if i % 2 else None,
                impact_assessment=FundingNotice.Check.DONE,
                impact_assessment_on=issued - timedelta(days=10),
                improvement_plan=FundingNotice.Check.NOT_RELEVANT,
                redesign_offered=[Fact.YES, Fact.NO, Fact.NOT_RECORDED][i % 3],
            )
            notice.agreement = agreement
            notice.refresh_verdicts()
            notices.append(notice)
        FundingNotice.objects.bulk_create(notices, batch_size=2000)
        if compact.renewal_notice_months:
            renewing = [
                a for a in agreements if a.renewal_date and a.renewal_due and a.renewal_due < today
            ][:4]
            decisions = []
            for i, agreement in enumerate(renewing[:2]):
                notified = (
                    agreement.renewal_due - timedelta(days=5)
                    if i == 0
                    else agreement.renewal_due + timedelta(days=5)
                )
                decision = RenewalDecision(
                    agreement=agreement,
                    decision=RenewalDecision.Decision.RENEW,
                    notified_on=notified,
                    reasons="",
                )
                decision.refresh_verdicts()  # in time, then late
                decisions.append(decision)
            RenewalDecision.objects.bulk_create(decisions)
        made += _reminder_showcase(compact, funders, recipients, today)
    if stdout:
        stdout.write(f"Funding: {made} agreements with notices and renewal decisions.")
    return made


def _end_for_notice_deadline(target, months: int):
    """An end date whose last day to give notice is `target`, if one exists."""
    first = add_months(target, months)
    for shift in range(-3, 4):
        end = first + timedelta(days=shift)
        if latest_notice_date(end, months) == target:
            return end
    return None


def _reminder_showcase(compact, funders, recipients, today) -> int:
    """Agreements whose deadlines fall on today's reminder offsets, so send_reminders has work."""
    made = 0
    months = compact.funding_end_notice_months
    for offset in (56, 14):
        end = _end_for_notice_deadline(today + timedelta(days=offset), months) if months else None
        if end is None:
            continue
        agreement = FundingAgreement(
            compact=compact,
            funder=funders[0],
            recipient=recipients[-1],
            kind=FundingAgreement.Kind.GRANT,
            title=f"Ending grant ({offset // 7} weeks to give notice)",
            purpose="A grant coming to its end.",
            amount=Decimal(20000),
            awarded_on=add_years(end, -3),
            start_date=add_years(end, -3) + timedelta(days=1),
            end_date=end,
            outcomes_agreed=Fact.YES,
        )
        agreement.save()
        made += 1
    renewal_months = compact.renewal_notice_months
    for offset in (28, -1):
        when = "overdue" if offset < 0 else f"{offset // 7} weeks"
        renewal = (
            _end_for_notice_deadline(today + timedelta(days=offset), renewal_months)
            if renewal_months
            else None
        )
        if renewal is None:
            continue
        agreement = FundingAgreement(
            compact=compact,
            funder=funders[0],
            recipient=recipients[-2],
            kind=FundingAgreement.Kind.CONTRACT,
            title=f"Contract up for renewal ({when})",
            purpose="A service contract with a renewal date.",
            amount=Decimal(60000),
            awarded_on=add_years(renewal, -3),
            start_date=add_years(renewal, -3),
            end_date=add_years(renewal, 2),
            renewal_date=renewal,
            outcomes_agreed=Fact.YES,
        )
        agreement.save()
        made += 1
    return made
