"""Funding pages: a funder's officers record agreements and notices; recipients see theirs."""

from __future__ import annotations

import json
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import add_service_errors
from core.paging import BoundedPaginator
from signatories import access as signatories_access
from signatories.queries import compact_by_slug
from signatories.rules import add_months, latest_notice_date

from . import access, opendata, queries, services
from .forms import AgreementForm, NoticeForm, RenewalDecisionForm
from .models import NoticeState
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
    return render(
        request,
        "funding/agreement_detail.html",
        {
            "agreement": agreement,
            "term": queries.term_of(agreement),
            "renewal": queries.renewal_of(agreement, today),
            "notices": [(n, queries.notice_of(n)) for n in notices],
            "can_manage": access.may_change(request.user, agreement),
            "today": today,
            "NoticeState": NoticeState,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notice_new(request, pk):
    """Issue a notice of ending, reducing or changing an agreement."""
    agreement = _agreement_for_user(request, pk)
    if not access.may_change(request.user, agreement):
        raise PermissionDenied("Only the funder's officers can issue notices.")
    form = NoticeForm(request.POST if request.method == "POST" else None, agreement=agreement)
    hint = None
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.issue_notice(
                agreement=agreement, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Notice issued. The recipient's contacts have been emailed.")
            return redirect(notice)
    issued = getattr(form, "cleaned_data", {}).get("issued_on")
    months = agreement.compact.funding_end_notice_months
    if issued and months is not None:
        hint = add_months(issued, months)
    return render(
        request,
        "funding/notice_form.html",
        {
            "form": form,
            "agreement": agreement,
            "heading": "Issue a notice",
            "earliest_effective": hint,
            "clause": agreement.compact.clause_for("funding_end_notice_months"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def notice_detail(request, pk):
    notice = get_object_or_404(access.notices_visible_to(request.user), pk=pk)
    return render(
        request,
        "funding/notice_detail.html",
        {
            "notice": notice,
            "verdict": queries.notice_of(notice),
            "agreement": notice.agreement,
            "NoticeState": NoticeState,
        },
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
            services.record_renewal_decision(
                agreement=agreement, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Renewal decision recorded.")
            return redirect(agreement)
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
    """Renewal decisions waiting to be made: pending, then overdue."""
    today = timezone.localdate()
    agreements = list(queries.renewals_awaiting_decision(request.user, today)[:500])
    rows = [(a, queries.renewal_of(a, today)) for a in agreements]
    return render(request, "funding/renewal_list.html", {"rows": rows, "today": today})


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
    """Published agreements as a 360Giving Data Standard package, streamed."""
    queryset = queries.open_data_agreements().order_by("pk")

    def chunks():
        yield '{"grants": ['
        first = True
        for item in opendata.grants(queryset):
            yield ("" if first else ",") + "\n" + json.dumps(item)
            first = False
        yield "\n]}\n"

    return StreamingHttpResponse(chunks(), content_type="application/json")
