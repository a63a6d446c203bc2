"""Read-side functions for funding: agreements' verdicts, lists and the figures counted by state."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, DateField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet

from accounts.models import User
from core.counts import AmongIds, Counted
from signatories.rules import Verdict

from . import access
from .models import (
    Fact,
    FundingAgreement,
    FundingNotice,
    NoticeState,
    RenewalDecision,
    RenewalState,
    TermState,
)
from .rules import headline_verdict, notice_verdict, renewal_verdict, term_verdict, unmet_checks


def term_of(agreement: FundingAgreement) -> Verdict:
    """The term's verdict under its Compact's minimum, citing the clause."""
    compact = agreement.compact
    return term_verdict(
        agreement.start_date,
        agreement.end_date,
        compact.min_term_years,
        agreement.short_term_reason,
    ).citing(compact.clause_for("min_term_years"))


def notice_of(notice: FundingNotice) -> Verdict:
    """The notice's headline verdict under its Compact, citing the clause of the first check it
    does not meet (the notice period's clause when it meets them all)."""
    compact = notice.agreement.compact
    verdict = notice_verdict(
        notice.issued_on,
        notice.effective_on,
        compact.funding_end_notice_months,
        in_writing=notice.in_writing,
        reasons=notice.reasons,
        exceptional=notice.exceptional,
        exceptions_allowed=compact.exceptional_circumstances_allowed,
    )
    unmet = unmet_checks(notice.kind, notice.checks_asked(), notice)
    verdict = headline_verdict(verdict, unmet)
    if verdict.state == NoticeState.CHECKS_MISSING:
        return verdict.citing(compact.clause_for(unmet[0]))
    return verdict.citing(compact.clause_for("funding_end_notice_months"))


def renewal_of(agreement: FundingAgreement, today: date) -> Verdict | None:
    """The renewal decision's verdict today; None where the agreement does not renew."""
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


def _in_order(user: User, field: str) -> tuple:
    """The order of a list of agreements, by `field` then id.

    An officer's (or the superuser's) list is read in this order from an index (compact_id,
    end_date, id; renewal_due). A contact's list is a few hundred rows at most, found by their
    organisations' ids (funder OR recipient) and then sorted; read along the date index instead,
    PostgreSQL would pass most of the country's agreements to find them, and for a short page
    (LIMIT 17) its estimates choose just that (1 s for a charity with 17 agreements). `+ 0`
    keeps the order and is no column an index serves, so the ids lead.
    """
    if user.is_authenticated and user.officer_compact_ids():
        return (field, "pk")
    fenced = ExpressionWrapper(F(field) + 0, output_field=DateField())
    return (fenced.asc(), "pk")


def agreements_listed(user: User) -> QuerySet[FundingAgreement]:
    """The agreements this person can see, soonest ending first (their funding list)."""
    return access.visible_to(user).order_by(*_in_order(user, "end_date"))


def renewals_awaiting_decision(user: User, today: date) -> QuerySet[FundingAgreement]:
    """Agreements whose Compact sets a renewal rule and that have no decision yet, soonest first.

    "No decision" is an anti-join (NOT EXISTS), which PostgreSQL estimates well; a LEFT JOIN
    filtered on IS NULL it took for one row, and nested the Compacts inside it (2.7 s for the
    superuser at national scale).
    """
    decided = RenewalDecision.objects.filter(agreement=OuterRef("pk"))
    return (
        access.visible_to(user)
        .filter(~Exists(decided), renewal_due__isnull=False)
        .select_related("renewal_decision")  # none: renewal_of asks, and need not query
        .order_by(*_in_order(user, "renewal_due"))
    )


def open_data_agreements() -> QuerySet[FundingAgreement]:
    """Agreements whose funder has agreed to publish them (360Giving)."""
    return FundingAgreement.objects.filter(funder__publish_funding=True).select_related(
        "funder", "recipient", "compact"
    )


# The dashboard draws a bar per state, in this order; the figures are keyed by each value.
NOTICE_STATES = list(NoticeState)
TERM_STATES = list(TermState)


def notice_figures(compact, periods) -> Counted:
    """For each (start, end) period, notices issued in it: by notice_verdict state ("notices",
    None where the Compact sets no notice rule), and those offering the recipient the chance
    to redesign the service and of those the ones meeting the Compact ("redesign"):
    Herefordshire's success measure 3 (contracts keeping "the three month notice principle and
    offer organisations the chance to redesign services where appropriate"). Read with
    core.counts.read_all.
    """
    rule_set = compact.funding_end_notice_months is not None
    first, last = min(s for s, _ in periods), max(e for _, e in periods)
    offered = Q(redesign_offered=Fact.YES)

    def counts(start, end) -> dict:
        issued = Q(issued_on__gte=start, issued_on__lte=end)
        return {
            **(
                {
                    state.value: Count("pk", filter=issued & Q(state=state))
                    for state in NOTICE_STATES
                }
                if rule_set
                else {}
            ),
            "offered": Count("pk", filter=issued & offered),
            "meets_and_offered": Count("pk", filter=issued & offered & Q(state=NoticeState.MEETS)),
        }

    def read(n: dict) -> dict:
        return {
            "notices": {s.value: n[s.value] for s in NOTICE_STATES} if rule_set else None,
            "redesign": {"offered": n["offered"], "meets_and_offered": n["meets_and_offered"]},
        }

    rows = FundingNotice.objects.filter(
        AmongIds("agreement_id", FundingAgreement.objects.filter(compact=compact).values("pk")),
        issued_on__gte=first,
        issued_on__lte=last,
    )
    return Counted(rows, [counts(s, e) for s, e in periods], read)


def agreement_figures(compact, periods, today) -> Counted | None:
    """For each (start, end) period: agreements starting in it by term_verdict state ("terms"),
    and renewal decisions due in it, in time, late, pending or overdue on `today` ("renewals");
    each None where the Compact does not set its rule (no query at all when it sets neither).
    Read with core.counts.read_all.
    """
    terms_set = compact.min_term_years is not None
    renewals_set = compact.renewal_notice_months is not None
    if not (terms_set or renewals_set):
        return None
    first, last = min(s for s, _ in periods), max(e for _, e in periods)
    undecided = Q(renewal_decision__isnull=True)
    renewal_states = {
        RenewalState.IN_TIME: Q(renewal_decision__state=RenewalState.IN_TIME),
        RenewalState.LATE: Q(renewal_decision__state=RenewalState.LATE),
        RenewalState.PENDING: undecided & Q(renewal_due__gte=today),
        RenewalState.OVERDUE: undecided & Q(renewal_due__lt=today),
        RenewalState.NOT_SET: Q(renewal_decision__state=RenewalState.NOT_SET),
    }

    def counts(start, end) -> dict:
        starting = Q(start_date__gte=start, start_date__lte=end)
        due = Q(renewal_due__gte=start, renewal_due__lte=end)
        found = {}
        if terms_set:
            found.update(
                {
                    f"term:{state.value}": Count("pk", filter=starting & Q(term_state=state))
                    for state in TERM_STATES
                }
            )
        if renewals_set:
            found.update(
                {
                    f"renewal:{state.value}": Count("pk", filter=due & q)
                    for state, q in renewal_states.items()
                }
            )
        return found

    def read(n: dict) -> dict:
        return {
            "terms": {s.value: n[f"term:{s.value}"] for s in TERM_STATES} if terms_set else None,
            "renewals": {s.value: n[f"renewal:{s.value}"] for s in renewal_states}
            if renewals_set
            else None,
        }

    within = Q()
    if terms_set:
        within |= Q(start_date__gte=first, start_date__lte=last)
    if renewals_set:
        within |= Q(renewal_due__gte=first, renewal_due__lte=last)
    rows = FundingAgreement.objects.filter(within, compact=compact)
    return Counted(rows, [counts(s, e) for s, e in periods], read)


def notices_for_body(organisation, start, end) -> QuerySet[FundingNotice]:
    """Notices a public body issued in the period, oldest first."""
    return notices_for_bodies([organisation.pk], start, end)


def notices_for_bodies(body_ids, start, end) -> QuerySet[FundingNotice]:
    """Notices any of these public bodies issued in the period, oldest first."""
    return (
        FundingNotice.objects.filter(
            agreement__funder__in=body_ids, issued_on__gte=start, issued_on__lte=end
        )
        .select_related("agreement__compact", "agreement__recipient")
        .order_by("issued_on")
    )


def agreements_for_body(organisation, start, end) -> QuerySet[FundingAgreement]:
    """Agreements a public body made that start in the period, oldest first."""
    return agreements_for_bodies([organisation.pk], start, end)


def agreements_for_bodies(body_ids, start, end) -> QuerySet[FundingAgreement]:
    """Agreements any of these public bodies made that start in the period, oldest first."""
    return (
        FundingAgreement.objects.filter(
            funder__in=body_ids, start_date__gte=start, start_date__lte=end
        )
        .select_related("compact", "recipient")
        .order_by("start_date")
    )
