"""Forms for raising a concern, correspondence and the officer's steps."""

from __future__ import annotations

from django import forms

from core.forms import date_field, gds_helper, say_length_limits
from core.uploads import check_upload
from signatories.models import Commitment, Compact, Organisation, ReferenceGroupMember, Signature

from .models import Case, Message, PanelMeeting

# A move's or a withdrawal's reason is kept in the case's history (a text column); this keeps
# it to what a person reads in one go.
REASON_MAX_LENGTH = 2000


def _limit(model, name: str) -> int:
    """The length a text column holds, for the form field that fills it."""
    return model._meta.get_field(name).max_length


class RaiseConcernForm(forms.Form):
    compact = forms.ModelChoiceField(
        queryset=Compact.objects.order_by("name"),
        label="Which Compact?",
        error_messages={"required": "Select the Compact"},
    )
    complainant = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Your organisation",
        error_messages={"required": "Select your organisation"},
    )
    respondent = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Which organisation did not follow the Compact?",
        error_messages={"required": "Select the other organisation"},
    )
    commitment = forms.ModelChoiceField(
        queryset=Commitment.objects.select_related("compact").order_by("compact__name", "position"),
        label="Which commitment was not followed?",
        error_messages={"required": "Select the commitment that was not followed"},
    )
    what_happened = forms.CharField(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        error_messages={"required": "Say what happened"},
    )
    outcome_sought = forms.CharField(
        label="What outcome do you want?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Say what outcome you want"},
    )
    first_raised_on = date_field("Date you first raised it with them")
    first_raised_how = forms.CharField(
        label="How did you raise it with them?",
        help_text="For example, a letter to the chief executive.",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Say how you first raised it with the other organisation"},
    )
    contact_name = forms.CharField(
        label="Your name", max_length=200, error_messages={"required": "Enter your name"}
    )
    contact_email = forms.EmailField(
        label="Your email address", error_messages={"required": "Enter your email address"}
    )
    contact_phone = forms.CharField(label="Phone number (optional)", max_length=40, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Both parties are signatories of the chosen Compact: once it is known (a POST), the
        # lists are its published list; before, any published list.
        approved = Signature.objects.filter(state=Signature.State.APPROVED)
        compact = self._chosen_compact()
        if compact is not None:
            approved = approved.filter(compact=compact)
        signatories = Organisation.objects.filter(pk__in=approved.values("organisation"))
        self.fields["complainant"].queryset = signatories.filter(contacts__user=user).order_by(
            "name"
        )
        self.fields["respondent"].queryset = signatories.order_by("name")
        self.fields["commitment"].label_from_instance = lambda c: (
            f"{c.compact.name} {c.clause}: {c.heading}"
        )
        say_length_limits(self)
        self.helper = gds_helper("Send concern")

    def _chosen_compact(self) -> Compact | None:
        """The Compact picked in the submitted data, if it is a real one."""
        if not self.is_bound:
            return None
        try:
            return self.fields["compact"].clean(self.data.get(self.add_prefix("compact")))
        except forms.ValidationError:
            return None

    def clean(self):
        cleaned = super().clean()
        compact, commitment = cleaned.get("compact"), cleaned.get("commitment")
        if compact and commitment and commitment.compact_id != compact.pk:
            self.add_error("commitment", f"Choose a commitment of the {compact.name}")
        if cleaned.get("complainant") and cleaned.get("complainant") == cleaned.get("respondent"):
            self.add_error("respondent", "Choose the other organisation, not your own")
        return cleaned


class MessageForm(forms.Form):
    to = forms.ChoiceField(
        widget=forms.RadioSelect,
        label="Who is it for?",
        error_messages={"required": "Select who it is for"},
    )
    body = forms.CharField(
        label="Your message",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        error_messages={"required": "Write your message"},
    )
    attachment = forms.FileField(
        required=False,
        label="Attach a document (optional)",
        help_text="PDF, Word or text, smaller than 10 MB.",
    )
    reply_to = forms.ModelChoiceField(
        queryset=Message.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, addressees, visible_messages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(party.value, party.label) for party in addressees]
        self.fields["reply_to"].queryset = visible_messages
        say_length_limits(self)
        self.helper = gds_helper("Send message")

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            check_upload(
                upload,
                extensions={".pdf", ".docx", ".odt", ".txt", ".rtf"},
                kinds="PDF, Word, OpenDocument, RTF or text",
            )
        return upload


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": "Say why you are withdrawing"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_length_limits(self)
        self.helper = gds_helper("Withdraw the case")


class ConflictForm(forms.Form):
    conflict = forms.CharField(
        label="What is the conflict?",
        help_text="For example, you are a trustee of one of the organisations.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say what the conflict is"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_length_limits(self)
        self.helper = gds_helper("Declare the conflict")


class StageForm(forms.Form):
    """The officer's next step on a case, in the admin."""

    ACTIONS = [
        ("next", "Move to the next stage"),
        ("resolve", "Resolved"),
        ("close", "Close unresolved (referred elsewhere)"),
        ("withdraw", "Withdrawn by a party"),
    ]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=REASON_MAX_LENGTH,
        help_text="Why (moves and withdrawals).",
    )
    outcome = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=_limit(Case, "outcome"),
    )
    lesson = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=_limit(Case, "lesson_learnt"),
        label="Lesson learnt (published without names)",
    )
    referred_to = forms.CharField(required=False, max_length=_limit(Case, "referred_to"))
    # The stage the page showed: a step taken on a case that has moved on since is refused.
    stage = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, initial={"stage": case.stage}, **kwargs)
        say_length_limits(self)


class PanelForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        queryset=ReferenceGroupMember.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    # The panel the page showed (member ids): one proposed since is not silently replaced.
    replacing = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case, **kwargs):
        shown = sorted(case.panel.values_list("member_id", flat=True))
        initial = {"replacing": ",".join(map(str, shown))}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["members"].queryset = ReferenceGroupMember.objects.filter(
            compact=case.compact, active=True
        ).select_related("organisation")
        self.fields["members"].label_from_instance = lambda m: (
            f"{m.name} – {m.organisation.name} ({m.organisation.get_sector_display()})"
        )

    def clean_replacing(self) -> list[int]:
        value = self.cleaned_data["replacing"]
        try:
            return [int(pk) for pk in value.split(",") if pk]
        except ValueError:
            raise forms.ValidationError("Open the panel page again.") from None


class MeetingForm(forms.Form):
    held_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    attendees = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=_limit(PanelMeeting, "attendees")
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=_limit(PanelMeeting, "notes")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_length_limits(self)
