"""The reminder log in the admin: officers see their Compacts' reminders."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from signatories.admin import CompactScopedAdmin

from . import services
from .models import CollaborativeProject, Reminder, ReminderOptOut, Survey


@admin.register(Reminder)
class ReminderAdmin(CompactScopedAdmin):
    list_display = [
        "due_on",
        "kind",
        "object_label",
        "deadline",
        "offset_days",
        "recipient",
        "status",
        "sent_at",
        "attempts",
    ]
    list_filter = ["status", "kind", "compact", "due_on"]
    search_fields = ["recipient", "object_label"]
    date_hierarchy = "due_on"
    list_select_related = ["compact"]
    readonly_fields = [f.name for f in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderOptOut)
class ReminderOptOutAdmin(admin.ModelAdmin):
    list_display = ["email", "kind", "created_at"]
    search_fields = ["email"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(CollaborativeProject)
class CollaborativeProjectAdmin(CompactScopedAdmin):
    list_display = ["title", "compact", "started_on", "state", "submitted_by"]
    list_select_related = ["compact", "submitted_by"]
    list_filter = ["compact", "state"]
    search_fields = ["title"]
    filter_horizontal = ["partners"]
    actions = ["approve", "reject"]
    readonly_fields = ["state", "submitted_by"]

    def _decide(self, request, queryset, approve):
        for project in queryset:
            try:
                services.decide_project(project, by=request.user, approve=approve)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{project}: {error}", messages.ERROR)

    @admin.action(description="Approve the selected projects")
    def approve(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description="Reject the selected projects")
    def reject(self, request, queryset):
        self._decide(request, queryset, False)


@admin.register(Survey)
class SurveyAdmin(CompactScopedAdmin):
    list_display = ["title", "compact", "opens_on", "closes_on"]
    list_select_related = ["compact"]
    list_filter = ["compact"]
