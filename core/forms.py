"""The GOV.UK form kit every app's forms use: the crispy helper, the date input, long selects,
and a service's refusal shown on its form."""

from __future__ import annotations

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


def gds_helper(button: str, action: str = "") -> FormHelper:
    """A crispy helper that renders the form's fields as GOV.UK components, then one button,
    in its own <form> (posting to `action`, or to the page's own address)."""
    helper = FormHelper()
    if action:
        helper.form_action = action
    # The GOV.UK error summary, not the browser's own bubbles: the server checks every field.
    helper.attrs = {"novalidate": ""}
    helper.add_input(Submit("submit", button))
    return helper


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
        blank = "Choose one" if widget["attrs"].get("required") else "Any"
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    option["value"],
                    flatatt(option["attrs"]),
                    blank if option["label"] == "---------" else option["label"],
                )
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        classes = widget["attrs"].get("class", "")
        if "govuk-select" not in classes.split():  # a GOV.UK select wherever it is drawn
            widget["attrs"]["class"] = f"govuk-select {classes}".strip()
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


def say_length_limits(form: forms.Form, names: dict[str, str] | None = None) -> None:
    """Every text field with a length limit says it in plain words when the text is too long;
    a field given a name in `names` is called by it ("The title must be 200 characters ...")."""
    names = names or {}
    for name, field in form.fields.items():
        limit = getattr(field, "max_length", None)
        if not limit:
            continue
        if name in names:
            what = names[name].replace("%", "%%")
            message = f"{what} must be {limit:,} characters or fewer (it has %(show_value)s)"
        else:
            message = f"Shorten this to {limit:,} characters or fewer (it has %(show_value)d)"
        field.error_messages["max_length"] = message
