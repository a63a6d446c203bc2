"""Consultations in the admin: status, closing soon, awaiting feedback, compliance, responses."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from core.admin import CompactScopedAdmin, EmailsAboutInline

from . import access, queries, services
from .exports import response_csv_lines
from .forms import WRITTEN, ConsultationAdminForm
from .models import Consultation, Response


class ClosingSoonFilter(admin.SimpleListFilter):
    title = "closing"
    parameter_name = "closing"

    def lookups(self, request, model_admin):
        return [("7", "Within 7 days"), ("28", "Within 4 weeks")]

    def queryset(self, request, queryset):
        if self.value() in {"7", "28"}:
            today = timezone.localdate()
            return queryset.filter(
                status=Consultation.Status.OPEN,
                closes_on__gte=today,
                closes_on__lte=today + timezone.timedelta(days=int(self.value())),
            )
        return queryset


class FeedbackFilter(admin.SimpleListFilter):
    title = "feedback"
    parameter_name = "feedback"

    def lookups(self, request, model_admin):
        return [("awaiting", "Awaiting feedback"), ("past_due", "Feedback late")]

    def queryset(self, request, queryset):
        closed = queryset.filter(status=Consultation.Status.CLOSED).exclude(
            level=Consultation.Level.INFORMING
        )
        if self.value() == "awaiting":
            return closed
        if self.value() == "past_due":
            return closed.filter(feedback_due__lt=timezone.localdate())
        return queryset


class ComplianceFilter(admin.SimpleListFilter):
    title = "compliance"
    parameter_name = "compliance"

    def lookups(self, request, model_admin):
        return Consultation.Compliance.choices

    def queryset(self, request, queryset):
        return queryset.filter(compliance_state=self.value()) if self.value() else queryset


@admin.register(Consultation)
class ConsultationAdmin(CompactScopedAdmin):
    list_display = [
        "title",
        "compact",
        "lead_body",
        "status",
        "opens_on",
        "closes_on",
        "compliance_state",
        "responses",
        "feedback_state",
    ]
    list_filter = [
        "compact",
        "status",
        ClosingSoonFilter,
        FeedbackFilter,
        ComplianceFilter,
        "level",
        "closes_on",
    ]
    search_fields = ["title", "lead_body__name"]
    list_select_related = ["compact", "lead_body"]
    form = ConsultationAdminForm
    # Written only by their own services: publishing, feedback, the clock and the rules.
    readonly_fields = [
        "status",
        "compliance_state",
        "feedback_due",
        "commitments_confirmed",
        "published_at",
        "feedback",
        "feedback_published_on",
        "ended_early_on",
        "ended_early_reason",
        "created_by",
    ]
    raw_id_fields = ["lead_body"]
    actions = ["export_responses"]
    inlines = [EmailsAboutInline]  # what followers were told
    # No date_hierarchy: it lists the distinct dates of every row in the country on each page.

    def get_queryset(self, request):
        # Counted for the page's rows only (see queries.response_count), so the column is not
        # sortable: sorting by it would count for every row.
        return super().get_queryset(request).annotate(response_count=queries.response_count())

    @admin.display(description="Responses")
    def responses(self, obj):
        return obj.response_count if obj.invites_responses else "informing"

    @admin.display(description="Feedback due", ordering="feedback_due")
    def feedback_state(self, obj):
        """The due date, marked overdue from the day after while feedback is unpublished."""
        return render_to_string(
            "consultations/feedback_due.html",
            {"consultation": obj, "today": timezone.localdate()},
        ).strip()

    def has_change_permission(self, request, obj=None):
        if obj is not None and not access.may_change(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # No service deletes a consultation: it is withdrawn, and stays on the record.
        return False

    def get_fields(self, request, obj=None):
        fields = [*WRITTEN, "questions_text"]
        if obj is not None and obj.is_published:
            fields.append("date_change_reason")
        return [*fields, *self.readonly_fields]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # The form checks what the services will check, as this person.
        return type(form.__name__, (form,), {"by": request.user})

    def save_model(self, request, obj, form, change):
        if change:
            saved = services.update(
                consultation=obj,
                by=request.user,
                date_change_reason=form.date_change_reason_given(),
                **form.service_data(),
            )
        else:
            saved = services.create_draft(by=request.user, **form.service_data())
        # The admin goes on with the form's instance (its log entry, its redirect).
        obj.pk = saved.pk
        obj.refresh_from_db()
        obj._state.adding = False

    @admin.action(description="Export the responses of the selected consultations (CSV)")
    def export_responses(self, request, queryset):
        consultations = access.run_by(request.user).filter(pk__in=queryset.values("pk"))
        lines = response_csv_lines(Response.objects.filter(consultation__in=consultations))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="responses.csv"'
        return response


@admin.register(Response)
class ResponseAdmin(CompactScopedAdmin):
    compact_path = "consultation__compact"
    list_display = [
        "reference",
        "consultation",
        "channel",
        "respondent_type",
        "received_on",
        "acknowledged_at",
    ]
    list_filter = ["channel", "respondent_type", "consultation__compact"]
    search_fields = ["reference", "consultation__title"]
    list_select_related = ["consultation"]
    raw_id_fields = ["consultation", "organisation", "recorded_by"]
    exclude = ["submitted_by"]
    readonly_fields = ["sent_by"]
    actions = ["acknowledge"]
    inlines = [EmailsAboutInline]  # the acknowledgement and the feedback notice

    @admin.display(description="Submitted by")
    def sent_by(self, obj):
        """The account that sent it online; "anonymous" for an anonymous response."""
        if obj.respondent_type == Response.RespondentType.ANONYMOUS:
            return "anonymous"
        return obj.submitted_by or "-"

    # A response is written by its respondent or recorded by the lead body, on the site.
    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Send the acknowledgement to the selected responses")
    def acknowledge(self, request, queryset):
        sent = 0
        for response in queryset.select_related("consultation__compact", "consultation__lead_body"):
            try:
                sent += services.acknowledge_response(response, by=request.user)
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
        self.message_user(
            request, f"{sent} acknowledgement{'s' if sent != 1 else ''} sent.", messages.SUCCESS
        )
