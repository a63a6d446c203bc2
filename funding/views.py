"""Funding pages: a funder's officers record agreements and notices; recipients see theirs."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from core import built_files, outbox
from core.forms import add_service_errors
from core.paging import BoundedPaginator
from signatories import access as signatories_access
from signatories.queries import compact_by_slug
from signatories.rules import add_months, latest_notice_date

from . import access, opendata, queries, services
from .forms import AgreementForm, NoticeForm, RenewalDecisionForm, ReplyForm
from .models import FundingAgreement, FundingNotice, NoticeState, RenewalDecision
from .rules import term_verdict


def _agreement_for_user(request, pk):
    """The agreement, if this person may see it (else 404: its existence is not public)."""
    return get_object_or_404(access.visible_to(request.user), pk=pk)


@login_required
@require_safe
def agreement_list(request):
    """The agreements this person can see, with their verdicts."""
    agreements = queries.agreements_listed(request.user)
    page = BoundedPaginator(agreements, 50).get_page(request.GET.get("page"))
    can_record = access.may_record(request.user)
    return render(request, "funding/agreement_list.html", {"page": page, "can_record": can_record})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_new(request):
    """Record a new agreement."""
    if not access.may_record(request.user):
        raise PermissionDenied(
            signatories_access.not_yet_approved_message(request.user, "record funding agreements")
            or "Only officers of public bodies record funding agreements."
        )
    form = AgreementForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.record_agreement(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Agreement saved.")
            return redirect(agreement)
    return render(
        request,
        "funding/agreement_form.html",
        {"form": form, "heading": "Record a funding agreement"},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_edit(request, pk):
    agreement = _agreement_for_user(request, pk)
    if not access.may_change(request.user, agreement):
        raise PermissionDenied("Only the funder's officers can change this agreement.")
    form = AgreementForm(
        request.POST if request.method == "POST" else None, instance=agreement, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agreement(agreement=agreement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Agreement saved.")
            return redirect(agreement)
    return render(
        request,
        "funding/agreement_form.html",
        {"form": form, "heading": f"Edit {agreement.title}", "agreement": agreement},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def agreement_detail(request, pk):
    agreement = _agreement_for_user(request, pk)
    today = timezone.localdate()
    notices = list(agreement.notices.all())
    may_reply = access.may_reply_to_agreement(request.user, agreement)
    decision = getattr(agreement, "renewal_decision", None)
    ending_offer = None
    if (
        decision is not None
        and decision.decision == RenewalDecision.Decision.NOT_RENEW
        and not any(n.kind == FundingNotice.Kind.END for n in notices)
    ):
        months = agreement.compact.funding_end_notice_months
        ending_offer = {
            "earliest": add_months(today, months) if months is not None else None,
            "clause": agreement.compact.clause_for("funding_end_notice_months"),
        }
    return render(
        request,
        "funding/agreement_detail.html",
        {
            "agreement": agreement,
            "term": queries.term_of(agreement),
            "renewal": queries.renewal_of(agreement, today),
            "notices": [(n, queries.notice_of(n)) for n in notices],
            "can_manage": access.may_change(request.user, agreement),
            "may_reply": may_reply,
            "concern_url": _concern_url(agreement) if may_reply else None,
            "ending_offer": ending_offer,
            "today": today,
            "NoticeState": NoticeState,
        },
    )


def _emailed(record) -> str:
    """What a success message may say about email: whom the outbox was given mail for."""
    addresses = sorted(outbox.about(record).values_list("recipient", flat=True))
    if not addresses:
        return ""
    return ", ".join(addresses)


def _notice_initial(request, agreement) -> dict:
    """A notice of ending offered after a decision not to renew: ending, issued today, taking
    effect on the earliest date that meets the Compact (RULES.md §4), or when funding ends."""
    if request.GET.get("kind") != FundingNotice.Kind.END:
        return {}
    today = timezone.localdate()
    initial = {"kind": FundingNotice.Kind.END, "issued_on": today}
    months = agreement.compact.funding_end_notice_months
    if months is not None:
        initial["effective_on"] = max(add_months(today, months), agreement.end_date)
    return initial


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notice_new(request, pk):
    """Issue a notice of ending, reducing or changing an agreement.

    A notice that breaks a check of its Compact is shown back with each breach and its clause,
    and issued only once the issuer ticks the box confirming them.
    """
    agreement = _agreement_for_user(request, pk)
    if not access.may_change(request.user, agreement):
        raise PermissionDenied("Only the funder's officers can issue notices.")
    form = NoticeForm(
        request.POST if request.method == "POST" else None,
        agreement=agreement,
        initial=_notice_initial(request, agreement),
    )
    breaches = []
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        proposed = services.proposed_notice(agreement=agreement, by=request.user, **data)
        breaches = proposed.breaches()
        keys = [b.key for b in breaches]
        confirmed = form.confirmed_breaches()
        if breaches and not set(keys) <= set(confirmed):
            clauses = "; ".join(dict.fromkeys(b.clause for b in breaches))
            if getattr(form, "confirming", None) == keys:
                form.add_error(
                    "confirm_breaches",
                    f"Tick the box to confirm you are issuing a notice that breaks {clauses}",
                )
            else:  # first shown, or the details changed what it breaks: confirm afresh
                form.data = form.data.copy()
                form.data["confirmed"] = ",".join(keys)
                form.data.pop("confirm_breaches", None)  # a tick for other breaches is void
                form.ask_to_confirm(keys)
            form.fields[
                "confirm_breaches"
            ].label = f"I confirm this notice is issued although it breaks {clauses}"
            status = 400 if form.errors else 200
        else:
            try:
                notice = services.issue_notice(
                    agreement=agreement,
                    by=request.user,
                    confirmed_breaches=confirmed,
                    **data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                emailed = _emailed(notice)
                if emailed:
                    messages.success(
                        request, f"Notice issued. An email about it is on its way to {emailed}."
                    )
                else:
                    messages.success(
                        request,
                        f"Notice issued. Nobody was emailed: {agreement.recipient.name} has no "
                        "contacts on the portal. Send the notice to them in writing yourself.",
                    )
                return redirect(notice)
    issued = getattr(form, "cleaned_data", {}).get("issued_on") or form.initial.get("issued_on")
    months = agreement.compact.funding_end_notice_months
    hint = add_months(issued, months) if issued and months is not None else None
    if form.errors:
        status = 400
    return render(
        request,
        "funding/notice_form.html",
        {
            "form": form,
            "agreement": agreement,
            "heading": "Issue a notice",
            "earliest_effective": hint,
            "clause": agreement.compact.clause_for("funding_end_notice_months"),
            "breaches": breaches,
        },
        status=status,
    )


def _notice_for_user(request, pk):
    """The notice, if this person may see it (else 404: its existence is not public)."""
    return get_object_or_404(access.notices_visible_to(request.user), pk=pk)


def _concern_url(about) -> str:
    """The page that raises a concern about a notice or an agreement, its Compact, respondent
    (the funder) and, for a notice, commitment filled in (the disputes app reads them)."""
    agreement = about if isinstance(about, FundingAgreement) else about.agreement
    params = {"compact": agreement.compact_id, "organisation": agreement.funder_id}
    commitment = about.concern_commitment() if isinstance(about, FundingNotice) else None
    if commitment is not None:
        params["commitment"] = commitment.pk
    return reverse("disputes:raise") + "?" + urlencode(params)


@login_required
@require_safe
def notice_detail(request, pk):
    notice = _notice_for_user(request, pk)
    may_reply = access.may_reply(request.user, notice)
    return render(
        request,
        "funding/notice_detail.html",
        {
            "notice": notice,
            "verdict": queries.notice_of(notice),
            "breaches": notice.breaches(),
            "agreement": notice.agreement,
            "replies": notice.replies.select_related("organisation", "written_by"),
            "may_reply": may_reply,
            "concern_url": _concern_url(notice) if may_reply else None,
            "NoticeState": NoticeState,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notice_reply(request, pk):
    """The recipient answers a notice in writing; the funder is told."""
    notice = _notice_for_user(request, pk)
    if not access.may_reply(request.user, notice):
        raise PermissionDenied(
            signatories_access.not_yet_approved_message(request.user, "reply to notices")
            or "Only the recipient's contacts can reply to this notice."
        )
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            reply = services.reply_to_notice(
                notice=notice, by=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            emailed = _emailed(reply)
            if emailed:
                messages.success(
                    request, f"Reply sent. An email about it is on its way to {emailed}."
                )
            else:
                messages.success(
                    request,
                    f"Reply saved on the notice. Nobody was emailed: "
                    f"{notice.agreement.funder.name} has no contacts on the portal.",
                )
            return redirect(notice)
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "heading": "Reply to the notice",
            "caption": notice.agreement.title,
            "back_url": notice.get_absolute_url(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def renewal_new(request, pk):
    agreement = _agreement_for_user(request, pk)
    if not access.may_change(request.user, agreement):
        raise PermissionDenied("Only the funder's officers can record renewal decisions.")
    form = RenewalDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.record_renewal_decision(
                agreement=agreement, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if decision.decision != RenewalDecision.Decision.NOT_RENEW:
                messages.success(request, "Renewal decision recorded.")
                return redirect(agreement)
            # Not renewing ends the funding: the notice of ending follows (RULES.md §4).
            messages.success(
                request,
                "Renewal decision recorded. Now give the recipient written notice of the ending.",
            )
            return redirect(reverse("funding:notice_new", args=[agreement.pk]) + "?kind=end")
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "heading": f"Renewal decision: {agreement.title}",
            "back_url": agreement.get_absolute_url(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def renewal_list(request):
    """Renewal decisions waiting to be made, soonest first, 50 a page (the superuser's list is
    the country's: 500 rows drawn at once, each with its verdict, cost 200-400 ms)."""
    today = timezone.localdate()
    waiting = queries.renewals_awaiting_decision(request.user, today)
    page = BoundedPaginator(waiting, 50).get_page(request.GET.get("page"))
    rows = [(a, queries.renewal_of(a, today)) for a in page.object_list]
    return render(
        request, "funding/renewal_list.html", {"rows": rows, "page": page, "today": today}
    )


def _bad_request(reason: str) -> JsonResponse:
    return JsonResponse({"error": reason}, status=400)


def _date_param(request, name):
    raw = request.GET.get(name, "")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{name} must be a date as YYYY-MM-DD, not {raw!r}.") from None


@require_safe
def rule_check(request):
    """The dates a Compact's funding rules give, for hints as an officer types.

    ?compact=slug&start=&end= → the term's verdict and the last day to give notice of its end;
    ?compact=slug&issued= → the earliest compliant effective date of a notice.
    """
    compact = compact_by_slug(request.GET.get("compact", ""))
    if compact is None:
        return _bad_request("compact must be the slug of a Compact.")
    result: dict = {"compact": compact.slug}
    try:
        if "issued" in request.GET:
            issued = _date_param(request, "issued")
            months = compact.funding_end_notice_months
            result["earliest_effective"] = (
                add_months(issued, months).isoformat() if months is not None else None
            )
        if "end" in request.GET:
            end = _date_param(request, "end")
            months = compact.funding_end_notice_months
            result["latest_notice_date"] = (
                latest_notice_date(end, months).isoformat() if months is not None else None
            )
            if "start" in request.GET:
                verdict = term_verdict(_date_param(request, "start"), end, compact.min_term_years)
                result["term"] = {
                    "state": verdict.state,
                    "reaches": verdict.due.isoformat() if verdict.due else None,
                }
    except ValueError as error:
        return _bad_request(str(error))
    if len(result) == 1:
        return _bad_request("Give issued=YYYY-MM-DD, or end=YYYY-MM-DD (and start=YYYY-MM-DD).")
    return JsonResponse(result)


@require_safe
def giving_360(request):
    """Published agreements as a 360Giving Data Standard package: the file the task built."""
    return built_files.serve(opendata.FILE, opendata.package, content_type="application/json")
