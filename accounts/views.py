"""Signing in and out, registering, and the signed-in person's own page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.exceptions import Ratelimited

from core.limits import public_form_limit

from . import services, signin
from .forms import (
    ChangePasswordForm,
    ConfirmAccountForm,
    NewPasswordForm,
    RegistrationForm,
    ResetRequestForm,
    SignInForm,
)


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    extra_context = {"heading": "Sign in"}

    def post(self, request, *args, **kwargs):
        if signin.client_refused(request):
            raise Ratelimited  # the portal's "too many attempts" page, 429
        # a failure is counted where every sign-in door passes (accounts.signin)
        return super().post(request, *args, **kwargs)


@method_decorator(public_form_limit, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context = {
        "heading": "Reset your password",
        "intro": (
            "Enter the email address you use to sign in. "
            "We will send you a link to choose a new password."
        ),
    }

    def form_valid(self, form):
        # the same page follows whatever the address holds; the email says what it is
        services.request_password_reset(email=form.cleaned_data["email"])
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = {"heading": "Choose a new password"}


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:home")
    extra_context = {"heading": "Change your password"}

    def form_valid(self, form):
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def logout_confirm(request):
    """Sign out: a button on GET (signing out changes state, so it is a POST)."""
    if request.method == "POST":
        logout(request)
        messages.success(request, "You have signed out.")
        return redirect("home")
    return render(request, "accounts/logout.html")


# Where a person registering was going: kept in their session until they have chosen their
# password, then handed to the sign-in page (the emailed link is followed in the same browser).
RETURN_ADDRESS = "accounts:return_address"


def _safe_return_address(request, value: str) -> str:
    """The address if it is one of ours, else an empty string."""
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


@public_form_limit
@require_http_methods(["GET", "HEAD", "POST"])
def register(request):
    """Create an account; it opens when the emailed link is followed."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    going_to = _safe_return_address(
        request, request.POST.get("next") or request.GET.get("next", "")
    )
    if request.method == "POST" and form.is_valid():
        if going_to:
            request.session[RETURN_ADDRESS] = going_to
        # the same page follows whether or not the address has an account: see services.py
        services.register(
            full_name=form.cleaned_data["full_name"], email=form.cleaned_data["email"]
        )
        return render(request, "accounts/register_sent.html", {"email": form.cleaned_data["email"]})
    return render(
        request,
        "accounts/register.html",
        {
            "form": form,
            "heading": "Create an account",
            "intro": "You need an account to sign your organisation up and act for it.",
            "next": going_to,
        },
    )


class ConfirmAccountView(auth_views.PasswordResetConfirmView):
    """Follow the confirmation link: choosing a password there opens the account.

    Django's reset view does the link handling (the token moves into the session before the
    form shows, so it never leaks in a Referer); the token generator is the confirmation one,
    so a reset token does not work here nor this token there.
    """

    form_class = ConfirmAccountForm
    token_generator = services.confirmation_tokens
    reset_url_token = "choose-password"  # noqa: S105  # nosec B105 - a URL segment, not a secret
    template_name = "accounts/confirm_account.html"
    success_url = reverse_lazy("accounts:login")
    extra_context = {
        "heading": "Choose your password",
        "intro": "Confirm your name and choose the password you will sign in with.",
    }

    def form_valid(self, form):
        try:
            services.confirm(
                user=self.user,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["new_password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, "Your account is open. Sign in with your new password.")
        going_to = _safe_return_address(self.request, self.request.session.pop(RETURN_ADDRESS, ""))
        if going_to:
            return HttpResponseRedirect(
                f"{reverse('accounts:login')}?{urlencode({'next': going_to})}"
            )
        return HttpResponseRedirect(self.get_success_url())

    def render_to_response(self, context, **kwargs):
        if not context.get("validlink"):
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)


@login_required
@require_safe
def home(request):
    """The signed-in person's page: what they can do, by role."""
    user = request.user
    context = {
        "organisation_links": user.organisation_links.select_related("organisation"),
        # an appointment counts only while the person is staff (officer_compact_ids)
        "officer_roles": user.compact_officer_roles.filter(
            compact__in=user.officer_compact_ids()
        ).select_related("compact"),
        "reference_group": user.reference_group_memberships.filter(active=True).select_related(
            "compact", "organisation"
        ),
    }
    return render(request, "accounts/home.html", context)
