"""The admin for Compact officers: each sees only the Compacts they run."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from compact_portal import page_cache

from . import services
from .models import (
    Commitment,
    Compact,
    CompactOfficer,
    CompactReview,
    DeclaredLink,
    Organisation,
    OrganisationChangeRequest,
    OrganisationContact,
    ReferenceGroupMember,
    Signature,
)


class CompactListFilter(admin.RelatedFieldListFilter):
    """The Compacts this person runs, by name, in a select (one light query).

    A superuser runs all 300: a link per Compact, each with its own query string, was most of
    a changelist's time, so this is a small GET form that keeps the other filters.
    """

    template = "admin/compact_filter.html"

    def field_choices(self, field, request, model_admin):
        compacts = Compact.objects.order_by("name")
        if not request.user.is_superuser:
            compacts = compacts.filter(pk__in=model_admin.officer_compacts(request))
        return list(compacts.values_list("pk", "name"))

    def choices(self, changelist):
        ignored = {self.lookup_kwarg, self.lookup_kwarg_isnull}
        self.kept_parameters = [
            (name, value)
            for name, values in changelist.filter_params.items()
            if name not in ignored
            for value in values
        ]
        return []

    @property
    def options(self):
        chosen = self.lookup_val or []
        chosen = [chosen] if isinstance(chosen, str) else chosen
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (pk, " selected" if str(pk) in chosen else "", name)
                for pk, name in self.lookup_choices
            ),
        )


class CompactScopedAdmin(SimpleHistoryAdmin):
    """Officers see and change records of their own Compacts only; superusers see all.

    `compact_path` is the lookup from the model to its Compact; where it crosses a many-valued
    relation (an organisation's signatures), `compact_path_is_many` removes the repeated rows.
    """

    compact_path = "compact"
    compact_path_is_many = False
    show_full_result_count = False  # a count of every row in the country on each page
    # The models whose rows the changelist shows, filters included: set, it keeps each
    # officer's list whole in the cache until one of them changes (page_cache.officer_page).
    changelist_shows: tuple[str, ...] = ()

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        page_cache.watch(self.changelist_shows)

    def changelist_view(self, request, extra_context=None):
        def draw():
            return super(CompactScopedAdmin, self).changelist_view(request, extra_context)

        if not self.changelist_shows or not self.has_view_or_change_permission(request):
            return draw()  # Django refuses the second
        user = request.user
        scope = "all" if user.is_superuser else sorted(self.officer_compacts(request))
        return page_cache.officer_page(request, f"{user.pk}:{scope}", self.changelist_shows, draw)

    def action_checkbox(self, obj):
        """Django's checkbox, written directly: its widget template costs ~0.5 ms a row."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            f"Select this object for an action - {obj}",
        )

    def officer_compacts(self, request) -> set[int]:
        """Asked for every row's permissions on a changelist; the user looks it up once.

        The admin's own sign-in page asks too, before anyone has signed in: nobody's scope.
        """
        if not request.user.is_authenticated:
            return set()
        return request.user.officer_compact_ids()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        scoped = queryset.filter(**{f"{self.compact_path}__in": self.officer_compacts(request)})
        return scoped.distinct() if self.compact_path_is_many else scoped

    def get_list_filter(self, request):
        """Filters by Compact list only the Compacts this person runs (see CompactListFilter)."""
        return [
            (entry, CompactListFilter)
            if isinstance(entry, str) and entry.split("__")[-1] == "compact"
            else entry
            for entry in super().get_list_filter(request)
        ]

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

    # Choices: an officer points a row only at rows of their own Compacts. Pointing a signature
    # at another Compact's organisation would pull it into their scope, and changing a row's
    # Compact would move it out of (or into) another's. The form field checks the posted id
    # against the same queryset, so a hand-made POST fails as the dropdown does.

    def scoped_choices(self, db_field, request):
        """The rows this person may pick for a relation to a Compact-scoped model, or None."""
        if request.user.is_superuser:
            return None
        related_admin = self.admin_site._registry.get(db_field.related_model)
        if isinstance(related_admin, CompactScopedAdmin):
            return related_admin.get_queryset(request)
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = self.scoped_choices(db_field, request)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        choices = self.scoped_choices(db_field, request)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # History pages: scoped like the change page, and read-only for everyone, superusers
    # included. simple-history fetches the row unscoped and saves an old version back on POST,
    # which would skip the services' checks, verdicts, history reasons and emails.

    def history_object(self, request, object_id):
        """The row whose history is asked for, if this person may see its change page."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        return obj

    def keeps_versions(self) -> bool:
        """Whether the model records its versions (reminders, projects and surveys do not)."""
        return hasattr(self.model._meta, "simple_history_manager_attribute")

    def history_view(self, request, object_id, extra_context=None):
        self.history_object(request, object_id)
        if not self.keeps_versions():
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        self.history_object(request, object_id)
        if not self.keeps_versions() or not str(version_id).isdigit():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    def has_change_history_permission(self, request, obj=None):
        return False


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
    list_select_related = ["user", "compact"]
    list_filter = ["compact"]
    autocomplete_fields = ["user"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    # An officer who appoints officers widens someone's reach into confidential cases.
    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


class OrganisationContactInline(admin.TabularInline):
    model = OrganisationContact
    extra = 0
    fields = ["user", "role"]
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(CompactScopedAdmin):
    compact_path = "signatures__compact"
    compact_path_is_many = True
    list_display = ["name", "sector", "organisation_type", "org_id", "postcode"]
    list_filter = ["sector", "organisation_type"]
    search_fields = ["name", "charity_number", "company_number", "org_id", "postcode"]
    readonly_fields = ["org_id", "created_at"]
    inlines = [OrganisationContactInline]

    def has_add_permission(self, request):
        return request.user.is_superuser


class DeclaredLinkInline(admin.TabularInline):
    model = DeclaredLink
    extra = 0
    fields = ["organisation", "description", "declared_on", "recorded_by"]
    raw_id_fields = ["organisation"]
    readonly_fields = ["recorded_by"]

    def has_view_permission(self, request, obj=None):
        return bool(request.user.officer_compact_ids())

    # Membership, declared links included, is the superusers' to manage (see below).
    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(ReferenceGroupMember)
class ReferenceGroupMemberAdmin(CompactScopedAdmin):
    list_display = ["name", "organisation", "compact", "role", "active"]
    list_select_related = ["organisation", "compact"]
    list_filter = ["compact", "active", "organisation__sector"]
    search_fields = ["name", "organisation__name"]
    raw_id_fields = ["organisation", "user"]
    inlines = [DeclaredLinkInline]

    # Members sit on panels that read confidential cases: officers see the group, superusers
    # appoint to it.
    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_formset(self, request, form, formset, change):
        links = formset.save(commit=False)
        for link in links:
            if isinstance(link, DeclaredLink) and link.recorded_by_id is None:
                link.recorded_by = request.user
            link.save()
        for removed in formset.deleted_objects:
            removed.delete()
        formset.save_m2m()


class AgeFilter(admin.SimpleListFilter):
    """How long a sign-up has waited."""

    title = "age"
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return [("week", "Under a week"), ("month", "1 to 4 weeks"), ("older", "Over 4 weeks")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "week":
            return queryset.filter(submitted_at__gte=now - timedelta(weeks=1))
        if self.value() == "month":
            return queryset.filter(
                submitted_at__lt=now - timedelta(weeks=1),
                submitted_at__gte=now - timedelta(weeks=4),
            )
        if self.value() == "older":
            return queryset.filter(submitted_at__lt=now - timedelta(weeks=4))
        return queryset


def _run_service(modeladmin, request, queryset, service, done: str, **kwargs) -> None:
    """Call a service on each selected row and say what happened, row errors included."""
    changed = 0
    for obj in queryset:
        try:
            service(obj, by=request.user, **kwargs)
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(
                request,
                f"{obj}: {' '.join(error.messages) if hasattr(error, 'messages') else error}",
                messages.ERROR,
            )
        else:
            changed += 1
    if changed:
        modeladmin.message_user(request, f"{changed} {done}.", messages.SUCCESS)


class RejectForm(forms.Form):
    _selected_action = forms.CharField(widget=forms.MultipleHiddenInput)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 60}), max_length=2000)


@admin.register(Signature)
class SignatureAdmin(CompactScopedAdmin):
    list_display = [
        "organisation",
        "compact",
        "sector",
        "state",
        "submitted_at",
        "signed_on",
        "reference",
    ]
    list_filter = ["compact", "state", "organisation__sector", AgeFilter]
    search_fields = [
        "organisation__name",
        "reference",
        "organisation__charity_number",
        "organisation__company_number",
    ]
    list_select_related = ["organisation", "compact"]
    raw_id_fields = ["organisation", "submitted_by"]
    date_hierarchy = "submitted_at"
    actions = ["approve", "reject"]
    readonly_fields = [
        "state",
        "reference",
        "submitted_at",
        "submitted_by",
        "decided_at",
        "signed_on",
        "rejection_reason",
        "recommitted_on",
        "recommit_due",
        "other_signatures",
    ]
    fields = [
        "organisation",
        "compact",
        "state",
        "reference",
        "contact_name",
        "contact_email",
        "contact_role",
        "pledges",
        "submitted_by",
        "submitted_at",
        "decided_at",
        "signed_on",
        "rejection_reason",
        "recommitted_on",
        "recommit_due",
        "other_signatures",
    ]

    @admin.display(description="Sector", ordering="organisation__sector")
    def sector(self, obj):
        return obj.organisation.get_sector_display()

    @admin.display(description="The organisation's other signatures")
    def other_signatures(self, obj):
        others = obj.organisation.signatures.exclude(pk=obj.pk).select_related("compact")
        if not others:
            return "None"
        return format_html_join(
            mark_safe("<br>"),  # nosec B308 - a literal separator, no user data
            "{} – {} ({})",
            ((s.compact.name, s.get_state_display(), s.reference) for s in others),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "compact")

    @admin.action(description="Approve the selected sign-ups (publish them)")
    def approve(self, request, queryset):
        _run_service(self, request, queryset, services.approve_signature, "sign-ups approved")

    @admin.action(description="Reject the selected sign-ups, with a reason")
    def reject(self, request, queryset):
        if "apply" in request.POST:
            form = RejectForm(request.POST)
            if form.is_valid():
                _run_service(
                    self,
                    request,
                    queryset,
                    services.reject_signature,
                    "sign-ups rejected",
                    reason=form.cleaned_data["reason"],
                )
                return None
        else:
            form = RejectForm(
                initial={"_selected_action": request.POST.getlist(ACTION_CHECKBOX_NAME)}
            )
        return render(
            request,
            "admin/signatories/reject_signatures.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "signatures": queryset,
                "title": "Reject sign-ups",
                "opts": self.model._meta,
            },
        )


@admin.register(CompactReview)
class CompactReviewAdmin(CompactScopedAdmin):
    list_display = ["compact", "reviewed_on", "recommit_by", "recorded_by"]
    list_filter = ["compact"]
    fields = ["compact", "reviewed_on", "summary", "recommit_by", "recorded_by"]
    readonly_fields = ["recommit_by", "recorded_by"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return
        review = services.record_review(
            compact=obj.compact, by=request.user, reviewed_on=obj.reviewed_on, summary=obj.summary
        )
        obj.pk = review.pk
        self.message_user(request, "Review recorded: signatories have been invited to re-commit.")


@admin.register(OrganisationChangeRequest)
class OrganisationChangeRequestAdmin(CompactScopedAdmin):
    compact_path = "organisation__signatures__compact"
    compact_path_is_many = True
    list_display = ["organisation", "changes", "state", "requested_by", "requested_at"]
    list_filter = ["state"]
    list_select_related = ["organisation", "requested_by"]
    actions = ["approve", "reject"]
    readonly_fields = [
        "organisation",
        "changes",
        "state",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
        "rejection_reason",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Approve the selected changes")
    def approve(self, request, queryset):
        _run_service(self, request, queryset, services.approve_change_request, "changes approved")

    @admin.action(description="Reject the selected changes")
    def reject(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            services.reject_change_request,
            "changes rejected",
            reason="The change could not be confirmed. Contact the Compact officer.",
        )
