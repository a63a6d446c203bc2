"""Forms of the sign-up journey, the published list's filters and a contact's management pages."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fixed, Layout, Size
from django import forms

from core.forms import LongSelect, gds_helper

from . import access, validators
from .models import TYPES_BY_SECTOR, Compact, Organisation, OrganisationType, Sector

ORGANISATION_FIELDS = [
    "name",
    "sector",
    "organisation_type",
    "address",
    "postcode",
    "website",
    "area",
    "charity_number",
    "company_number",
    "other_id_scheme",
    "other_id",
]


class OrganisationForm(forms.ModelForm):
    """An organisation's details, with its registered numbers checked for format."""

    website = forms.URLField(
        label="Website (optional)", required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        labels = {
            "name": "Organisation name",
            "sector": "Which sector is it in?",
            "organisation_type": "What kind of organisation is it?",
            "address": "Address",
            "postcode": "Postcode",
            "website": "Website (optional)",
            "area": "Area it works in",
            "charity_number": "Registered charity number (optional)",
            "company_number": "Company number (optional)",
            "other_id_scheme": "Other register (optional)",
            "other_id": "Identifier on that register (optional)",
        }
        help_texts = {
            "charity_number": "In England and Wales, 6 or 7 digits, like 1012345.",
            "company_number": "From Companies House: 8 digits, or 2 letters and 6 digits.",
            "other_id": "For example a local authority code for a council.",
            "area": "For example, the town, district or county.",
        }
        widgets = {
            "sector": forms.RadioSelect,
            "organisation_type": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = Sector.choices
        self.fields["organisation_type"].choices = OrganisationType.choices
        self.fields["area"].required = True
        messages = {
            "name": "Enter the organisation's name",
            "sector": "Select the sector the organisation is in",
            "organisation_type": "Select what kind of organisation it is",
            "area": "Enter the area the organisation works in",
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message
        self.fields["website"].error_messages["invalid"] = (
            "Enter a web address, like https://example.org"
        )
        self.helper = gds_helper("Continue")
        self.helper.layout = Layout(
            Field.text("name"),
            Field.radios("sector", legend_size=Size.MEDIUM),
            Field.radios("organisation_type", legend_size=Size.MEDIUM),
            Field.textarea("address"),
            Field.text("postcode", field_width=Fixed.TEN),
            Field.text("website"),
            Field.text("area"),
            Field.text("charity_number"),
            Field.text("company_number"),
            Field.select("other_id_scheme"),
            Field.text("other_id"),
        )

    def clean_charity_number(self):
        return validators.normalise_charity_number(self.cleaned_data.get("charity_number", ""))

    def clean_company_number(self):
        return validators.normalise_company_number(self.cleaned_data.get("company_number", ""))

    def clean_postcode(self):
        return validators.normalise_postcode(self.cleaned_data.get("postcode", ""))

    def clean_other_id(self):
        return validators.normalise_other_id(self.cleaned_data.get("other_id", ""))

    def clean(self):
        cleaned = super().clean()
        sector, kind = cleaned.get("sector"), cleaned.get("organisation_type")
        if sector and kind and kind not in TYPES_BY_SECTOR[sector]:
            allowed = ", ".join(OrganisationType(k).label.lower() for k in TYPES_BY_SECTOR[sector])
            self.add_error(
                "organisation_type",
                f"A {Sector(sector).label.lower()} organisation is one of: {allowed}",
            )
        if cleaned.get("other_id_scheme") and not cleaned.get("other_id"):
            self.add_error("other_id", "Enter the identifier on the register you chose")
        if cleaned.get("other_id") and not cleaned.get("other_id_scheme"):
            self.add_error("other_id_scheme", "Select the register the identifier comes from")
        return cleaned

    def session_data(self) -> dict:
        """The cleaned details, as plain values that fit in the session."""
        return {name: self.cleaned_data.get(name, "") or "" for name in ORGANISATION_FIELDS}


class WhichOrganisationForm(forms.Form):
    organisation = forms.ChoiceField(
        label="Which organisation are you signing up?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the organisation you are signing up"},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations] + [
            ("new", "A different organisation")
        ]
        self.helper = gds_helper("Continue")


class ContactForm(forms.Form):
    contact_name = forms.CharField(
        label="Your full name", max_length=200, error_messages={"required": "Enter your full name"}
    )
    contact_role = forms.CharField(
        label="Your role in the organisation",
        max_length=120,
        help_text="For example, chief officer, chair or partnerships manager.",
        error_messages={"required": "Enter your role in the organisation"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper("Continue")


class CompactChoiceForm(forms.Form):
    compact = forms.ModelChoiceField(
        queryset=Compact.objects.order_by("name"),
        label="Which Compact is your organisation signing?",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the Compact your organisation is signing"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper("Continue")


class CommitmentForm(forms.Form):
    confirm = forms.BooleanField(
        label=(
            "I confirm my organisation commits to the Compact's principles, and understand that "
            "signing is not legally binding, is not a contract and does not guarantee funding"
        ),
        error_messages={"required": "Confirm that your organisation commits to the Compact"},
    )
    pledges = forms.CharField(
        label="What will your organisation do to keep the Compact? (optional)",
        help_text="This is published on your organisation's page.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper("Continue")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason"},
    )

    def __init__(self, *args, button="Continue", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(button)


class AddContactForm(forms.Form):
    email = forms.EmailField(
        label="Their email address",
        help_text=(
            "We will email them an invitation. They become a contact when they accept it, "
            "signed in with this address."
        ),
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address, like name@example.org",
        },
    )
    role = forms.CharField(label="Their role in the organisation", max_length=120, required=False)

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper("Invite contact", action)


class DeclareLinkForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Organisation you have a link with",
        # a select every browser can use, which the accessible autocomplete turns into a
        # type-to-find box where scripts run
        widget=LongSelect(attrs={"data-module": "app-autocomplete"}),
        help_text="Start typing its name, then choose it from the list.",
        error_messages={
            "required": "Choose the organisation you have a link with",
            "invalid_choice": "Choose an organisation from the list",
        },
    )
    description = forms.CharField(
        label="What is the link?",
        help_text="For example: trustee, employee, paid adviser, close relative works there.",
        max_length=300,
        error_messages={"required": "Describe the link"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # only organisations whose page this person may open: trying numbers must not name a
        # sign-up no officer has approved
        self.fields["organisation"].queryset = access.organisations_shown_to(user).order_by("name")
        self.helper = gds_helper("Declare link")
