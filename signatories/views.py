"""Pages of Compacts and signatories: the public list, the sign-up journey and a contact's pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.limits import public_form_limit
from core.page_cache import public_page
from core.paging import MAX_ROWS, BoundedPaginator

from . import access, exports, hub, queries, services
from .filters import PublishedListFilter
from .forms import (
    AddContactForm,
    CommitmentForm,
    CompactChoiceForm,
    ContactForm,
    DeclareLinkForm,
    OrganisationForm,
    WhichOrganisationForm,
)
from .models import (
    Compact,
    CompactReview,
    ContactInvitation,
    Organisation,
    OrganisationChangeRequest,
    OrganisationContact,
    OrganisationType,
    Sector,
    Signature,
)

PAGE_SIZE = 50
# A name search pages through at most this many signatures (10 pages) and says "more than" past
# it: a fragment such as "cen" matches thousands, and counting them to 2,000 across the join to
# organisations costs 30 ms; a person narrows the search instead of reading page 40 of it.
SEARCH_MAX_ROWS = 500
SESSION_KEY = "signup"


@require_safe
@public_page()
def compact_list(request):
    """Every Compact on the portal, with how many organisations have signed each."""
    return render(
        request, "signatories/compact_list.html", {"compact_items": queries.compact_list_items}
    )


@require_safe
@public_page(shows=queries.compact_of_slug)
def compact_detail(request, slug):
    """A Compact's hub: what it is, its rules, and the way to its text, people and work."""
    compact = get_object_or_404(Compact, slug=slug)
    return render(
        request,
        "signatories/compact_detail.html",
        {
            "compact": compact,
            "reference_group": queries.published_reference_group(compact),
            "signatory_count": queries.signatory_count(compact),
            "panels": hub.panels_for(compact),
        },
    )


@require_safe
@public_page(shows=queries.compact_of_slug)
def compact_text(request, slug):
    """A Compact's published text, whole, by section, with an anchor for every clause."""
    compact = get_object_or_404(Compact, slug=slug)
    return render(
        request,
        "signatories/compact_text.html",
        {"compact": compact, "documents": queries.compact_text(compact)},
    )


def _published_list(request):
    """The filtered published list, or the filter with its errors."""
    filterset = PublishedListFilter(
        request.GET, queryset=queries.published_signatures().order_by("organisation__name", "pk")
    )
    return filterset


@require_safe
@public_page(shows=queries.compact_listed)
def signatory_list(request):
    """The published list of signatories: searchable, filterable, sortable and paginated."""
    filterset = _published_list(request)
    if not filterset.is_valid():
        return render(
            request,
            "signatories/signatory_list.html",
            {
                "filter": filterset,
                "page": None,
                "compact_options": queries.compact_options(request.GET.get("compact")),
            },
            status=400,
        )
    # only what the table shows: a Compact's row carries its whole text and rules
    shown = filterset.qs.only(
        "signed_on", "organisation__name", "organisation__sector", "compact__name"
    )
    bound = SEARCH_MAX_ROWS if filterset.form.cleaned_data.get("q") else MAX_ROWS
    page = BoundedPaginator(shown, PAGE_SIZE, max_rows=bound, ids_first=True).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = request.GET.copy()
    sort_query.pop("sort", None)
    sort_query.pop("page", None)
    return render(
        request,
        "signatories/signatory_list.html",
        {
            "filter": filterset,
            "page": page,
            "query_string": query.urlencode(),
            "sort_query": sort_query.urlencode(),
            "current_sort": request.GET.get("sort", "name"),
            "export_query": query.urlencode(),
            "compact_options": queries.compact_options(request.GET.get("compact")),
            "sectors": Sector.choices,
            "types": OrganisationType.choices,
        },
    )


def _bad_filter(filterset) -> HttpResponse:
    return HttpResponse(
        f"Bad filter values. {filterset.error_text()}\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


@require_safe
@public_page(shows=queries.compact_listed)
def signatories_csv(request):
    """The published list as CSV, with the page's filters as query parameters."""
    filterset = _published_list(request)
    if not filterset.is_valid():
        return _bad_filter(filterset)
    response = StreamingHttpResponse(
        exports.csv_lines(filterset.qs), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="signatories.csv"'
    return response


@require_safe
@public_page(shows=queries.compact_listed)
def signatories_json(request):
    """The published list as JSON, with the page's filters as query parameters."""
    filterset = _published_list(request)
    if not filterset.is_valid():
        return JsonResponse({"error": filterset.error_text()}, status=400)
    meta = {k: v for k, v in request.GET.items() if k in filterset.filters}
    return StreamingHttpResponse(
        exports.json_chunks(filterset.qs, meta), content_type="application/json"
    )


@require_safe
@public_page(shows=queries.compacts_of_organisation)
def organisation_detail(request, pk):
    """An organisation's public page: which Compacts it has signed and since when."""
    organisation = get_object_or_404(
        queries.organisation_with_signatures(access.organisations_shown_to(request.user)), pk=pk
    )
    is_contact = access.may_act_for(request.user, organisation)
    return render(
        request,
        "signatories/organisation_detail.html",
        {"organisation": organisation, "is_contact": is_contact},
    )


# The sign-up journey: question pages, then check your answers, then confirmation.


def _journey(request) -> dict:
    return request.session.setdefault(SESSION_KEY, {})


def _save_journey(request, **values) -> None:
    journey = _journey(request)
    journey.update(values)
    request.session.modified = True


def _next_step(request, default: str):
    """Back to "check your answers" when the person came from there to change something."""
    if _journey(request).get("checking"):
        return redirect("signatories:signup_check")
    return redirect(default)


def _form_page(request, form, heading, **extra):
    context = {"form": form, "heading": heading, "caption": "Sign up to a Compact", **extra}
    return render(request, "signatories/signup_question.html", context)


@require_safe
def signup_start(request):
    """The start page: what signing means and what you need."""
    return render(request, "signatories/signup_start.html")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def signup_which(request):
    """Pick one of your organisations, or a new one."""
    organisations = access.organisations_acting_for(request.user)
    if not organisations:
        return redirect("signatories:signup_organisation")
    initial = {"organisation": _journey(request).get("organisation_id") or None}
    form = WhichOrganisationForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["organisation"]
        if choice == "new":
            _save_journey(request, organisation_id=None)
            return redirect("signatories:signup_organisation")
        _save_journey(request, organisation_id=int(choice), organisation=None)
        return _next_step(request, "signatories:signup_contact")
    return _form_page(
        request, form, "Your organisation", back_url=reverse("signatories:signup_start")
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def signup_organisation(request):
    """The new organisation's details."""
    form = OrganisationForm(
        request.POST if request.method == "POST" else None,
        initial=_journey(request).get("organisation"),
    )
    if request.method == "POST" and form.is_valid():
        duplicate = services.find_duplicate(data=form.session_data(), compact=None)
        if duplicate is None:
            _save_journey(request, organisation=form.session_data(), organisation_id=None)
            return _next_step(request, "signatories:signup_contact")
        form.add_error(None, duplicate.message)
        return _form_page(
            request, form, "Your organisation's details", duplicate=duplicate.existing
        )
    return _form_page(
        request, form, "Your organisation's details", back_url=reverse("signatories:signup_start")
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def signup_contact(request):
    """The contact person and their role."""
    journey = _journey(request)
    initial = {
        "contact_name": journey.get("contact_name") or request.user.full_name,
        "contact_role": journey.get("contact_role", ""),
    }
    form = ContactForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        _save_journey(request, **form.cleaned_data)
        return _next_step(request, "signatories:signup_compact")
    return _form_page(
        request,
        form,
        "Contact person",
        intro=f"We will write to you at {request.user.email} about this sign-up.",
        back_url=reverse("signatories:signup_start"),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def signup_compact(request):
    """Which Compact the organisation signs."""
    journey = _journey(request)
    form = CompactChoiceForm(
        request.POST if request.method == "POST" else None,
        initial={"compact": journey.get("compact_id")},
    )
    if request.method == "POST" and form.is_valid():
        compact = form.cleaned_data["compact"]
        duplicate = None
        if journey.get("organisation"):
            duplicate = services.find_duplicate(data=journey["organisation"], compact=compact)
        if duplicate is None:
            _save_journey(request, compact_id=compact.pk)
            return _next_step(request, "signatories:signup_commitment")
        form.add_error("compact", duplicate.message)
        return _form_page(request, form, "Which Compact", duplicate=duplicate.existing)
    return _form_page(
        request, form, "Which Compact", back_url=reverse("signatories:signup_contact")
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def signup_commitment(request):
    """The commitment statement, ticked, and optional pledges."""
    journey = _journey(request)
    compact = Compact.objects.filter(pk=journey.get("compact_id")).first()
    if compact is None:
        return redirect("signatories:signup_compact")
    form = CommitmentForm(
        request.POST if request.method == "POST" else None,
        initial={"confirm": journey.get("confirm"), "pledges": journey.get("pledges", "")},
    )
    if request.method == "POST" and form.is_valid():
        _save_journey(request, confirm=True, pledges=form.cleaned_data["pledges"])
        return redirect("signatories:signup_check")
    return render(
        request,
        "signatories/signup_commitment.html",
        {
            "form": form,
            "heading": "Your commitment",
            "caption": "Sign up to a Compact",
            "compact": compact,
            "back_url": reverse("signatories:signup_compact"),
        },
    )


def _journey_summary(request):
    journey = _journey(request)
    compact = Compact.objects.filter(pk=journey.get("compact_id")).first()
    organisation = None
    if journey.get("organisation_id"):
        organisation = (
            access.organisations_acting_for(request.user)
            .filter(pk=journey["organisation_id"])
            .first()
        )
    complete = (
        compact is not None
        and journey.get("contact_name")
        and journey.get("confirm")
        and (organisation is not None or journey.get("organisation"))
    )
    return journey, compact, organisation, complete


@login_required
@public_form_limit
@require_http_methods(["GET", "HEAD", "POST"])
def signup_check(request):
    """Check your answers, then submit."""
    journey, compact, organisation, complete = _journey_summary(request)
    if not complete:
        messages.info(request, "Answer every question before checking your answers.")
        return redirect("signatories:signup_start")
    _save_journey(request, checking=True)
    errors = []
    duplicate = None
    if request.method == "POST":
        try:
            signature = services.submit_signature(
                by=request.user,
                compact=compact,
                contact_name=journey["contact_name"],
                contact_role=journey["contact_role"],
                organisation=organisation,
                organisation_data=None if organisation else journey["organisation"],
                pledges=journey.get("pledges", ""),
            )
        except services.DuplicateOrganisation as error:
            errors, duplicate = [error.message], error.existing
        except ValidationError as error:
            errors = error.messages
        else:
            request.session.pop(SESSION_KEY, None)
            request.session["signup_done"] = signature.reference
            return redirect("signatories:signup_done")
    new_org = None if organisation else OrganisationForm(data=journey["organisation"])
    if new_org is not None:
        new_org.is_valid()
    return render(
        request,
        "signatories/signup_check.html",
        {
            "journey": journey,
            "compact": compact,
            "organisation": organisation,
            "new_org": new_org,
            "errors": errors,
            "duplicate": duplicate,
        },
        status=400 if errors else 200,
    )


@login_required
@require_safe
def signup_done(request):
    """The confirmation page, with the reference."""
    reference = request.session.get("signup_done")
    signature = get_object_or_404(
        Signature.objects.select_related("organisation", "compact"),
        reference=reference,
        submitted_by=request.user,
    )
    return render(request, "signatories/signup_done.html", {"signature": signature})


# An organisation's contacts manage it.


def _organisation_for_contact(request, pk) -> Organisation:
    """The organisation, if the signed-in person is one of its contacts."""
    organisation = get_object_or_404(Organisation, pk=pk)
    if not access.may_act_for(request.user, organisation):
        raise PermissionDenied("You are not a contact for this organisation.")
    return organisation


@login_required
@require_safe
def manage(request, pk):
    """A contact's page for their organisation: signatures, details, contacts."""
    organisation = _organisation_for_contact(request, pk)
    signatures = list(organisation.signatures.select_related("compact").order_by("compact__name"))
    for signature in signatures:  # a re-commitment says what the review changed
        signature.review = (
            CompactReview.latest_of(signature.compact_id) if signature.recommit_due else None
        )
    return render(
        request,
        "signatories/manage.html",
        {
            "organisation": organisation,
            "signatures": signatures,
            "contacts": organisation.contacts.select_related("user").order_by("user__email"),
            # listed by the address typed, which the inviter knows: the same whatever it holds
            "invitations": organisation.contact_invitations.filter(
                state=ContactInvitation.State.PENDING
            ),
            "change_requests": organisation.change_requests.filter(
                state=OrganisationChangeRequest.State.PENDING
            ),
            "add_contact_form": AddContactForm(
                action=reverse("signatories:add_contact", args=[organisation.pk])
            ),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_organisation(request, pk):
    """Edit the organisation's details; name and numbers go to an officer."""
    organisation = _organisation_for_contact(request, pk)
    form = OrganisationForm(
        request.POST if request.method == "POST" else None, instance=organisation
    )
    if request.method == "POST" and form.is_valid():
        organisation.refresh_from_db()
        try:
            change = services.update_organisation(
                organisation=organisation, by=request.user, data=form.session_data()
            )
        except services.DuplicateOrganisation as error:
            form.add_error(None, error.message)
        else:
            if change:
                messages.success(
                    request,
                    "Details saved. The change of name, sector, type or registered numbers "
                    "will apply when a Compact officer approves it.",
                )
            else:
                messages.success(request, "Details saved.")
            return redirect("signatories:manage", pk=organisation.pk)
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "heading": f"Edit {organisation.name}",
            "intro": (
                "Changing the name, sector, type or registered numbers needs a Compact "
                "officer's approval."
            ),
            "back_url": reverse("signatories:manage", args=[organisation.pk]),
        },
        status=400 if form.errors else 200,
    )


@login_required
@public_form_limit  # each invitation emails an address anyone typed
@require_POST
def add_contact(request, pk):
    """Invite an address to become a contact: the same answer whatever the address holds."""
    organisation = _organisation_for_contact(request, pk)
    form = AddContactForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"]
        try:
            services.invite_contact(
                organisation, email, invited_by=request.user, role=form.cleaned_data["role"]
            )
        except services.AlreadyAContact as error:
            # the contacts list on the page says so already
            messages.info(request, error.messages[0])
            return redirect("signatories:manage", pk=organisation.pk)
        except ValidationError as error:
            form.add_error("email", error.messages[0])
        else:
            messages.success(
                request,
                f"We have sent an invitation to {email}. They become a contact when they "
                "accept it, signed in with that address.",
            )
            return redirect("signatories:manage", pk=organisation.pk)
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "heading": "Add a contact",
            "back_url": reverse("signatories:manage", args=[organisation.pk]),
        },
        status=400,
    )


@login_required
@require_POST
def withdraw_invitation(request, pk, invitation_pk):
    organisation = _organisation_for_contact(request, pk)
    invitation = get_object_or_404(ContactInvitation, pk=invitation_pk, organisation=organisation)
    try:
        services.withdraw_invitation(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
    return redirect("signatories:manage", pk=organisation.pk)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, token):
    """The link in an invitation email: opening it changes nothing (mail scanners open links);
    the invited person, signed in as the invited address, presses the button to accept."""
    try:
        invitation = services.invitation_from(token)
    except services.InvitationUnusable as error:
        return _invitation_page(request, None, problem=error.messages[0], status=400)
    problem = services.why_unusable(invitation)
    if problem:
        return _invitation_page(request, invitation, problem=problem, status=400)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            contact = services.accept_invitation(token=token, by=request.user)
        except services.InvitationUnusable as error:
            return _invitation_page(request, invitation, problem=error.messages[0], status=400)
        messages.success(request, f"You are now a contact for {contact.organisation.name}.")
        return redirect("signatories:manage", pk=contact.organisation_id)
    return _invitation_page(request, invitation)


def _invitation_page(request, invitation, *, problem: str = "", status: int = 200):
    may_accept = invitation is not None and access.may_accept_invitation(request.user, invitation)
    return render(
        request,
        "signatories/invitation.html",
        {
            "invitation": invitation,
            "problem": problem,
            "may_accept": may_accept,
            "sign_in": f"{reverse('accounts:login')}?{urlencode({'next': request.path})}",
        },
        status=status,
    )


@login_required
@require_POST
def remove_contact(request, pk, contact_pk):
    organisation = _organisation_for_contact(request, pk)
    contact = get_object_or_404(OrganisationContact, pk=contact_pk, organisation=organisation)
    try:
        services.remove_contact(contact=contact, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{contact.user.email} is no longer a contact.")
    return redirect("signatories:manage", pk=organisation.pk)


def _signature_for_contact(request, pk, signature_pk) -> Signature:
    organisation = _organisation_for_contact(request, pk)
    return get_object_or_404(
        Signature.objects.select_related("compact", "organisation"),
        pk=signature_pk,
        organisation=organisation,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request, pk, signature_pk):
    """Withdraw from a Compact, after a confirmation page."""
    signature = _signature_for_contact(request, pk, signature_pk)
    if request.method == "POST":
        try:
            services.withdraw_signature(signature, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                f"{signature.organisation.name} has withdrawn from the {signature.compact.name}.",
            )
        return redirect("signatories:manage", pk=pk)
    return render(request, "signatories/withdraw.html", {"signature": signature})


@login_required
@require_POST
def recommit(request, pk, signature_pk):
    """Re-commit to a Compact after its review."""
    signature = _signature_for_contact(request, pk, signature_pk)
    try:
        services.recommit_signature(signature, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            f"{signature.organisation.name} has re-committed to the {signature.compact.name}.",
        )
    return redirect("signatories:manage", pk=pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reference_group(request):
    """A reference group member's seats and declared links; declare a new link."""
    seats = list(
        access.seats_of(request.user)
        .select_related("compact", "organisation")
        .prefetch_related("declared_links__organisation")
    )
    if not seats:
        raise PermissionDenied("You do not sit on a reference group.")
    form = DeclareLinkForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            for seat in seats:
                services.declare_link(
                    member=seat,
                    organisation=form.cleaned_data["organisation"],
                    description=form.cleaned_data["description"],
                    by=request.user,
                )
        except ValidationError as error:
            form.add_error("organisation", error.messages[0])
        else:
            messages.success(request, "Link declared.")
            return redirect("signatories:reference_group")
    return render(
        request,
        "signatories/reference_group.html",
        {
            "seats": seats,
            "form": form,
            "conflict_citations": queries.conflict_citations(seats),
        },
        status=400 if form.errors else 200,
    )
