"""Case pages: raising a concern, following it, correspondence; lessons learnt for everyone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.downloads import safe_download
from core.forms import add_service_errors
from core.limits import public_form_limit
from core.paging import BoundedPaginator

from . import access, queries, services
from .calendar import file_name, meeting_ics
from .forms import (
    ChooseCompactForm,
    ConflictForm,
    MessageForm,
    RaiseConcernForm,
    WithdrawForm,
    compact_from,
)
from .models import Case, FormalTarget, PanelMember
from .rules import formal_stage_verdict


def _case_for(request, reference, *, invited_too=False) -> tuple[Case, set[str]]:
    """The case and this person's roles on it; 404 for anyone with no part in it (and for a
    panel member who has not yet answered their invitation, unless `invited_too`)."""
    case = get_object_or_404(
        Case.objects.select_related(
            "compact", "complainant", "respondent", "commitment__compact", "commitment__section"
        ),
        reference=reference,
    )
    roles = access.roles_on(request.user, case)
    if not roles and not (invited_too and access.invited_seat(request.user, case)):
        raise Http404("No such case.")
    return case, roles


@login_required
@require_safe
def case_list(request):
    """The cases this person is part of."""
    cases = access.visible_to(request.user).order_by("-initial_contact_on")
    page = BoundedPaginator(cases, 25).get_page(request.GET.get("page"))
    can_raise = access.may_raise_concern(request.user)
    return render(request, "disputes/case_list.html", {"page": page, "can_raise": can_raise})


@login_required
@public_form_limit
@require_http_methods(["GET", "HEAD", "POST"])
def raise_concern(request):
    """Raise a concern: first the Compact, then a form of that Compact's organisations and
    commitments. A link may fill it in: `?compact=<slug or id>&organisation=<the other
    organisation's id>&commitment=<id>`; values that are not the Compact's are left out."""
    if not access.may_raise_concern(request.user):
        raise PermissionDenied("Raise a concern as the contact of an organisation.")
    heading = "Raise a concern about Compact working"
    compact = compact_from(request.GET.get("compact"))
    if request.method != "POST" and compact is None:
        choose = ChooseCompactForm(request.GET if "compact" in request.GET else None)
        if choose.is_bound:
            choose.is_valid()  # a Compact the link names that does not exist: say so
        return render(
            request,
            "disputes/raise.html",
            {"form": choose, "heading": heading},
            status=400 if choose.errors else 200,
        )
    form = RaiseConcernForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        compact=compact,
        initial={
            "contact_name": request.user.full_name,
            "contact_email": request.user.email,
        },
    )
    if request.method != "POST":
        form.prefill(request.GET)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.raise_concern(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "disputes/raised.html", {"case": case})
    chosen = form._chosen_compact() or compact
    return render(
        request,
        "disputes/raise.html",
        {
            "form": form,
            "heading": heading,
            "caption": chosen.name if chosen else "",
            "autocomplete": True,
            "back_url": reverse("disputes:raise"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def case_detail(request, reference):
    case, roles = _case_for(request, reference, invited_too=True)
    if not roles:  # invited to the panel, not yet answered: only what they need to decide
        return render(
            request,
            "disputes/case_invitation.html",
            {"case": case, "seat": access.invited_seat(request.user, case)},
        )
    confidential = access.sees_confidential(roles)
    visible = access.messages_for(case, roles)
    verdict = formal_stage_verdict(
        case.initial_contact_on,
        case.left_formal_on if case.formal_started_on else None,
        case.compact.formal_stage_weeks,
        timezone.localdate(),
    ).citing(case.compact.clause_for("formal_stage_weeks"))
    seat = case.panel.filter(member__user=request.user, member__active=True).first()
    may_write = access.may_write(request.user, case)
    message_form = MessageForm(addressees=access.addressees(roles), visible_messages=visible)
    # Crispy draws the one <form> (multipart, with its CSRF token), posting to message_new.
    message_form.helper.form_action = reverse("disputes:message_new", args=[case.reference])
    return render(
        request,
        "disputes/case_detail.html",
        {
            "case": case,
            "roles": roles,
            "confidential": confidential,
            "messages_list": visible,
            "verdict": verdict,
            "target_not_set": verdict.state == FormalTarget.NOT_SET,
            # The panel's names and organisations are for the parties too: either may object to a
            # conflict. Its notes and people's contact details are not (000; 004 §12).
            "panel": case.panel.select_related("member__organisation"),
            "meetings": case.meetings.all(),
            "timeline": queries.timeline(case, confidential=confidential),
            "conflict_form": ConflictForm(),
            "history": case.history.select_related("history_user").order_by("history_date")
            if confidential
            else None,
            "seat": seat,
            "message_form": message_form,
            "may_write": may_write,
            "why_not_writing": "" if may_write else access.why_not_writing(request.user, case),
            "is_party": access.is_party(roles),
        },
    )


@login_required
@require_POST
def message_new(request, reference):
    case, roles = _case_for(request, reference)
    if not access.may_write(request.user, case):
        raise PermissionDenied(access.why_not_writing(request.user, case))
    visible = access.messages_for(case, roles)
    form = MessageForm(
        request.POST,
        request.FILES,
        addressees=access.addressees(roles),
        visible_messages=visible,
    )
    if form.is_valid():
        try:
            services.send_message(
                case,
                by=request.user,
                to=form.cleaned_data["to"],
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data.get("attachment"),
                reply_to=form.cleaned_data.get("reply_to"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Message sent.")
            return redirect(case)
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "heading": f"Write about case {case.reference}",
            "back_url": case.get_absolute_url(),
        },
        status=400,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request, reference):
    case, roles = _case_for(request, reference)
    if not access.is_party(roles):
        raise PermissionDenied("Only the parties withdraw a case.")
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(case, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The case is withdrawn.")
            return redirect(case)
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "heading": f"Withdraw case {case.reference}",
            "back_url": case.get_absolute_url(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def attachment(request, reference, message_pk):
    """An attachment, for those who may read its message."""
    case, roles = _case_for(request, reference)
    message = get_object_or_404(
        access.messages_for(case, roles).exclude(attachment=""), pk=message_pk
    )
    return safe_download(message.attachment, message.attachment.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def confirm_no_conflict(request, reference):
    case, roles = _case_for(request, reference, invited_too=True)
    seat = get_object_or_404(PanelMember, case=case, member__user=request.user)
    try:
        services.confirm_no_conflict(seat, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Thank you: you have confirmed you have no conflict of interest.")
    return redirect(case)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def declare_conflict(request, reference):
    """A panel member declares a conflict of interest; the officers replace them."""
    case, roles = _case_for(request, reference, invited_too=True)
    seat = get_object_or_404(PanelMember, case=case, member__user=request.user, member__active=True)
    form = ConflictForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_conflict(seat, by=request.user, conflict=form.cleaned_data["conflict"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Thank you: you have stood down from the panel for case {case.reference}."
                " The Compact's officers will find another member.",
            )
            return redirect("disputes:case_list")
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "heading": f"Declare a conflict of interest on case {case.reference}",
            "back_url": case.get_absolute_url(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def meeting_calendar(request, reference, meeting_pk):
    """A panel meeting as an .ics file, for anyone with a part in the case."""
    case, roles = _case_for(request, reference)
    meeting = get_object_or_404(case.meetings, pk=meeting_pk)
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name(meeting)}"'
    return response


@require_safe
def lessons(request):
    """Anonymised statistics and published lessons learnt, for everyone."""
    published = (
        Case.objects.exclude(lesson_learnt="")
        .exclude(state=Case.State.OPEN)
        .select_related("commitment__compact", "commitment__section")
        .order_by("-closed_on", "-pk")  # the index case_lessons_closed (disputes 0006)
    )
    page = Paginator(published, 20).get_page(request.GET.get("page"))
    return render(
        request, "disputes/lessons.html", {"stats": queries.case_counts_rows, "page": page}
    )
