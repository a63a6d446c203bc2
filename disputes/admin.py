"""Case triage for Compact officers: filters, target dates, and each step through a service."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from core.admin import CompactScopedAdmin, EmailsAboutInline
from signatories.models import Compact

from . import access, queries, services
from .forms import MeetingForm, NoteForm, OwnerForm, PanelForm, StageForm
from .models import (
    Case,
    FormalTarget,
    InternalNote,
    Message,
    PanelMeeting,
    PanelMember,
    Stage,
    SteeringGroup,
)
from .rules import formal_stage_verdict


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
    verbose_name_plural = "panel"
    fields = ["member_name", "organisation", "sector", "answer", "answered_at", "conflict"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member__organisation")

    @admin.display(description="Member")
    def member_name(self, seat):
        return seat.member.name

    @admin.display(description="Organisation")
    def organisation(self, seat):
        return seat.member.organisation.name

    @admin.display(description="Sector")
    def sector(self, seat):
        return seat.member.organisation.get_sector_display()

    @admin.display(description="Their answer")
    def answer(self, seat):
        return seat.get_answer_display()

    @admin.display(description="Answered")
    def answered_at(self, seat):
        when = seat.declared_conflict_at or seat.confirmed_no_conflict_at
        return timezone.localtime(when).strftime("%-d %b %Y %H:%M") if when else "–"


class MeetingInline(CaseInline, admin.StackedInline):
    model = PanelMeeting
    verbose_name_plural = "panel meetings"
    fields = ["held_on", "starts_at", "place", "attendees", "notes", "recorded_by_name"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recorded_by")

    @admin.display(description="Recorded by")
    def recorded_by_name(self, meeting):
        return meeting.recorded_by.get_full_name() if meeting.recorded_by else "–"


class MessageInline(CaseInline, admin.StackedInline):
    model = Message
    fk_name = "case"
    verbose_name_plural = "correspondence"
    fields = ["sent_on", "writer", "author_role", "to", "body", "attachment_link", "replied_on"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author", "case")

    @admin.display(description="Written by")
    def writer(self, message):
        return message.author.get_full_name() if message.author else "–"

    @admin.display(description="Attachment")
    def attachment_link(self, message):
        if not message.attachment:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("disputes:attachment", args=[message.case.reference, message.pk]),
            message.attachment.name.rsplit("/", 1)[-1],
        )


class NoteInline(CaseInline, admin.StackedInline):
    """Notes for the Compact's officers alone; written through the "Add a note" page."""

    model = InternalNote
    verbose_name_plural = "internal notes (officers only)"
    fields = ["written_at", "author_name", "text"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    @admin.display(description="Written by")
    def author_name(self, note):
        return note.author.get_full_name() if note.author else "–"


@admin.register(Case)
class CaseAdmin(CompactScopedAdmin):
    list_display = [
        "reference",
        "compact",
        "complainant",
        "respondent",
        "stage",
        "state",
        "owner",
        "initial_contact_on",
        "target_date",
        "days_left",
    ]
    list_filter = ["compact", StageFilter, "state", TargetFilter, AgeFilter]
    search_fields = ["reference", "complainant__name", "respondent__name"]
    list_select_related = ["compact", "complainant", "respondent", "owner"]
    inlines = [PanelInline, MeetingInline, MessageInline, NoteInline, EmailsAboutInline]
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
        "raised_by_name",
        "contact_name",
        "contact_email",
        "contact_phone",
        "owner_name",
        "procedure",
        "stage",
        "state",
        "deadlines",
        "mediator",
        "closed_on",
        "closed_at_stage",
        "referred_to",
        "outcome",
        "lesson_learnt",
        "timeline",
        "steps",
    ]
    fields = readonly_fields

    @admin.display(description="Days left")
    def days_left(self, obj):
        """Only while the formal stage's target runs: a case past it has no days left to count."""
        if not obj.target_runs:
            return "–"
        return (obj.target_date - timezone.localdate()).days

    @admin.display(description="Raised by")
    def raised_by_name(self, obj):
        # Plain words: the user's own admin page is not an officer's to open.
        return obj.raised_by.get_full_name() if obj.raised_by else "–"

    @admin.display(description="Case owner")
    def owner_name(self, obj):
        return obj.owner.get_full_name() if obj.owner else "Nobody yet"

    @admin.display(description="The Compact's procedure")
    def procedure(self, obj):
        stages = " → ".join(Stage.label_of(s) for s in obj.compact.resolution_stages) or "Not set"
        clause = obj.compact.clause_for("resolution_stages")
        text = f"{stages} ({clause})"
        if Stage.STEERING_GROUP in (obj.compact.resolution_stages or []):
            group = getattr(obj.compact, "steering_group_contact", None)
            text += (
                f". Steering group told: {group.name} <{group.email}>"
                if group
                else (". Steering group's contact: not set (no notice is sent)")
            )
        return text

    @admin.display(description="Deadlines")
    def deadlines(self, obj):
        verdict = formal_stage_verdict(
            obj.initial_contact_on,
            obj.left_formal_on if obj.formal_started_on else None,
            obj.compact.formal_stage_weeks,
            timezone.localdate(),
        )
        clause = obj.compact.clause_for("formal_stage_weeks")
        if verdict.state == FormalTarget.NOT_SET:
            return f"Formal stage target: not set by this Compact ({clause})"
        due = verdict.due.strftime("%-d %B %Y")
        if not obj.formal_started_on:
            state = "not in the formal stage yet"
        else:
            state = verdict.state.label.lower()
        weeks = obj.compact.formal_stage_weeks
        return f"Formal stage target: {due}, {weeks} weeks from initial contact; {state} ({clause})"

    @admin.display(description="Independent mediator")
    def mediator(self, obj):
        if not obj.mediator_name:
            return "–"
        where = f", {obj.mediator_organisation}" if obj.mediator_organisation else ""
        return f"{obj.mediator_name}{where}, referred {obj.referred_to_mediator_on:%-d %B %Y}"

    @admin.display(description="What has happened")
    def timeline(self, obj):
        steps = queries.timeline(obj, confidential=True)
        items = format_html_join(
            "",
            "<li>{}: {}{}</li>",
            ((f"{s.on:%-d %b %Y}", s.what, f" ({s.detail})" if s.detail else "") for s in steps),
        )
        return format_html('<ul class="timeline">{}</ul>', items)

    @admin.display(description="Next steps")
    def steps(self, obj):
        if obj.pk is None or obj.state != Case.State.OPEN:
            return "None: the case is closed."
        links = [("Move on or close", "admin:disputes_case_step")]
        if services.uses_panel(obj):
            links.append(("Propose a panel", "admin:disputes_case_panel"))
            links.append(("Arrange a panel meeting", "admin:disputes_case_meeting"))
        links += [
            ("Name the case owner", "admin:disputes_case_owner"),
            ("Add an internal note", "admin:disputes_case_note"),
        ]
        buttons = format_html_join(
            " ",
            '<a class="button" href="{}">{}</a>',
            ((reverse(name, args=[obj.pk]), label) for label, name in links),
        )
        next_stage = services.next_stage_of(obj)
        if next_stage is None:
            return format_html("{}<p>This is the procedure's last stage.</p>", buttons)
        needed = services.panel_not_ready(obj) if next_stage == Stage.FORMAL else []
        advice = f"Next: {Stage.label_of(next_stage).lower()}."
        if needed:
            advice += " Before it: " + "; ".join(needed) + "."
        if next_stage == Stage.MEDIATION:
            advice += " Record the independent mediator and the date referred."
        return format_html("{}<p>{}</p>", buttons, advice)

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
            path(
                "<int:pk>/owner/",
                self.admin_site.admin_view(self.owner_view),
                name="disputes_case_owner",
            ),
            path(
                "<int:pk>/note/",
                self.admin_site.admin_view(self.note_view),
                name="disputes_case_note",
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
                        case,
                        by=request.user,
                        reason=data["reason"],
                        from_stage=seen,
                        mediator_name=data["mediator_name"],
                        mediator_organisation=data["mediator_organisation"],
                        referred_to_mediator_on=data["referred_to_mediator_on"],
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
        if not services.uses_panel(case):
            raise Http404("This Compact's procedure uses an independent mediator, not a panel.")
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
        if not services.uses_panel(case):
            raise Http404("This Compact's procedure uses an independent mediator, not a panel.")
        form = MeetingForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.record_meeting(case, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return self._done(
                    request, case, "Meeting arranged. Everyone in the case has been told."
                )
        return self._page(request, case, form, f"Arrange a panel meeting for case {case.reference}")

    def owner_view(self, request, pk):
        case = self._case(request, pk)
        form = OwnerForm(request.POST if request.method == "POST" else None, case=case)
        if request.method == "POST" and form.is_valid():
            try:
                services.assign_owner(case, by=request.user, owner=form.cleaned_data["owner"])
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return self._done(request, case, "Case owner saved.")
        return self._page(request, case, form, f"Name the owner of case {case.reference}")

    def note_view(self, request, pk):
        case = self._case(request, pk)
        form = NoteForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.add_internal_note(case, by=request.user, text=form.cleaned_data["text"])
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return self._done(request, case, "Note added. Only officers see it.")
        return self._page(request, case, form, f"Add an internal note to case {case.reference}")

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


@admin.register(SteeringGroup)
class SteeringGroupAdmin(CompactScopedAdmin):
    """Who is told when a case reaches "steering group told" (Chelmsford, 003); unset: nobody."""

    list_display = ["compact", "name", "email"]
    fields = ["compact", "name", "email"]

    def get_readonly_fields(self, request, obj=None):
        return ["compact"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        saved = services.set_steering_group(
            compact=obj.compact, by=request.user, name=obj.name, email=obj.email
        )
        obj.pk = saved.pk
