"""Case triage for Compact officers: filters, target dates, and each step through a service."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from core.admin import CompactScopedAdmin, EmailsAboutInline
from signatories.models import Compact

from . import access, services
from .forms import MeetingForm, PanelForm, StageForm
from .models import Case, FormalTarget, Message, PanelMeeting, PanelMember, Stage


class TargetFilter(admin.SimpleListFilter):
    title = "formal-stage target"
    parameter_name = "target"

    def lookups(self, request, model_admin):
        return [(FormalTarget.OVERDUE, FormalTarget.OVERDUE.label), ("soon", "Due within 2 weeks")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        in_formal = queryset.filter(
            state=Case.State.OPEN, stage=Stage.FORMAL, target_date__isnull=False
        )
        if self.value() == FormalTarget.OVERDUE:
            return in_formal.filter(target_date__lt=today)
        if self.value() == "soon":
            return in_formal.filter(
                target_date__gte=today, target_date__lte=today + timedelta(weeks=2)
            )
        return queryset


class StageFilter(admin.SimpleListFilter):
    """The stages of the procedures of the Compacts this person runs, in the order they come.

    Taken from the Compacts' settings, not from a DISTINCT over every case in the country.
    """

    title = "stage"
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        compacts = Compact.objects.all()
        if not request.user.is_superuser:
            compacts = compacts.filter(pk__in=model_admin.officer_compacts(request))
        stages: dict[str, str] = {}
        for procedure in compacts.values_list("resolution_stages", flat=True):
            for stage in procedure or [Stage.INFORMAL]:
                stages.setdefault(stage, Stage.label_of(stage))
        return list(stages.items())

    def queryset(self, request, queryset):
        return queryset.filter(stage=self.value()) if self.value() else queryset


class AgeFilter(admin.SimpleListFilter):
    title = "age"
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return [("4", "Under 4 weeks"), ("12", "4 to 12 weeks"), ("older", "Over 12 weeks")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "4":
            return queryset.filter(initial_contact_on__gt=today - timedelta(weeks=4))
        if self.value() == "12":
            return queryset.filter(
                initial_contact_on__lte=today - timedelta(weeks=4),
                initial_contact_on__gt=today - timedelta(weeks=12),
            )
        if self.value() == "older":
            return queryset.filter(initial_contact_on__lte=today - timedelta(weeks=12))
        return queryset


class CaseInline:
    """What officers read on a case's page (its panel, meetings, letters): never changed here."""

    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        # obj is the case; without one (the inline's queryset), the case page has been allowed
        if obj is None:
            return access.may_run_cases(request.user)
        return access.may_change(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PanelInline(CaseInline, admin.TabularInline):
    model = PanelMember
    fields = ["member", "confirmed_no_conflict_at"]
    readonly_fields = fields


class MeetingInline(CaseInline, admin.StackedInline):
    model = PanelMeeting
    fields = ["held_on", "attendees", "notes", "recorded_by"]
    readonly_fields = fields


class MessageInline(CaseInline, admin.StackedInline):
    model = Message
    fk_name = "case"
    fields = ["sent_on", "author_role", "to", "body", "attachment", "replied_on"]
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(CompactScopedAdmin):
    list_display = [
        "reference",
        "compact",
        "complainant",
        "respondent",
        "stage",
        "state",
        "initial_contact_on",
        "target_date",
        "days_left",
    ]
    list_filter = ["compact", StageFilter, "state", TargetFilter, AgeFilter]
    search_fields = ["reference", "complainant__name", "respondent__name"]
    list_select_related = ["compact", "complainant", "respondent"]
    changelist_shows = ("disputes.Case", "signatories.Compact", "signatories.Organisation")
    inlines = [PanelInline, MeetingInline, MessageInline, EmailsAboutInline]
    actions = ["move_to_next_stage"]
    readonly_fields = [
        "compact",
        "reference",
        "complainant",
        "respondent",
        "commitment",
        "what_happened",
        "outcome_sought",
        "first_raised_on",
        "first_raised_how",
        "initial_contact_on",
        "raised_by",
        "contact_name",
        "contact_email",
        "contact_phone",
        "stage",
        "state",
        "formal_started_on",
        "left_formal_on",
        "target_date",
        "closed_on",
        "closed_at_stage",
        "referred_to",
        "outcome",
        "lesson_learnt",
        "steps",
    ]
    fields = readonly_fields

    @admin.display(description="Days left")
    def days_left(self, obj):
        if obj.target_date is None or obj.state != Case.State.OPEN:
            return "–"
        return (obj.target_date - timezone.localdate()).days

    @admin.display(description="Next steps")
    def steps(self, obj):
        if obj.pk is None or obj.state != Case.State.OPEN:
            return "None: the case is closed."
        return format_html(
            '<a class="button" href="{}">Move on or close</a> '
            '<a class="button" href="{}">Propose a panel</a> '
            '<a class="button" href="{}">Record a panel meeting</a>',
            reverse("admin:disputes_case_step", args=[obj.pk]),
            reverse("admin:disputes_case_panel", args=[obj.pk]),
            reverse("admin:disputes_case_meeting", args=[obj.pk]),
        )

    def get_queryset(self, request):
        return access.run_by(request.user, super().get_queryset(request))

    def has_module_permission(self, request):
        return access.may_run_cases(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return access.may_run_cases(request.user)
        return access.may_change(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return False  # every step is a service, on the step, panel and meeting pages

    def has_add_permission(self, request):
        return False  # a case is raised by a contact on the site (004 13.1)

    def has_delete_permission(self, request, obj=None):
        return False  # a case ends resolved, closed or withdrawn, and keeps its history

    def get_urls(self):
        return [
            path(
                "<int:pk>/step/",
                self.admin_site.admin_view(self.step_view),
                name="disputes_case_step",
            ),
            path(
                "<int:pk>/panel/",
                self.admin_site.admin_view(self.panel_view),
                name="disputes_case_panel",
            ),
            path(
                "<int:pk>/meeting/",
                self.admin_site.admin_view(self.meeting_view),
                name="disputes_case_meeting",
            ),
            *super().get_urls(),
        ]

    def _case(self, request, pk) -> Case:
        case = get_object_or_404(self.get_queryset(request), pk=pk)
        if not access.may_change(request.user, case):
            raise PermissionDenied
        return case

    def _page(self, request, case, form, title):
        return render(
            request,
            "admin/disputes/case_step.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "case": case,
                "title": title,
                "opts": self.model._meta,
            },
            status=400 if form.errors else 200,
        )

    def _done(self, request, case, message):
        self.message_user(request, message, messages.SUCCESS)
        return redirect("admin:disputes_case_change", case.pk)

    def step_view(self, request, pk):
        case = self._case(request, pk)
        form = StageForm(request.POST if request.method == "POST" else None, case=case)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            seen = data["stage"]
            try:
                if data["action"] == "next":
                    services.move_to_next_stage(
                        case, by=request.user, reason=data["reason"], from_stage=seen
                    )
                elif data["action"] == "resolve":
                    services.resolve(
                        case,
                        by=request.user,
                        outcome=data["outcome"],
                        lesson=data["lesson"],
                        at_stage=seen,
                    )
                elif data["action"] == "close":
                    services.close_unresolved(
                        case,
                        by=request.user,
                        referred_to=data["referred_to"],
                        outcome=data["outcome"],
                        lesson=data["lesson"],
                        at_stage=seen,
                    )
                else:
                    services.withdraw(case, by=request.user, reason=data["reason"], at_stage=seen)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return self._done(request, case, f"Case {case.reference} updated.")
        return self._page(request, case, form, f"Next step for case {case.reference}")

    def panel_view(self, request, pk):
        case = self._case(request, pk)
        form = PanelForm(request.POST if request.method == "POST" else None, case=case)
        if request.method == "POST" and form.is_valid():
            try:
                services.propose_panel(
                    case,
                    by=request.user,
                    members=list(form.cleaned_data["members"]),
                    replacing=form.cleaned_data["replacing"],
                )
            except ValidationError as error:
                form.add_error("members", error.messages)
            else:
                return self._done(
                    request,
                    case,
                    "Panel proposed. Each member is asked to confirm they have no conflict.",
                )
        return self._page(request, case, form, f"Propose a panel for case {case.reference}")

    def meeting_view(self, request, pk):
        case = self._case(request, pk)
        form = MeetingForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            services.record_meeting(case, by=request.user, **form.cleaned_data)
            return self._done(request, case, "Meeting recorded.")
        return self._page(request, case, form, f"Record a panel meeting for case {case.reference}")

    @admin.action(description="Move the selected cases to their next stage")
    def move_to_next_stage(self, request, queryset):
        moved = 0
        for case in queryset:
            try:
                # From the stage this request read: a case another click moved since is
                # refused rather than moved twice (the list shows no stage to post back).
                services.move_to_next_stage(
                    case,
                    by=request.user,
                    reason="Moved on by a Compact officer in the admin",
                    from_stage=case.stage,
                )
            except (ValidationError, PermissionDenied) as error:
                self.message_user(
                    request,
                    f"{case.reference}: {' '.join(getattr(error, 'messages', [str(error)]))}",
                    messages.ERROR,
                )
            else:
                moved += 1
        if moved:
            self.message_user(
                request, f"{moved} case{'s' if moved != 1 else ''} moved on.", messages.SUCCESS
            )
