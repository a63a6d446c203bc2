"""Forms for running a consultation and responding to one."""

from __future__ import annotations

import secrets

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError

from core.forms import (
    CompactSelect,
    add_service_errors,
    date_field,
    gds_helper,
    say_length_limits,
)
from signatories import access as signatories_access
from signatories.models import Organisation

from . import access, services
from .models import Consultation, DateChange, Extension, Response


def questions_from_text(text: str) -> list[str]:
    """One question per line, each short enough to label an answer, and not too many."""
    questions = [q.strip() for q in text.splitlines() if q.strip()]
    if len(questions) > Consultation.MAX_QUESTIONS:
        raise forms.ValidationError(
            f"Ask {Consultation.MAX_QUESTIONS} questions or fewer (there are {len(questions)})"
        )
    for number, question in enumerate(questions, start=1):
        if len(question) > Consultation.MAX_QUESTION_LENGTH:
            raise forms.ValidationError(
                f"Question {number} must be {Consultation.MAX_QUESTION_LENGTH:,} characters or "
                f"fewer (it has {len(question):,})"
            )
    return questions


LIMITED = {
    "title": "The title",
    "summary": "The summary",
    "body": "What the consultation is about",
    "audience": "Who it is aimed at",
    "shorter_reason": "The reason",
    "glossary": "The glossary",
    "contact_email": "The email address",
    "questions_text": "The questions",
    "date_change_reason": "The reason for moving the date",
    "open_to_change": "What is open to change",
    "not_open_to_change": "What is not open to change",
    "equality_impact_summary": "What the assessment found",
}


# What a lead body writes; the rest is written by the services (status, verdict, feedback).
WRITTEN = [
    "compact",
    "lead_body",
    "title",
    "summary",
    "body",
    "level",
    "audience",
    "opens_on",
    "closes_on",
    "shorter_reason_kind",
    "shorter_reason",
    "acknowledge_responses",
    "glossary",
    "contact_email",
    "open_to_change",
    "not_open_to_change",
    "equality_impact",
    "equality_impact_on",
    "equality_impact_summary",
]


class ConsultationFields(forms.ModelForm):
    """What a lead body writes about a consultation: the site's form and the admin's share it."""

    questions_text = forms.CharField(
        label="Questions for respondents (optional)",
        help_text=(
            f"One question per line: up to {Consultation.MAX_QUESTIONS}, each up to "
            f"{Consultation.MAX_QUESTION_LENGTH} characters."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    date_change_reason = forms.CharField(
        label="If you move the closing date earlier or the opening date later, why?",
        help_text="It is shown on the consultation's page, with the old and new dates.",
        required=False,
        max_length=DateChange._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Consultation
        fields = WRITTEN
        labels = {
            "lead_body": "Lead body",
            "body": "What the consultation is about",
            "level": "Level of participation",
            "shorter_reason_kind": "If it is shorter than the Compact's minimum, why?",
            "shorter_reason": "The reason, in full",
            "acknowledge_responses": "Every response will be acknowledged",
            "glossary": "Glossary of terms (optional)",
            "open_to_change": "What is open to change (optional)",
            "not_open_to_change": "What is not open to change (optional)",
            "equality_impact": "Equality impact assessment of the policy decision",
            "equality_impact_summary": "What the assessment found (optional)",
        }
        help_texts = {
            "open_to_change": "Say which matters responses can still change.",
            "not_open_to_change": "Say which matters are already decided, and why.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shorter_reason_kind"].choices = Consultation.ReasonKind.choices
        self.fields["shorter_reason_kind"].required = False
        self.fields["equality_impact"].choices = Consultation.EqualityImpact.choices
        self.fields["equality_impact"].required = False
        if self.instance.pk:
            self.fields["questions_text"].initial = "\n".join(self.instance.questions)
        say_length_limits(self, LIMITED)

    def clean_questions_text(self) -> str:
        self.questions = questions_from_text(self.cleaned_data["questions_text"])
        return self.cleaned_data["questions_text"]

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "The closing date must be on or after the opening date")
        if cleaned.get("shorter_reason", "").strip() and not cleaned.get("shorter_reason_kind"):
            self.add_error("shorter_reason_kind", "Select the kind of reason")
        if (
            cleaned.get("equality_impact") == Consultation.EqualityImpact.DONE
            and "equality_impact_on" in self.fields
            and not cleaned.get("equality_impact_on")
            and "equality_impact_on" not in self.errors
        ):
            self.add_error("equality_impact_on", "Enter the date of the assessment")
        cleaned["questions"] = getattr(self, "questions", [])
        return cleaned

    def service_data(self) -> dict:
        """The consultation's fields, for `create_draft` or `update`."""
        data = {f: self.cleaned_data[f] for f in WRITTEN if f in self.cleaned_data}
        data["questions"] = self.cleaned_data["questions"]
        return data

    def date_change_reason_given(self) -> str:
        return self.cleaned_data.get("date_change_reason", "")


class ConsultationForm(ConsultationFields):
    opens_on = date_field("Opening date")
    closes_on = date_field(
        "Closing date", help_text="Responses are accepted until the end of this day."
    )
    equality_impact_on = date_field("Date of the assessment", required=False)

    class Meta(ConsultationFields.Meta):
        widgets = {
            "compact": CompactSelect,
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 8}),
            "level": forms.RadioSelect,
            "shorter_reason_kind": forms.RadioSelect,
            "shorter_reason": forms.Textarea(attrs={"rows": 3}),
            "glossary": forms.Textarea(attrs={"rows": 3}),
            "open_to_change": forms.Textarea(attrs={"rows": 3}),
            "not_open_to_change": forms.Textarea(attrs={"rows": 3}),
            "equality_impact": forms.RadioSelect,
            "equality_impact_summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_body"].queryset = signatories_access.public_bodies_acting_for(user)
        self.fields["compact"].queryset = signatories_access.compacts_acting_in(user)
        published = self.instance.pk is not None and self.instance.is_published
        if not published:
            del self.fields["date_change_reason"]
        for name, message in {
            "compact": "Select the Compact",
            "lead_body": "Select the lead body",
            "title": "Enter a title",
            "summary": "Enter a summary",
            "body": "Say what the consultation is about",
            "audience": "Say who it is aimed at",
            "contact_email": "Enter an email address for questions",
        }.items():
            self.fields[name].error_messages["required"] = message
        self.helper = gds_helper("Save changes" if published else "Save draft")


class ConsultationAdminForm(ConsultationFields):
    """The admin's form: checked by the services' own checks, as the person using it."""

    by = None  # set by the admin, per request

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        data = self.service_data()
        try:
            if self.instance.pk is None:
                services.check_draft(by=self.by, **data)
            else:
                services.check_update(
                    consultation=self.instance,
                    by=self.by,
                    date_change_reason=self.date_change_reason_given(),
                    **data,
                )
        except ValidationError as error:
            add_service_errors(self, error)
        except PermissionDenied as error:
            self.add_error("lead_body", str(error))
        return cleaned


class DocumentForm(forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter the document's title"}
    )
    file = forms.FileField(
        help_text="PDF, Word, OpenDocument, Excel, CSV, RTF or text, smaller than 10 MB.",
        error_messages={"required": "Choose a file"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_length_limits(self, {"title": "The document's title"})
        self.helper = gds_helper("Upload document")


class PublishForm(forms.Form):
    commitments_confirmed = forms.BooleanField(
        label="I have read the Compact's consultation commitments above",
        error_messages={"required": "Confirm you have read the Compact's consultation commitments"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper("Publish consultation")


class ExtendForm(forms.Form):
    closes_on = date_field("New closing date")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=Extension._meta.get_field("reason").max_length,
        error_messages={"required": "Give the reason"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_length_limits(self, {"reason": "The reason"})
        self.helper = gds_helper("Extend")


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label="What was decided, and how the responses influenced it",
        help_text="Include the views that were not acted on, and why.",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=Consultation._meta.get_field("feedback").max_length,
        error_messages={"required": "Enter the feedback"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_length_limits(self, {"feedback": "The feedback"})
        self.helper = gds_helper("Publish feedback")


class EndEarlyForm(forms.Form):
    """Withdrawing or closing early: the reason is required and shown in public."""

    reason = forms.CharField(
        label="Why? This is shown on the consultation's page",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=Consultation._meta.get_field("ended_early_reason").max_length,
        error_messages={"required": "Give the reason"},
    )

    def __init__(self, *args, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        say_length_limits(self, {"reason": "The reason"})
        self.helper = gds_helper(button)


RESPONDENT_LIMITED = {
    "name": "The name",
    "email": "The email address",
    "represents": "Who it represents",
    "capacity": "The capacity",
    "body": "Your response",
}


class ResponseForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    respondent_type = forms.ChoiceField(
        label="How are you responding?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you are responding"},
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label="Organisation you respond for"
    )
    organisation_size = forms.ChoiceField(
        label="How big is your organisation, by yearly income?",
        help_text="Every response counts once: this lets small groups' views be seen as well.",
        choices=Response.OrganisationSize.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    previous = forms.ChoiceField(
        label="Your organisation has responded already",
        choices=[
            (services.Previous.UPDATE, "Update our earlier response (the first stays on record)"),
            (services.Previous.SEPARATE, "Send this as a separate response"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    name = forms.CharField(
        label="Your name (optional if anonymous)", max_length=200, required=False
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        help_text="For the acknowledgement and the feedback. Leave it blank to get neither.",
        error_messages={"invalid": "Enter an email address, like name@example.org"},
    )
    represents = forms.CharField(
        label="Who does your response represent?", max_length=300, required=False
    )
    capacity = forms.CharField(
        label="In what capacity are you responding?", max_length=300, required=False
    )
    body = forms.CharField(
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=Response._meta.get_field("body").max_length,
        required=False,
    )

    def __init__(self, *args, consultation, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = access.organisations_responding(user)
        choices = list(Response.RespondentType.choices)
        self.earlier = {}
        if not organisations:
            choices = [c for c in choices if c[0] != Response.RespondentType.ORGANISATION]
            del self.fields["organisation"]
            del self.fields["organisation_size"]
        else:
            self.fields["organisation"].queryset = organisations
            for organisation in organisations:
                earlier = services.earlier_response(consultation, organisation)
                if earlier is not None:
                    self.earlier[organisation.pk] = earlier
        if not self.earlier:
            del self.fields["previous"]
        else:
            self.fields["previous"].help_text = (
                "; ".join(
                    f"{r.organisation.name} responded on {r.received_on:%-d %B %Y} "
                    f"(reference {r.reference})"
                    for r in self.earlier.values()
                )
                + ". If you respond for it again, choose what to do with the earlier response."
            )
        if user.is_authenticated:
            # A signed-in person need not retype who they are; for an organisation the
            # account's own name and address are used.
            self.initial.setdefault("name", user.full_name)
            self.initial.setdefault("email", user.email)
            if organisations:
                self.fields["name"].help_text = (
                    "Responding for your organisation, your account's name and email address "
                    "are used."
                )
        self.fields["respondent_type"].choices = choices
        self.question_fields = []
        for index, question in enumerate(consultation.questions):
            name = f"answer_{index}"
            self.fields[name] = forms.CharField(
                label=question,
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.question_fields.append((name, question))
        if not self.is_bound:
            self.initial["token"] = secrets.token_urlsafe(24)
        say_length_limits(
            self, {**RESPONDENT_LIMITED, **{n: "Your answer" for n, _ in self.question_fields}}
        )
        self.helper = gds_helper("Send response")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("respondent_type")
        organisation = cleaned.get("organisation")
        if kind == Response.RespondentType.ORGANISATION:
            if not organisation:
                self.add_error("organisation", "Select the organisation you respond for")
            if not cleaned.get("organisation_size"):
                self.add_error("organisation_size", "Select the size of your organisation")
            if (
                organisation is not None
                and organisation.pk in self.earlier
                and not cleaned.get("previous")
            ):
                earlier = self.earlier[organisation.pk]
                self.add_error(
                    "previous",
                    f"{organisation.name} responded on {earlier.received_on:%-d %B %Y} "
                    f"(reference {earlier.reference}): choose whether to update that response "
                    "or send a separate one",
                )
        if kind == Response.RespondentType.INDIVIDUAL and not cleaned.get("name", "").strip():
            self.add_error("name", "Enter your name, or choose to respond anonymously")
        if kind in {Response.RespondentType.ORGANISATION, Response.RespondentType.INDIVIDUAL}:
            if not cleaned.get("represents", "").strip():
                self.add_error("represents", "Say who your response represents")
        answers = {q: cleaned.get(n, "").strip() for n, q in self.question_fields}
        cleaned["answers"] = {q: a for q, a in answers.items() if a}
        if (
            "body" not in self.errors
            and not cleaned.get("body", "").strip()
            and not cleaned["answers"]
        ):
            self.add_error("body", "Enter your response")
        return cleaned


class RecordResponseForm(forms.Form):
    channel = forms.ChoiceField(
        choices=[c for c in Response.Channel.choices if c[0] != Response.Channel.ONLINE],
        widget=forms.RadioSelect,
        label="How was it received?",
        error_messages={"required": "Select how it was received"},
    )
    respondent_type = forms.ChoiceField(
        choices=Response.RespondentType.choices, widget=forms.RadioSelect, label="Who sent it?"
    )
    organisation_size = forms.ChoiceField(
        label="Size of the organisation, by yearly income (organisations)",
        choices=Response.OrganisationSize.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    name = forms.CharField(max_length=200, required=False)
    email = forms.EmailField(required=False, label="Email address (to acknowledge it)")
    represents = forms.CharField(max_length=300, required=False, label="Who it represents")
    capacity = forms.CharField(max_length=300, required=False, label="In what capacity")
    petition_signatures = forms.IntegerField(
        min_value=1, max_value=10_000_000, required=False, label="Number of signatures (petitions)"
    )
    received_on = date_field("Date received")
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="The response, or a summary of it",
        max_length=Response._meta.get_field("body").max_length,
        error_messages={"required": "Enter the response"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_length_limits(self, {**RESPONDENT_LIMITED, "body": "The response"})
        self.helper = gds_helper("Record response")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("channel") == Response.Channel.PETITION and not cleaned.get(
            "petition_signatures"
        ):
            self.add_error("petition_signatures", "Enter the number of signatures on the petition")
        return cleaned


class FollowForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address, like name@example.org",
        },
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        say_length_limits(self, {"email": "The email address"})
        self.helper = gds_helper("Follow by email", action)


class ForthcomingAlertForm(forms.Form):
    """Which of their Compacts a signatory's contact wants to hear of forthcoming consultations."""

    signatures = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Email me when a consultation is announced in",
        help_text="Untick a Compact to stop. Each email has a link to stop, too.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["signatures"]
        field.queryset = access.alert_signatures(user)
        field.label_from_instance = lambda s: f"{s.compact.name} (as {s.organisation.name})"
        self.helper = gds_helper("Save")
