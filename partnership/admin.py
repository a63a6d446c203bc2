"""Projects and surveys in the admin: officers approve their Compacts' projects."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from core.admin import CompactScopedAdmin

from . import services
from .models import CollaborativeProject, Survey


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
                reason = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"{project}: {reason}", messages.ERROR)

    @admin.action(description="Approve the selected projects")
    def approve(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description="Reject the selected projects")
    def reject(self, request, queryset):
        self._decide(request, queryset, False)


@admin.register(Survey)
class SurveyAdmin(CompactScopedAdmin):
    list_display = ["title", "compact", "opens_on", "closes_on", "invited_at"]
    list_select_related = ["compact"]
    list_filter = ["compact"]
    readonly_fields = ["invited_at"]
    actions = ["invite"]

    @admin.action(description="Invite the Compact's signatories to answer")
    def invite(self, request, queryset):
        for survey in queryset:
            try:
                sent = services.invite_to_survey(survey=survey, by=request.user)
            except PermissionDenied as error:
                self.message_user(request, f"{survey}: {error}", messages.ERROR)
            else:
                if sent:
                    self.message_user(request, f"{survey}: {sent} invitations queued.")
                else:
                    self.message_user(
                        request,
                        f"{survey}: the signatories were already invited.",
                        messages.WARNING,
                    )
