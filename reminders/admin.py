"""The reminder log in the admin: officers see their Compacts' reminders."""

from __future__ import annotations

from django.contrib import admin

from core.admin import CompactScopedAdmin, EmailsAboutInline

from . import access
from .models import Reminder, ReminderOptOut
from .sweep import sources


def kind_label(kind: str) -> str:
    """A reminder kind in words, as its source names it (the code if no source has it now)."""
    source = sources().get(kind)
    return source.label if source else kind


class KindFilter(admin.SimpleListFilter):
    """Kinds of reminder by their labels."""

    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(source.kind, source.label) for source in sources().values()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class KindShownAsLabel:
    @admin.display(description="kind", ordering="kind")
    def kind_shown(self, obj):
        return kind_label(obj.kind)


@admin.register(Reminder)
class ReminderAdmin(KindShownAsLabel, CompactScopedAdmin):
    list_display = [
        "due_on",
        "kind_shown",
        "object_label",
        "deadline",
        "offset_days",
        "recipient",
        "status",
        "sent_at",
        "attempts",
    ]
    list_filter = ["status", KindFilter, "compact", "due_on"]
    search_fields = ["recipient", "object_label"]
    # No date_hierarchy: it lists the distinct dates of every row in the country on each page.
    list_select_related = ["compact"]
    fields = readonly_fields = [
        "kind_shown" if f.name == "kind" else f.name for f in Reminder._meta.fields
    ]
    inlines = [EmailsAboutInline]

    def get_queryset(self, request):
        return access.visible_to(request.user).select_related("compact")

    def has_module_permission(self, request):
        return access.may_view_log(request.user)

    def has_view_permission(self, request, obj=None):
        return access.may_view_log(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderOptOut)
class ReminderOptOutAdmin(KindShownAsLabel, admin.ModelAdmin):
    list_display = ["email", "kind_shown", "created_at"]
    search_fields = ["email"]

    def has_module_permission(self, request):
        return access.may_view_opt_outs(request.user)

    def has_view_permission(self, request, obj=None):
        return access.may_view_opt_outs(request.user)
