"""The admin for Compact officers: each sees only the Compacts they run."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Commitment,
    Compact,
    CompactOfficer,
    DeclaredLink,
    Organisation,
    OrganisationContact,
    ReferenceGroupMember,
    Signature,
)


class CompactScopedAdmin(SimpleHistoryAdmin):
    """Officers see and change records of their own Compacts only; superusers see all.

    `compact_path` is the lookup from the model to its Compact.
    """

    compact_path = "compact"

    def officer_compacts(self, request) -> set[int]:
        return request.user.officer_compact_ids()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.compact_path}__in": self.officer_compacts(request)})

    def has_module_permission(self, request):
        return bool(self.officer_compacts(request))

    def has_view_permission(self, request, obj=None):
        return bool(self.officer_compacts(request))

    def has_change_permission(self, request, obj=None):
        return bool(self.officer_compacts(request))

    def has_add_permission(self, request):
        return bool(self.officer_compacts(request))

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "compact" and not request.user.is_superuser:
            kwargs["queryset"] = Compact.objects.filter(pk__in=self.officer_compacts(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0
    fields = ["position", "clause", "heading", "text", "undertaken_by", "theme"]

    def has_view_permission(self, request, obj=None):
        return bool(request.user.officer_compact_ids())

    def has_change_permission(self, request, obj=None):
        return bool(request.user.officer_compact_ids())

    def has_add_permission(self, request, obj=None):
        return bool(request.user.officer_compact_ids())

    def has_delete_permission(self, request, obj=None):
        return bool(request.user.officer_compact_ids())


@admin.register(Compact)
class CompactAdmin(CompactScopedAdmin):
    compact_path = "pk"
    list_display = [
        "name",
        "area",
        "consultation_min_weeks",
        "funding_end_notice_months",
        "reviewed_on",
    ]
    search_fields = ["name", "area"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CommitmentInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "area", "summary", "contact_email"]}),
        ("Document", {"fields": ["document_title", "document_url", "adopted_on", "reviewed_on"]}),
        (
            "Rule parameters (leave blank where the Compact does not set the rule)",
            {
                "fields": [
                    "consultation_min_weeks",
                    "funding_end_notice_months",
                    "renewal_notice_months",
                    "min_term_years",
                    "formal_stage_weeks",
                    "informing_notice_weeks",
                    "meeting_notice_weeks",
                    "act_notice_weeks_min",
                    "act_notice_weeks_ideal",
                    "resolution_stages",
                    "exceptional_circumstances_allowed",
                    "clauses",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return request.user.is_superuser


@admin.register(CompactOfficer)
class CompactOfficerAdmin(CompactScopedAdmin):
    list_display = ["user", "compact"]
    list_filter = ["compact"]
    autocomplete_fields = ["user"]

    def has_module_permission(self, request):
        return request.user.is_superuser


class OrganisationContactInline(admin.TabularInline):
    model = OrganisationContact
    extra = 0
    fields = ["user", "role"]
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "sector", "organisation_type", "org_id", "postcode"]
    list_filter = ["sector", "organisation_type"]
    search_fields = ["name", "charity_number", "company_number", "org_id", "postcode"]
    readonly_fields = ["org_id", "created_at"]
    inlines = [OrganisationContactInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            signatures__compact__in=request.user.officer_compact_ids()
        ).distinct()

    def has_module_permission(self, request):
        return bool(request.user.officer_compact_ids())

    has_view_permission = CompactScopedAdmin.has_view_permission
    has_change_permission = CompactScopedAdmin.has_change_permission

    def officer_compacts(self, request):
        return request.user.officer_compact_ids()

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class DeclaredLinkInline(admin.TabularInline):
    model = DeclaredLink
    extra = 0
    fields = ["organisation", "description", "declared_on", "recorded_by"]
    raw_id_fields = ["organisation"]
    readonly_fields = ["recorded_by"]

    def has_view_permission(self, request, obj=None):
        return bool(request.user.officer_compact_ids())

    has_change_permission = has_view_permission

    def has_add_permission(self, request, obj=None):
        return bool(request.user.officer_compact_ids())

    def has_delete_permission(self, request, obj=None):
        return bool(request.user.officer_compact_ids())


@admin.register(ReferenceGroupMember)
class ReferenceGroupMemberAdmin(CompactScopedAdmin):
    list_display = ["name", "organisation", "compact", "role", "active"]
    list_filter = ["compact", "active", "organisation__sector"]
    search_fields = ["name", "organisation__name"]
    raw_id_fields = ["organisation", "user"]
    inlines = [DeclaredLinkInline]

    def save_formset(self, request, form, formset, change):
        links = formset.save(commit=False)
        for link in links:
            if isinstance(link, DeclaredLink) and link.recorded_by_id is None:
                link.recorded_by = request.user
            link.save()
        for removed in formset.deleted_objects:
            removed.delete()
        formset.save_m2m()


@admin.register(Signature)
class SignatureAdmin(CompactScopedAdmin):
    list_display = ["organisation", "compact", "state", "submitted_at", "signed_on", "reference"]
    list_filter = ["compact", "state", "organisation__sector"]
    search_fields = ["organisation__name", "reference", "organisation__charity_number"]
    list_select_related = ["organisation", "compact"]
    raw_id_fields = ["organisation", "submitted_by"]
    date_hierarchy = "submitted_at"
