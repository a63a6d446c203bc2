"""Forms for raising a concern, correspondence and the officer's steps."""

from __future__ import annotations

from django import forms

from core.forms import date_field, gds_helper, say_length_limits
from core.uploads import check_upload
from signatories.models import (
    Commitment,
    Compact,
    DeclaredLink,
    Organisation,
    ReferenceGroupMember,
    Signature,
)

from .models import Case, InternalNote, Message, PanelMeeting, Stage
from .services import next_stage_of

# A move's or a withdrawal's reason is kept in the case's history (a text column); this keeps
# it to what a person reads in one go.
REASON_MAX_LENGTH = 2000


def _limit(model, name: str) -> int:
    """The length a text column holds, for the form field that fills it."""
    return model._meta.get_field(name).max_length


class ChooseCompactForm(forms.Form):
    """The first question of raising a concern: the rest of the form is that Compact's."""

    compact = forms.ModelChoiceField(
        queryset=Compact.objects.order_by("name"),
        to_field_name="slug",
        label="Which Compact is it about?",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the Compact"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper("Continue")
        self.helper.form_method = "get"


def compact_from(value) -> Compact | None:
    """A Compact named in a link by its slug (e.g. "herefordshire") or its id; None if neither."""
    value = (value or "").strip()
    if not value:
        return None
    found = Compact.objects.filter(slug=value).first()
    if found is None and value.isdigit():
        found = Compact.objects.filter(pk=int(value)).first()
    return found


class RaiseConcernForm(forms.Form):
    compact = forms.ModelChoiceField(
        queryset=Compact.objects.order_by("name"),
        widget=forms.HiddenInput,
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
        help_text="Only the organisations on this Compact's published list can be chosen.",
        error_messages={"required": "Select the other organisation"},
        widget=forms.Select(attrs={"data-module": "autocomplete"}),
    )
    commitment = forms.ModelChoiceField(
        queryset=Commitment.objects.none(),
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

    def __init__(self, *args, user, compact: Compact | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Both parties are signatories of the chosen Compact, and the commitment is one of its
        # own: the lists are that Compact's (the one submitted, else the one in the link).
        compact = self._chosen_compact() or compact
        approved = Signature.objects.filter(state=Signature.State.APPROVED)
        commitments = Commitment.objects.none()
        if compact is not None:
            approved = approved.filter(compact=compact)
            commitments = compact.commitments.order_by("position", "pk")
            self.initial.setdefault("compact", compact.pk)
        else:
            approved = approved.none()
        signatories = Organisation.objects.filter(pk__in=approved.values("organisation"))
        self.fields["complainant"].queryset = signatories.filter(contacts__user=user).order_by(
            "name"
        )
        self.fields["respondent"].queryset = signatories.order_by("name")
        self.fields["commitment"].queryset = commitments
        # one Compact's commitments, in plain words with the clause they are
        self.fields["commitment"].label_from_instance = lambda c: f"{c.heading} (clause {c.clause})"
        say_length_limits(self)
        self.helper = gds_helper("Send concern")

    def prefill(self, query) -> None:
        """Start from a link's `organisation` and `commitment` ids, if they are this Compact's."""
        for name, parameter in (("respondent", "organisation"), ("commitment", "commitment")):
            value = (query.get(parameter) or "").strip()
            if value.isdigit() and self.fields[name].queryset.filter(pk=int(value)).exists():
                self.initial[name] = int(value)
        mine = list(self.fields["complainant"].queryset[:2])
        if len(mine) == 1:
            self.initial.setdefault("complainant", mine[0].pk)

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
    mediator_name = forms.CharField(
        required=False,
        max_length=_limit(Case, "mediator_name"),
        label="Independent mediator's name",
        help_text="When the case moves to mediation.",
    )
    mediator_organisation = forms.CharField(
        required=False,
        max_length=_limit(Case, "mediator_organisation"),
        label="Mediator's organisation",
    )
    referred_to_mediator_on = forms.DateField(
        required=False,
        label="Date referred to the mediator",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    # The stage the page showed: a step taken on a case that has moved on since is refused.
    stage = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, initial={"stage": case.stage}, **kwargs)
        next_stage = next_stage_of(case)
        actions = list(self.ACTIONS)
        if next_stage is None:
            actions = actions[1:]  # the procedure's last stage: it can only end
        else:
            actions[0] = ("next", f"Move to the next stage: {Stage.label_of(next_stage)}")
        self.fields["action"].choices = actions
        if next_stage != Stage.MEDIATION:
            for name in ("mediator_name", "mediator_organisation", "referred_to_mediator_on"):
                del self.fields[name]
        say_length_limits(self)

    def clean(self):
        cleaned = super().clean()
        for name in ("mediator_name", "mediator_organisation"):
            cleaned.setdefault(name, "")
        cleaned.setdefault("referred_to_mediator_on", None)
        return cleaned


class PanelForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        queryset=ReferenceGroupMember.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    # The panel the page showed (member ids): one proposed since is not silently replaced.
    replacing = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case, **kwargs):
        shown = sorted(case.panel.values_list("member_id", flat=True))
        initial = {"replacing": ",".join(map(str, shown)), "members": shown}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["members"].queryset = ReferenceGroupMember.objects.filter(
            compact=case.compact, active=True
        ).select_related("organisation")
        self.fields["members"].label_from_instance = self._describe(case)
        self.fields["members"].help_text = (
            "Each member's sector, and any link with either organisation, is shown before you"
            " choose: a panel has members of at least two sectors and no links with either."
        )

    @staticmethod
    def _describe(case):
        """A candidate in words, with what would stop them sitting on this case's panel."""
        parties = {case.complainant_id: case.complainant, case.respondent_id: case.respondent}
        links: dict[int, list[str]] = {}
        for member_id, organisation_id in DeclaredLink.objects.filter(
            member__compact=case.compact, organisation__in=list(parties)
        ).values_list("member_id", "organisation_id"):
            links.setdefault(member_id, []).append(parties[organisation_id].name)
        answers = {seat.member_id: seat for seat in case.panel.all()}

        def describe(member) -> str:
            words = [f"{member.name} – {member.organisation.name}"]
            words.append(f"({member.organisation.get_sector_display()})")
            if member.organisation_id in parties:
                words.append(f"⚠ is from {member.organisation.name}, a party to this case")
            for name in links.get(member.pk, []):
                words.append(f"⚠ has declared a link with {name}")
            seat = answers.get(member.pk)
            if seat is not None:
                words.append(f"· on the panel now: {seat.get_answer_display().lower()}")
            return " ".join(words)

        return describe

    def clean_replacing(self) -> list[int]:
        value = self.cleaned_data["replacing"]
        try:
            return [int(pk) for pk in value.split(",") if pk]
        except ValueError:
            raise forms.ValidationError("Open the panel page again.") from None


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.TimeField(
        label="Start time (optional)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    place = forms.CharField(label="Place", required=False, max_length=_limit(PanelMeeting, "place"))
    attendees = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=_limit(PanelMeeting, "attendees")
    )
    notes = forms.CharField(
        label="Notes (confidential: officers and the panel)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=_limit(PanelMeeting, "notes"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_length_limits(self)


class OwnerForm(forms.Form):
    owner = forms.ModelChoiceField(
        queryset=None, required=False, label="Case owner", empty_label="Nobody yet"
    )

    def __init__(self, *args, case, **kwargs):
        from accounts.models import User

        super().__init__(*args, initial={"owner": case.owner_id}, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            compact_officer_roles__compact=case.compact, is_active=True
        ).order_by("full_name", "email")
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name()


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note (only the Compact's officers see it)",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=_limit(InternalNote, "text"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_length_limits(self)
