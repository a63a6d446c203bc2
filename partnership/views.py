"""Contacts record collaborative projects and answer the partnership survey."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core.forms import date_field, gds_helper
from signatories.models import Compact, Organisation

from . import access, services
from .models import Survey

RATINGS = [
    (str(n), label)
    for n, label in [(1, "1 – poor"), (2, "2"), (3, "3"), (4, "4"), (5, "5 – excellent")]
]


class ProjectForm(forms.Form):
    compact = forms.ModelChoiceField(
        queryset=Compact.objects.order_by("name"), error_messages={"required": "Select the Compact"}
    )
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter the project's title"}
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Describe the project"},
    )
    partners = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="At least two, from at least two sectors, including your own organisation.",
        error_messages={"required": "Choose the partner organisations"},
    )
    started_on = date_field("Start date")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = access.partner_choices(user)
        self.helper = gds_helper("Send for approval")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def project_new(request):
    if not access.may_record_projects(request.user):
        raise PermissionDenied("Record a project as the contact of an organisation.")
    form = ProjectForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_project(by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error("partners", getattr(error, "messages", [str(error)]))
        else:
            messages.success(request, "Project sent. It counts once a Compact officer approves it.")
            return redirect("home")
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "heading": "Record a collaborative project",
            "intro": "A new project between organisations of different sectors.",
        },
        status=400 if form.errors else 200,
    )


class SurveyForm(forms.Form):
    def __init__(self, *args, survey, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(
            queryset=organisations, label="Answering for"
        )
        for index, question in enumerate(survey.questions):
            self.fields[f"q{index}"] = forms.ChoiceField(
                label=question,
                choices=RATINGS,
                widget=forms.RadioSelect,
                error_messages={"required": "Rate this from 1 to 5"},
            )
        self.survey = survey
        self.helper = gds_helper("Send answers")

    def ratings(self) -> dict:
        return {q: int(self.cleaned_data[f"q{i}"]) for i, q in enumerate(self.survey.questions)}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_answer(request, pk):
    survey = get_object_or_404(Survey, pk=pk)
    organisations = access.organisations_answering(request.user, survey)
    if not organisations:
        raise PermissionDenied("The survey is for the Compact's signatories.")
    form = SurveyForm(
        request.POST if request.method == "POST" else None,
        survey=survey,
        organisations=organisations,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(
                survey=survey,
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                ratings=form.ratings(),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Thank you: your answers are recorded.")
            return redirect("home")
    return render(
        request,
        "components/form_page.html",
        {"form": form, "heading": survey.title},
        status=400 if form.errors else 200,
    )
