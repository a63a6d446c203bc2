"""Forms for agreements, notices and renewal decisions."""

from __future__ import annotations

from django import forms

from core.forms import CompactSelect, date_field, gds_helper, say_length_limits
from signatories import access as signatories_access
from signatories.models import Organisation, Signature

from .models import Fact, FundingAgreement, FundingNotice, RenewalDecision


class AgreementForm(forms.ModelForm):
    awarded_on = date_field("Date the funding was agreed")
    start_date = date_field("Start date")
    end_date = date_field("End date", help_text="The last day funded. For example, 31 3 2029")
    renewal_date = date_field(
        "Renewal date", required=False, help_text="Leave blank if it does not renew."
    )

    class Meta:
        model = FundingAgreement
        fields = [
            "compact",
            "funder",
            "recipient",
            "kind",
            "title",
            "purpose",
            "amount",
            "awarded_on",
            "start_date",
            "end_date",
            "renewal_date",
            "short_term_reason",
            "award_reasons",
            "full_cost_recovery",
            "payment_in_advance",
            "outcomes_agreed",
            "risk_assessment",
        ]
        labels = {
            "amount": "Amount in pounds (£)",
            "kind": "Kind of funding",
            "short_term_reason": "Reason, if the term is shorter than the Compact's minimum",
            "award_reasons": "Reasons for the award",
            "full_cost_recovery": "Does it recover the full cost?",
            "payment_in_advance": "Is payment made in advance?",
            "outcomes_agreed": "Were outcomes and monitoring agreed beforehand?",
            "risk_assessment": "Is a risk assessment in place?",
        }
        widgets = {
            "compact": CompactSelect,
            "kind": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "short_term_reason": forms.Textarea(attrs={"rows": 3}),
            "award_reasons": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "award_reasons": "Why the funding was awarded, as you told the recipient. "
            "Hertfordshire's Compact asks for a clear rationale for funding decisions (3.3).",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = signatories_access.public_bodies_acting_for(user)
        self.fields["compact"].queryset = signatories_access.compacts_acting_in(user)
        self.fields["recipient"].queryset = (
            Organisation.objects.filter(
                signatures__compact__in=self.fields["compact"].queryset,
                signatures__state=Signature.State.APPROVED,
            )
            .distinct()
            .order_by("name")
        )
        for name in (
            "full_cost_recovery",
            "payment_in_advance",
            "outcomes_agreed",
            "risk_assessment",
        ):
            self.fields[name].choices = [
                (Fact.YES, "Yes"),
                (Fact.NO, "No"),
                (Fact.NOT_RECORDED, "Not recorded"),
            ]
            self.fields[name].widget = forms.RadioSelect(choices=self.fields[name].choices)
            self.fields[name].required = False
        messages = {
            "compact": "Select the Compact",
            "funder": "Select the funder",
            "recipient": "Select the recipient",
            "kind": "Select the kind of funding",
            "title": "Enter a title",
            "purpose": "Enter the purpose",
            "amount": "Enter the amount",
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message
        self.fields["amount"].error_messages["invalid"] = (
            "Enter the amount as a number, like 12500.00"
        )
        self.fields["amount"].error_messages["min_value"] = "The amount cannot be negative"
        say_length_limits(self)
        self.helper = gds_helper("Save agreement")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date")
        renewal = cleaned.get("renewal_date")
        if renewal and start and renewal < start:
            self.add_error("renewal_date", "The renewal date must be after the start date")
        return cleaned


CHECK_CHOICES = FundingNotice.Check.choices


class NoticeForm(forms.ModelForm):
    issued_on = date_field("Date the notice was issued")
    effective_on = date_field("Date it takes effect")
    equality_impact_assessment_on = date_field(
        "Date of the Equality Impact Assessment", required=False, help_text=" "
    )
    impact_assessment_on = date_field(
        "Date of the impact assessment", required=False, help_text=" "
    )
    improvement_plan_on = date_field(
        "Date the improvement plan was offered", required=False, help_text=" "
    )

    class Meta:
        model = FundingNotice
        fields = [
            "kind",
            "issued_on",
            "effective_on",
            "in_writing",
            "reasons",
            "exceptional",
            "exceptional_justification",
            "equality_impact_assessment",
            "equality_impact_assessment_on",
            "impact_assessment",
            "impact_assessment_on",
            "improvement_plan",
            "improvement_plan_on",
            "redesign_offered",
        ]
        labels = {
            "kind": "What is the notice about?",
            "in_writing": "The notice was given in writing",
            "reasons": "Reasons given to the recipient",
            "exceptional": "Notice is cut short for exceptional circumstances",
            "exceptional_justification": "The exceptional circumstances",
            "equality_impact_assessment": "Equality Impact Assessment",
            "redesign_offered": "Was the recipient offered the chance to redesign the service?",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "reasons": forms.Textarea(attrs={"rows": 4}),
            "exceptional_justification": forms.Textarea(attrs={"rows": 3}),
            "equality_impact_assessment": forms.RadioSelect(choices=CHECK_CHOICES),
            "impact_assessment": forms.RadioSelect(choices=CHECK_CHOICES),
            "improvement_plan": forms.RadioSelect(choices=CHECK_CHOICES),
        }

    # Shown once the notice is found to break a check of its Compact: the issuer confirms each
    # clause by name (the keys of the breaches shown travel in `confirmed`).
    confirmed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.fields["redesign_offered"].choices = [
            (Fact.YES, "Yes"),
            (Fact.NO, "No"),
            (Fact.NOT_RECORDED, "Not recorded"),
        ]
        self.fields["redesign_offered"].widget = forms.RadioSelect(
            choices=self.fields["redesign_offered"].choices
        )
        self.fields["redesign_offered"].required = False
        if self.data.get("confirmed"):
            self.ask_to_confirm(self.data["confirmed"].split(","))
        if not agreement.compact.exceptional_circumstances_allowed:
            # Only offered where the Compact allows it (Hertfordshire 4.4).
            del self.fields["exceptional"]
            del self.fields["exceptional_justification"]
        for name in ("equality_impact_assessment", "impact_assessment", "improvement_plan"):
            self.fields[name].error_messages["required"] = "Say whether this check was done"
        self.fields["kind"].error_messages["required"] = "Select what the notice is about"
        say_length_limits(self)
        self.helper = gds_helper("Issue notice")

    def clean(self):
        cleaned = super().clean()
        issued, effective = cleaned.get("issued_on"), cleaned.get("effective_on")
        if issued and effective and effective < issued:
            self.add_error("effective_on", "The notice cannot take effect before it is issued")
        for name in ("equality_impact_assessment", "impact_assessment", "improvement_plan"):
            if cleaned.get(name) == FundingNotice.Check.DONE and not cleaned.get(f"{name}_on"):
                self.add_error(f"{name}_on", "Enter the date it was done")
        if cleaned.get("exceptional") and not cleaned.get("exceptional_justification", "").strip():
            self.add_error("exceptional_justification", "Explain the exceptional circumstances")
        return cleaned

    def ask_to_confirm(self, keys: list[str]) -> None:
        """Add the box that confirms issuing a notice that breaks these checks."""
        self.fields["confirm_breaches"] = forms.BooleanField(
            label="I confirm the notice is issued although it breaks the Compact as shown above",
            required=False,
        )
        self.confirming = keys

    def confirmed_breaches(self) -> list[str]:
        """The breaches the issuer confirmed: those shown, if the box was ticked."""
        if not self.cleaned_data.get("confirm_breaches"):
            return []
        return [k for k in self.cleaned_data.get("confirmed", "").split(",") if k]

    def service_data(self) -> dict:
        """The notice's fields, for the service."""
        return {
            k: v for k, v in self.cleaned_data.items() if k not in {"confirmed", "confirm_breaches"}
        }


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="Your reply",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The funder's contacts are emailed your reply. It stays on the notice's page.",
        error_messages={"required": "Enter your reply"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_length_limits(self)
        self.helper = gds_helper("Send reply")
        self.helper.attrs = {"novalidate": ""}  # the GOV.UK error summary, not the browser's


class RenewalDecisionForm(forms.ModelForm):
    notified_on = date_field("Date the recipient was told")

    class Meta:
        model = RenewalDecision
        fields = ["decision", "notified_on", "reasons"]
        labels = {"decision": "What did the funder decide?", "reasons": "Reasons"}
        widgets = {"decision": forms.RadioSelect, "reasons": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].error_messages["required"] = "Select the decision"
        say_length_limits(self)
        self.helper = gds_helper("Record decision")

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == RenewalDecision.Decision.NOT_RENEW
            and not cleaned.get("reasons", "").strip()
        ):
            self.add_error("reasons", "Give the reasons for not renewing")
        return cleaned
