"""Sign-in, registration and password forms, rendered as GOV.UK components."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms

from core.forms import gds_helper

from .signin import normalised_address


class SignInForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password.",
        "inactive": "This account is not active yet. Use the link in the email we sent you.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = gds_helper("Sign in")

    def clean_username(self):
        return normalised_address(self.cleaned_data["username"])


class RegistrationForm(forms.Form):
    """Who and which address; the password is chosen from the emailed link (services.py)."""

    full_name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].error_messages["required"] = "Enter your full name"
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.helper = gds_helper("Create account")

    def clean_email(self):
        return normalised_address(self.cleaned_data["email"])


class ConfirmAccountForm(auth_forms.SetPasswordForm):
    """The step the confirmation link leads to: the owner's name and their own password."""

    full_name = forms.CharField(label="Full name", max_length=200)
    field_order = ["full_name", "new_password1", "new_password2"]

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        if user is not None:  # None when the link is bad; the page then shows no form
            self.fields["full_name"].initial = user.full_name
        self.fields["full_name"].error_messages["required"] = "Enter your full name"
        self.fields["new_password1"].label = "Create a password"
        self.fields[
            "new_password1"
        ].help_text = "At least 8 characters. Not a common password and not all numbers."
        self.fields["new_password2"].label = "Confirm your password"
        self.helper = gds_helper("Open my account")


class ResetRequestForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.helper = gds_helper("Send reset link")


class NewPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper("Save new password")


class ChangePasswordForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper("Change password")
