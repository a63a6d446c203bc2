"""Signing in and out, registering, and the signed-in person's own page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.exceptions import Ratelimited

from core.limits import public_form_limit

from . import services, signin
from .forms import (
    ChangePasswordForm,
    NewPasswordForm,
    RegistrationForm,
    ResetRequestForm,
    SignInForm,
)
from .models import User


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    extra_context = {"heading": "Sign in"}

    def post(self, request, *args, **kwargs):
        if signin.client_refused(request):
            raise Ratelimited  # the portal's "too many attempts" page, 429
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        signin.count_failure(self.request)
        return super().form_invalid(form)


@method_decorator(public_form_limit, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/emails/password_reset.txt"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context = {
        "heading": "Reset your password",
        "intro": (
            "Enter the email address you use to sign in. "
            "We will send you a link to choose a new password."
        ),
    }


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


@public_form_limit
@require_http_methods(["GET", "HEAD", "POST"])
def register(request):
    """Create an account; it opens when the emailed link is followed."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = services.register(
            full_name=form.cleaned_data["full_name"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
        )
        return render(request, "accounts/register_sent.html", {"email": user.email})
    return render(
        request,
        "accounts/register.html",
        {
            "form": form,
            "heading": "Create an account",
            "intro": "You need an account to sign your organisation up and act for it.",
        },
    )


@require_safe
def activate(request, uidb64, token):
    """Follow the link in the confirmation email."""
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not services.activate(user, token):
        return render(request, "accounts/activate_failed.html", status=400)
    messages.success(request, "Your email address is confirmed. You can now sign in.")
    return redirect("accounts:login")


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
