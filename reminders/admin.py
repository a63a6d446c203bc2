"""The reminder log in the admin: officers see their Compacts' reminders."""

from __future__ import annotations

from django.contrib import admin

from core.admin import CompactScopedAdmin

from .models import Reminder, ReminderOptOut


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
