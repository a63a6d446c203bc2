"""Consultation pages: the public list and page, responding, and the lead body's pages."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import built_files
from core.downloads import safe_download
from core.forms import add_service_errors
from core.limits import public_form_limit
from core.page_cache import public_page
from core.paging import BoundedPaginator
from signatories import access as signatories_access
from signatories.models import Commitment
from signatories.queries import compact_by_slug, compact_listed

from . import access, ical, queries, services
from .exports import response_csv_lines
from .filters import ConsultationFilter
from .follow_tokens import CONFIRM, UNSUBSCRIBE, follower_from
from .forms import (
    ConsultationForm,
    DocumentForm,
    EndEarlyForm,
    ExtendForm,
    FeedbackForm,
    FollowForm,
    ForthcomingAlertForm,
    PublishForm,
    RecordResponseForm,
    ResponseForm,
)
from .models import Consultation, Follower
from .rules import compliance, period_verdict
from .summary import summarise, summary_csv_lines

Status = Consultation.Status


def _consultation(request, pk) -> Consultation:
    """The consultation, if this person may see it (404 otherwise)."""
    visible = access.visible_to(request.user).select_related("compact", "lead_body")
    return get_object_or_404(visible, pk=pk)


def _compact_of_consultation(request, pk) -> list[int]:
    """A consultation's page shows its Compact's records (core.page_cache)."""
    return list(Consultation.objects.filter(pk=pk).values_list("compact_id", flat=True))


def _managed(request, pk) -> Consultation:
    """The consultation, if this person runs it (403 if they may only see it)."""
    consultation = _consultation(request, pk)
    if not access.may_change(request.user, consultation):
        raise PermissionDenied("Only the lead body's officers can do this.")
    return consultation


@require_safe
@public_page(shows=compact_listed)
def consultation_list(request):
    """Open, forthcoming and past consultations, with filters."""
    queryset = (
        Consultation.objects.exclude(status=Status.DRAFT)
        .select_related("compact", "lead_body")
        # only what the list shows: a Compact's row carries its rules and text as JSON
        .only(
            "title",
            "status",
            "level",
            "compliance_state",
            "opens_on",
            "closes_on",
            "feedback_due",
            "feedback_published_on",
            "compact__name",
            "lead_body__name",
        )
        .order_by("-closes_on", "pk")
    )
    filterset = ConsultationFilter(request.GET, queryset=queryset)
    if not filterset.is_valid():
        return render(
            request, "consultations/list.html", {"filter": filterset, "page": None}, status=400
        )
    page = BoundedPaginator(filterset.qs, 25, ids_first=True).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consultations/list.html",
        {
            "filter": filterset,
            "page": page,
            "query_string": query.urlencode(),
            "today": timezone.localdate(),
            "can_publish": access.may_draft(request.user),
            "can_have_alerts": access.alert_signatures(request.user).exists(),
        },
    )


@login_required
@require_safe
def manage_list(request):
    """The consultations this person runs, drafts included."""
    consultations = (
        access.run_by(request.user)
        .select_related("compact", "lead_body")
        .annotate(response_count=queries.response_count())
        .order_by("-updated_at", "pk")
    )
    page = BoundedPaginator(consultations, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/manage_list.html",
        {"page": page, "today": timezone.localdate()},
    )


@require_safe
@public_page(shows=_compact_of_consultation)
def consultation_detail(request, pk):
    consultation = _consultation(request, pk)
    today = timezone.localdate()
    verdict = compliance(
        consultation.level,
        consultation.opens_on,
        consultation.closes_on,
        consultation.compact.consultation_min_weeks,
        consultation.shorter_reason,
    ).citing(consultation.compact.clause_for("consultation_min_weeks"))
    return render(
        request,
        "consultations/detail.html",
        {
            "consultation": consultation,
            "verdict": verdict,
            "days_left": (consultation.closes_on - today).days,
            "days_to_open": (consultation.opens_on - today).days,
            "documents": consultation.documents.all(),
            "can_manage": access.may_change(request.user, consultation),
            "today": today,
            "feedback_overdue": consultation.feedback_overdue(today),
            "follow_form": FollowForm(
                action=reverse("consultations:follow", args=[consultation.pk])
            ),
            "response_count": consultation.responses.count(),
            "extensions": consultation.extensions.all(),
            "date_changes": consultation.date_changes.all(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_new(request):
    if not access.may_draft(request.user):
        raise PermissionDenied(
            signatories_access.not_yet_approved_message(request.user, "publish consultations")
            or "Only officers of public bodies run consultations."
        )
    form = ConsultationForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.create_draft(by=request.user, **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Draft saved. Add documents, then publish it.")
            return redirect(consultation)
    return render(
        request,
        "consultations/form.html",
        {"form": form, "heading": "Draft a consultation"},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_edit(request, pk):
    consultation = _managed(request, pk)
    form = ConsultationForm(
        request.POST if request.method == "POST" else None, instance=consultation, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update(
                consultation=consultation,
                by=request.user,
                date_change_reason=form.date_change_reason_given(),
                **form.service_data(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Consultation saved.")
            return redirect(consultation)
    return render(
        request,
        "consultations/form.html",
        {"form": form, "heading": f"Edit {consultation.title}", "consultation": consultation},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def document_new(request, pk):
    consultation = _managed(request, pk)
    form = DocumentForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_document(
                consultation=consultation,
                by=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Document added.")
            return redirect(consultation)
    return render(
        request,
        "consultations/upload.html",
        {"form": form, "heading": "Add a document", "back_url": consultation.get_absolute_url()},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def publish(request, pk):
    """Publish: the officer confirms the Compact's consultation commitments, shown with clauses."""
    consultation = _managed(request, pk)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish(consultation=consultation, by=request.user, commitments_confirmed=True)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Consultation published.")
            return redirect(consultation)
    verdict = compliance(
        consultation.level,
        consultation.opens_on,
        consultation.closes_on,
        consultation.compact.consultation_min_weeks,
        consultation.shorter_reason,
    ).citing(consultation.compact.clause_for("consultation_min_weeks"))
    return render(
        request,
        "consultations/publish.html",
        {
            "form": form,
            "consultation": consultation,
            "verdict": verdict,
            "commitments": Commitment.objects.filter(
                compact=consultation.compact, theme=Commitment.Theme.CONSULTATION
            ).select_related("compact", "section"),
            "heading": f"Publish {consultation.title}",
        },
        status=400 if form.errors else 200,
    )


def _simple_form_page(request, consultation, form, heading, action):
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(consultation)
    return render(
        request,
        "components/form_page.html",
        {"form": form, "heading": heading, "back_url": consultation.get_absolute_url()},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def extend(request, pk):
    consultation = _managed(request, pk)
    form = ExtendForm(request.POST if request.method == "POST" else None)
    return _simple_form_page(
        request,
        consultation,
        form,
        "Extend the closing date",
        lambda data: services.extend(consultation=consultation, by=request.user, **data),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request, pk):
    """ "You said, we did": the feedback form, beside the summary of what was said."""
    consultation = _managed(request, pk)
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_feedback(
                consultation=consultation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(consultation)
    return render(
        request,
        "consultations/feedback.html",
        {
            "form": form,
            "consultation": consultation,
            "summary": summarise(consultation),
            "heading": "Publish feedback",
        },
        status=400 if form.errors else 200,
    )


def _end_early(request, pk, *, action, heading, button):
    consultation = _managed(request, pk)
    form = EndEarlyForm(request.POST if request.method == "POST" else None, button=button)
    return _simple_form_page(
        request,
        consultation,
        form,
        heading,
        lambda data: action(consultation=consultation, by=request.user, **data),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request, pk):
    """Withdraw it, with the reason shown on its page."""
    return _end_early(
        request,
        pk,
        action=services.withdraw,
        heading="Withdraw this consultation",
        button="Withdraw consultation",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def close_early(request, pk):
    """Stop taking responses today, with the reason shown on its page."""
    return _end_early(
        request,
        pk,
        action=services.close_early,
        heading="Close this consultation early",
        button="Close consultation now",
    )


@login_required
@require_safe
def response_summary(request, pk):
    """The responses summarised for the lead body: each counts once, grouped by who sent it."""
    consultation = _managed(request, pk)
    return render(
        request,
        "consultations/summary.html",
        {"consultation": consultation, "summary": summarise(consultation)},
    )


@login_required
@require_safe
def response_summary_csv(request, pk):
    """The summary of responses as spreadsheet-safe CSV."""
    consultation = _managed(request, pk)
    lines = summary_csv_lines(summarise(consultation))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="response-summary-{consultation.pk}.csv"'
    )
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def forthcoming_alerts(request):
    """A signatory's contact chooses the Compacts whose forthcoming consultations they hear of."""
    from .models import ForthcomingAlert

    if not access.alert_signatures(request.user).exists():
        raise PermissionDenied(
            signatories_access.not_yet_approved_message(request.user, "hear of consultations")
            or "Contacts of organisations on a Compact's published list can ask for these emails."
        )
    chosen = access.alert_signatures(request.user).filter(
        compact__in=ForthcomingAlert.objects.filter(
            email=request.user.email.strip().lower()
        ).values("compact")
    )
    form = ForthcomingAlertForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial={"signatures": list(chosen)},
    )
    if request.method == "POST" and form.is_valid():
        alerts = services.set_forthcoming_alerts(
            by=request.user, signatures=form.cleaned_data["signatures"]
        )
        messages.success(
            request,
            f"Saved: you will hear of forthcoming consultations in {len(alerts)} "
            f"Compact{'s' if len(alerts) != 1 else ''}.",
        )
        return redirect("consultations:alerts")
    return render(
        request,
        "consultations/alerts.html",
        {"form": form, "heading": "Hear of forthcoming consultations"},
        status=400 if form.errors else 200,
    )


# One-click unsubscribe (RFC 8058) as for followers: the signed token is the authority.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def alert_stop(request, token):
    """The link in an alert email: a button to stop (mail scanners follow links, never press)."""
    from .follow_tokens import alert_from

    try:
        alert_from(token)
    except signing.BadSignature:
        return render(request, "consultations/alert_stop.html", {"broken": True}, status=400)
    if request.method == "POST":
        alert = services.stop_forthcoming_alert(token=token)
        return render(request, "consultations/alert_stop.html", {"stopped": True, "alert": alert})
    return render(request, "consultations/alert_stop.html", {})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def record_response(request, pk):
    consultation = _managed(request, pk)
    form = RecordResponseForm(request.POST if request.method == "POST" else None)
    return _simple_form_page(
        request,
        consultation,
        form,
        "Record a response received another way",
        lambda data: services.record_response(consultation=consultation, by=request.user, **data),
    )


@public_form_limit
@require_http_methods(["GET", "HEAD", "POST"])
def respond(request, pk):
    """Respond online: as an organisation, as an individual or anonymously."""
    consultation = _consultation(request, pk)
    if (
        not consultation.invites_responses
        or consultation.status != Status.OPEN
        or timezone.localdate() > consultation.closes_on
    ):
        return render(
            request,
            "consultations/not_open.html",
            {"consultation": consultation},
            status=400 if request.method == "POST" else 200,
        )
    form = ResponseForm(
        request.POST if request.method == "POST" else None,
        consultation=consultation,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            response = services.submit_response(
                consultation=consultation,
                by=request.user if request.user.is_authenticated else None,
                token=data["token"],
                respondent_type=data["respondent_type"],
                organisation=data.get("organisation"),
                organisation_size=data.get("organisation_size", ""),
                previous=data.get("previous", ""),
                name=data["name"],
                email=data["email"],
                represents=data["represents"],
                capacity=data["capacity"],
                body=data["body"],
                answers=data["answers"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session["response_reference"] = response.reference
            return redirect("consultations:response_done", pk=consultation.pk)
    return render(
        request,
        "consultations/respond.html",
        {"form": form, "consultation": consultation, "heading": f"Respond to {consultation.title}"},
        status=400 if form.errors else 200,
    )


@require_safe
def response_done(request, pk):
    consultation = _consultation(request, pk)
    reference = request.session.get("response_reference")
    response = consultation.responses.filter(reference=reference).first()
    if response is None:
        raise Http404("No response from you to show.")
    return render(
        request,
        "consultations/response_done.html",
        {"consultation": consultation, "response": response},
    )


@require_safe
def document(request, pk, document_pk):
    """A consultation document, always as a download."""
    consultation = _consultation(request, pk)
    doc = get_object_or_404(consultation.documents, pk=document_pk)
    return safe_download(doc.file, doc.file.name.rsplit("/", 1)[-1])


@public_form_limit
@require_POST
def follow(request, pk):
    consultation = _consultation(request, pk)
    form = FollowForm(request.POST)
    if form.is_valid():
        services.follow(consultation=consultation, email=form.cleaned_data["email"])
        messages.success(
            request,
            f"We have emailed {form.cleaned_data['email']} a link: updates start once it is"
            " opened.",
        )
        return redirect(consultation)
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "heading": "Follow this consultation",
            "back_url": consultation.get_absolute_url(),
        },
        status=400,
    )


def _follow_link_page(request, token, *, purpose: str):
    """What opening a follow link shows: a button that POSTs, or why the link does not work.

    Opening a link changes nothing: mail scanners and link previews open every link in an
    email, and must not confirm or end anyone's following.
    """
    try:
        pk = follower_from(token, purpose=purpose)
    except signing.BadSignature:
        return render(request, "consultations/follow_result.html", {"broken": True}, status=400)
    follower = Follower.objects.select_related("consultation").filter(pk=pk).first()
    if follower is None:
        if purpose == CONFIRM:
            return render(request, "consultations/follow_result.html", {"broken": True}, status=400)
        return render(request, "consultations/follow_result.html", {})  # already unsubscribed
    return render(
        request,
        "consultations/follow_link.html",
        {"consultation": follower.consultation, "confirm": purpose == CONFIRM},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def follow_confirm(request, token):
    """The link in the confirmation email: a page whose button starts the updates."""
    if request.method != "POST":
        return _follow_link_page(request, token, purpose=CONFIRM)
    try:
        follower = services.confirm_follow(token=token)
    except (signing.BadSignature, Follower.DoesNotExist):
        return render(request, "consultations/follow_result.html", {"broken": True}, status=400)
    return render(
        request,
        "consultations/follow_result.html",
        {"consultation": follower.consultation, "confirmed": True},
    )


# The one-click unsubscribe of RFC 8058: a mail provider POSTs here without cookies or a CSRF
# token. The signed token in the URL is the authority, and all a forged request could do is
# stop emails to the address the token names.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unfollow(request, token):
    """The unsubscribe link in every follow email: a page with a button, or a one-click POST."""
    if request.method != "POST":
        return _follow_link_page(request, token, purpose=UNSUBSCRIBE)
    try:
        consultation = services.unfollow(token=token)
    except signing.BadSignature:
        return render(request, "consultations/follow_result.html", {"broken": True}, status=400)
    return render(request, "consultations/follow_result.html", {"consultation": consultation})


@login_required
@require_safe
def responses_csv(request, pk):
    """Responses as CSV for the lead body and officers; anonymous ones stay anonymous."""
    consultation = _managed(request, pk)
    lines = response_csv_lines(consultation.responses.all(), consultation.questions)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="responses-{consultation.pk}.csv"'
    return response


@require_safe
def period_check(request):
    """?compact=slug&opens=YYYY-MM-DD[&closes=YYYY-MM-DD]: the earliest compliant closing date."""
    compact = compact_by_slug(request.GET.get("compact", ""))
    if compact is None:
        return JsonResponse({"error": "compact must be the slug of a Compact."}, status=400)
    try:
        opens = date.fromisoformat(request.GET.get("opens", ""))
        closes = date.fromisoformat(request.GET["closes"]) if request.GET.get("closes") else opens
        verdict = period_verdict(opens, closes, compact.consultation_min_weeks)
    except ValueError as error:
        message = (
            str(error) if "close" in str(error) else "opens and closes must be dates as YYYY-MM-DD."
        )
        return JsonResponse({"error": message}, status=400)
    return JsonResponse(
        {
            "compact": compact.slug,
            "min_weeks": compact.consultation_min_weeks,
            "earliest_closing": verdict.due.isoformat() if verdict.due else None,
            "state": verdict.state if request.GET.get("closes") else None,
        }
    )


@require_safe
def calendar(request):
    """Opening and closing dates as iCalendar, optionally for one Compact: the file the task
    built for it."""
    compact_id = None
    slug = request.GET.get("compact")
    if slug:
        compact = compact_by_slug(slug)
        if compact is None:
            return HttpResponse(
                f"compact: no Compact is called {slug!r}.", status=400, content_type="text/plain"
            )
        compact_id = compact.pk
    return built_files.serve(
        ical.file_name(compact_id),
        lambda: [ical.calendar(compact_id)],
        content_type="text/calendar; charset=utf-8",
    )
