"""Read-side functions for funding: who sees which agreements, and their verdicts."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from signatories.rules import Verdict

from .models import FundingAgreement, FundingNotice
from .rules import notice_verdict, renewal_verdict, term_verdict


def agreements_for(user: User) -> QuerySet[FundingAgreement]:
    """Agreements this person may see: their organisations', or their Compacts' as officer."""
    if not user.is_authenticated:
        return FundingAgreement.objects.none()
    scope = Q(funder__contacts__user=user) | Q(recipient__contacts__user=user)
    officer_of = user.officer_compact_ids()
    if officer_of:
        scope |= Q(compact__in=officer_of)
    ids = FundingAgreement.objects.filter(scope).values("pk")
    return FundingAgreement.objects.filter(pk__in=ids).select_related(
        "compact", "funder", "recipient"
    )


def notices_for(user: User) -> QuerySet[FundingNotice]:
    return FundingNotice.objects.filter(
        agreement__in=agreements_for(user).values("pk")
    ).select_related("agreement__compact", "agreement__funder", "agreement__recipient")


def term_of(agreement: FundingAgreement) -> Verdict:
    compact = agreement.compact
    return term_verdict(
        agreement.start_date,
        agreement.end_date,
        compact.min_term_years,
        agreement.short_term_reason,
    ).citing(compact.clause_for("min_term_years"))


def notice_of(notice: FundingNotice) -> Verdict:
    compact = notice.agreement.compact
    return notice_verdict(
        notice.issued_on,
        notice.effective_on,
        compact.funding_end_notice_months,
        in_writing=notice.in_writing,
        reasons=notice.reasons,
        exceptional=notice.exceptional,
        exceptions_allowed=compact.exceptional_circumstances_allowed,
    ).citing(compact.clause_for("funding_end_notice_months"))


def renewal_of(agreement: FundingAgreement, today: date) -> Verdict | None:
    if agreement.renewal_date is None:
        return None
    decision = getattr(agreement, "renewal_decision", None)
    compact = agreement.compact
    return renewal_verdict(
        decision.notified_on if decision else None,
        agreement.renewal_date,
        compact.renewal_notice_months,
        today,
    ).citing(compact.clause_for("renewal_notice_months"))


def renewals_awaiting_decision(user: User, today: date) -> QuerySet[FundingAgreement]:
    """Agreements whose Compact sets a renewal rule and that have no decision yet, soonest first."""
    return (
        agreements_for(user)
        .filter(renewal_due__isnull=False, renewal_decision__isnull=True)
        .select_related("renewal_decision")
        .order_by("renewal_due")
    )


def open_data_agreements() -> QuerySet[FundingAgreement]:
    """Agreements whose funder has agreed to publish them (360Giving)."""
    return FundingAgreement.objects.filter(funder__publish_funding=True).select_related(
        "funder", "recipient", "compact"
    )


NOTICE_STATES = ["meets", "exception", "short", "not_in_writing", "no_reasons", "not_set"]
TERM_STATES = ["meets", "shorter_with_reason", "shorter_no_reason", "not_set"]


def notice_figures(compact, start, end) -> dict | None:
    """Notices issued in the period, by notice_verdict state; None where the rule is not set."""
    if compact.funding_end_notice_months is None:
        return None
    return FundingNotice.objects.filter(
        agreement__compact=compact, issued_on__gte=start, issued_on__lte=end
    ).aggregate(**{state: Count("pk", filter=Q(state=state)) for state in NOTICE_STATES})


def term_figures(compact, start, end) -> dict | None:
    """Agreements starting in the period, by term_verdict state; None where the rule is not set."""
    if compact.min_term_years is None:
        return None
    return FundingAgreement.objects.filter(
        compact=compact, start_date__gte=start, start_date__lte=end
    ).aggregate(**{state: Count("pk", filter=Q(term_state=state)) for state in TERM_STATES})


def renewal_figures(compact, start, end, today) -> dict | None:
    """Renewal decisions due in the period: in time, late, pending, overdue; None if not set."""
    if compact.renewal_notice_months is None:
        return None
    due = FundingAgreement.objects.filter(
        compact=compact, renewal_due__gte=start, renewal_due__lte=end
    )
    return due.aggregate(
        in_time=Count("pk", filter=Q(renewal_decision__state="in_time")),
        late=Count("pk", filter=Q(renewal_decision__state="late")),
        pending=Count("pk", filter=Q(renewal_decision__isnull=True, renewal_due__gte=today)),
        overdue=Count("pk", filter=Q(renewal_decision__isnull=True, renewal_due__lt=today)),
        not_set=Count("pk", filter=Q(renewal_decision__state="not_set")),
    )


def notices_for_body(organisation, start, end):
    return (
        FundingNotice.objects.filter(
            agreement__funder=organisation, issued_on__gte=start, issued_on__lte=end
        )
        .select_related("agreement__compact", "agreement__recipient")
        .order_by("issued_on")
    )


def agreements_for_body(organisation, start, end):
    return (
        FundingAgreement.objects.filter(
            funder=organisation, start_date__gte=start, start_date__lte=end
        )
        .select_related("compact", "recipient")
        .order_by("start_date")
    )
