"""Sign-in, registration and password forms, rendered as GOV.UK components."""

from __future__ import annotations

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from .models import User


def gds_helper(button: str) -> FormHelper:
    """A crispy helper that renders the form's fields as GOV.UK components, then one button."""
    helper = FormHelper()
    helper.add_input(Submit("submit", button))
    return helper


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


class RegistrationForm(forms.ModelForm):
    password1 = forms.CharField(
        label="Create a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters. Not a common password and not all numbers.",
    )
    password2 = forms.CharField(
        label="Confirm your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["full_name", "email"]
        labels = {"full_name": "Full name", "email": "Email address"}
        error_messages = {
            "email": {
                "unique": (
                    "An account with this email address already exists. "
                    "Sign in or reset your password."
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["full_name"].error_messages["required"] = "Enter your full name"
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["password1"].error_messages["required"] = "Create a password"
        self.fields["password2"].error_messages["required"] = "Confirm your password"
        self.helper = gds_helper("Create account")

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(self.Meta.error_messages["email"]["unique"])
        return email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The passwords do not match")
        if p1 and not self.errors.get("password1"):
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


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


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.Field:
    """The GOV.UK date input (day, month, year boxes) with plain error messages."""
    from crispy_forms_gds.fields import DateInputField

    class GovDateField(DateInputField):
        def compress(self, data_list):
            day, month, year = data_list
            if not (day and month and year):
                return None
            try:
                return date(day=int(day), month=int(month), year=int(year))
            except (ValueError, OverflowError):
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid"
                ) from None

    field = GovDateField(
        label=label, required=required, help_text=help_text or "For example, 27 3 2026"
    )
    field.error_messages.update(
        {
            "required": f"Enter the {label.lower()}",
            "incomplete": f"Enter the {label.lower()} as a day, month and year",
            "invalid": f"Enter a real {label.lower()}",
        }
    )
    return field


class LongSelect(forms.Select):
    """A select for hundreds of options (every Compact in England), drawn in one pass.

    Django draws each option through its own template, which over 300 options is most of a
    page's time; this gives the same markup from the same option data with format_html.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


class CompactSelect(LongSelect):
    """A Compact picker whose options carry the slug, for the rule hints script."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if getattr(value, "instance", None) is not None:
            option["attrs"]["data-slug"] = value.instance.slug
        return option


def add_service_errors(form: forms.Form, error: forms.ValidationError) -> None:
    """Show a service's refusal on the form: on its field where it names one, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
