"""The admin for Compact officers: each sees only the Compacts they run."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.admin import CompactScopedAdmin

from . import access, imports, services
from .models import (
    Commitment,
    Compact,
    CompactOfficer,
    CompactReview,
    CompactSection,
    DeclaredLink,
    Organisation,
    OrganisationChangeRequest,
    OrganisationContact,
    ReferenceGroupMember,
    SignatoryImport,
    Signature,
)


@admin.register(Commitment)
class CommitmentAdmin(CompactScopedAdmin):
    """A Compact's commitments: too many for an inline on the Compact (Herefordshire has over
    two hundred), so listed by Compact with a search, each edited on its own page."""

    list_display = ["clause", "heading", "compact", "undertaken_by", "theme"]
    list_select_related = ["compact"]
    list_filter = ["compact", "theme", "undertaken_by"]
    search_fields = ["clause", "heading", "text"]
    fields = [
        "compact",
        "section",
        "position",
        "clause",
        "heading",
        "text",
        "undertaken_by",
        "theme",
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["compact", "section"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "compact" and not request.user.is_superuser:
            kwargs["queryset"] = Compact.objects.filter(pk__in=self.officer_compacts(request))
        if db_field.name == "section":
            kwargs["queryset"] = (
                CompactSection.objects.filter(compact__in=self.officer_compacts(request))
                if not request.user.is_superuser
                else CompactSection.objects.all()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return access.may_edit_commitments(request.user, obj.compact if obj else None)

    has_view_permission = has_change_permission


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
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "area", "summary", "contact_email", "contact_address"]},
        ),
        (
            "Document",
            {
                "fields": [
                    "document_title",
                    "document_url",
                    "adopted_on",
                    "reviewed_on",
                    "review_due_on",
                ]
            },
        ),
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
                    "feedback_due_weeks",
                    "recommit_within_weeks",
                    "clauses",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return access.may_add_compact(request.user)


@admin.register(CompactOfficer)
class CompactOfficerAdmin(CompactScopedAdmin):
    list_display = ["user", "compact"]
    list_select_related = ["user", "compact"]
    list_filter = ["compact"]
    autocomplete_fields = ["user"]

    def has_module_permission(self, request):
        return access.may_appoint_officers(request.user)

    # An officer who appoints officers widens someone's reach into confidential cases.
    def has_add_permission(self, request):
        return access.may_appoint_officers(request.user)

    def has_change_permission(self, request, obj=None):
        return access.may_appoint_officers(request.user)


class OrganisationContactInline(admin.TabularInline):
    """Read-only: contacts are invited and removed by the organisation's own contacts (services
    invite_contact and remove_contact); the invited person accepts, signed in as the address."""

    model = OrganisationContact
    extra = 0
    fields = ["user", "role", "added_at"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return access.runs_a_compact(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    has_change_permission = has_delete_permission = has_add_permission


@admin.register(Organisation)
class OrganisationAdmin(CompactScopedAdmin):
    compact_path = "signatures__compact"
    compact_path_is_many = True
    list_display = ["name", "sector", "organisation_type", "org_id", "postcode"]
    list_filter = ["sector", "organisation_type"]
    search_fields = ["name", "charity_number", "company_number", "org_id", "postcode"]
    readonly_fields = ["org_id", "created_at"]
    inlines = [OrganisationContactInline]

    def get_queryset(self, request):
        return access.organisations_run_by(request.user)

    def get_readonly_fields(self, request, obj=None):
        # Who the organisation is changes through a change request an officer approves.
        if obj is None:
            return self.readonly_fields
        return [*self.readonly_fields, *services.IDENTITY_FIELDS]

    def has_add_permission(self, request):
        return access.may_add_organisation_in_admin(request.user)


class DeclaredLinkInline(admin.TabularInline):
    """New links are declared through services.declare_link; a declared link stays as it was
    declared (its history is the record a panel's fairness rests on)."""

    model = DeclaredLink
    extra = 0
    fields = ["organisation", "description", "declared_on", "recorded_by"]
    raw_id_fields = ["organisation"]
    readonly_fields = ["recorded_by"]

    def has_view_permission(self, request, obj=None):
        return access.runs_a_compact(request.user)

    # Membership, declared links included, is the superusers' to manage (see below).
    def has_add_permission(self, request, obj=None):
        return access.may_appoint_officers(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    has_delete_permission = has_change_permission


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
        return access.may_appoint_officers(request.user)

    def has_change_permission(self, request, obj=None):
        return access.may_appoint_officers(request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not DeclaredLink:
            return super().save_formset(request, form, formset, change)
        # Existing links are read-only, so what is left to save is new declarations.
        for link in formset.save(commit=False):
            services.declare_link(
                member=form.instance,
                organisation=link.organisation,
                description=link.description,
                by=request.user,
                today=link.declared_on,
            )
        return None


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


class SignatureAddForm(forms.ModelForm):
    """A sign-up received another way: who signs, and who to write to about it."""

    class Meta:
        model = Signature
        fields = ["organisation", "compact", "contact_name", "contact_email", "contact_role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("contact_name", "contact_email"):
            self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        organisation, compact = cleaned.get("organisation"), cleaned.get("compact")
        if organisation and compact:
            live = services.live_signature(organisation, compact)
            if live is not None:
                raise services.already_signed(live)
        return cleaned


class RejectForm(forms.Form):
    _selected_action = forms.CharField(widget=forms.MultipleHiddenInput)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "cols": 60}), max_length=2000)


class ImportUploadForm(forms.Form):
    compact = forms.ModelChoiceField(
        queryset=Compact.objects.none(),
        label="Compact",
        empty_label=None,
        help_text="The Compact whose signatories the file lists.",
    )
    file = forms.FileField(
        label="Spreadsheet of signatories",
        help_text=(
            "A CSV or XLSX file, one organisation a row under a row of headings: its name, type "
            "and the date it signed; its charity or company number, address, postcode, website "
            "and contact if you have them."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compact"].queryset = access.compacts_importable_by(user)


class ImportMappingForm(forms.Form):
    """Which column of the file each field is read from."""

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not in the file"), *((h, h) for h in headers if h)]
        for field in imports.FIELDS:
            label = field.label + ("" if field.required else " (optional)")
            self.fields[field.name] = forms.ChoiceField(
                label=label, choices=choices, required=False, help_text=field.hint
            )


IMPORT_PAGE_SIZE = 200


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
    list_filter = ["compact", "state", "organisation__sector", AgeFilter, "submitted_at"]
    search_fields = [
        "organisation__name",
        "reference",
        "organisation__charity_number",
        "organisation__company_number",
    ]
    list_select_related = ["organisation", "compact"]
    raw_id_fields = ["organisation", "submitted_by"]
    # No date_hierarchy: it lists the distinct dates of every row in the country on each page.
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

    add_fields = [
        "organisation",
        "compact",
        "contact_name",
        "contact_email",
        "contact_role",
        "pledges",
    ]

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        # A signature's organisation and Compact are what it is: a different pair is a new
        # sign-up (and would bypass the one-live-signature check).
        if obj is None:
            return []
        return ["organisation", "compact", *self.readonly_fields]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = SignatureAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        signature = services.add_signature_in_admin(
            by=request.user,
            organisation=obj.organisation,
            compact=obj.compact,
            contact_name=obj.contact_name,
            contact_email=obj.contact_email,
            contact_role=obj.contact_role,
            pledges=obj.pledges,
        )
        obj.pk = signature.pk
        return None

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
        return access.signatures_run_by(request.user).select_related("organisation", "compact")

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


@admin.register(SignatoryImport)
class SignatoryImportAdmin(CompactScopedAdmin):
    """Spreadsheets of a Compact's existing signatories: add one to import it (upload, match
    the columns, preview row by row, confirm); the rows are written by a task (services)."""

    list_display = [
        "file_name",
        "compact",
        "state",
        "uploaded_by",
        "uploaded_at",
        "created_count",
        "matched_count",
        "skipped_count",
    ]
    list_filter = ["compact", "state"]
    list_select_related = ["compact", "uploaded_by"]
    # the page shows the list's columns and how it ended
    fields = readonly_fields = [*list_display, "failure", "finished_at", "where_it_is"]

    def has_add_permission(self, request):
        return access.compacts_importable_by(request.user).exists()

    # An import changes only through its pages (match, preview, confirm), which call services.
    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Preview and progress")
    def where_it_is(self, obj):
        return format_html(
            '<a href="{}">Preview</a> · <a href="{}">Progress</a>',
            reverse("admin:signatories_signatoryimport_preview", args=[obj.pk]),
            reverse("admin:signatories_signatoryimport_progress", args=[obj.pk]),
        )

    # Importing a Compact's existing list from a spreadsheet: upload, match the columns, see
    # what each row will do, confirm; the rows are then written by a task (services).

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/preview/",
                view(self.import_preview),
                name="signatories_signatoryimport_preview",
            ),
            path(
                "<int:pk>/progress/",
                view(self.import_progress),
                name="signatories_signatoryimport_progress",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return self.import_upload(request)

    def _import_context(self, request, title, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **context,
        }

    def _import_for(self, request, pk) -> SignatoryImport:
        record = get_object_or_404(self.get_queryset(request), pk=pk)
        if not access.may_import(request.user, record.compact):
            raise Http404
        return record

    def import_upload(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                record = services.upload_signatories(
                    by=request.user,
                    compact=form.cleaned_data["compact"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                return redirect("admin:signatories_signatoryimport_preview", pk=record.pk)
        recent = access.imports_run_by(request.user).select_related("compact")[:10]
        return render(
            request,
            "admin/signatories/import_upload.html",
            self._import_context(request, "Import signatories", form=form, recent=recent),
        )

    def import_preview(self, request, pk):
        record = self._import_for(request, pk)
        if record.state not in (SignatoryImport.State.UPLOADED, SignatoryImport.State.PREVIEWED):
            return redirect("admin:signatories_signatoryimport_progress", pk=record.pk)
        mapping_form = ImportMappingForm(
            request.POST if "map" in request.POST else None,
            headers=record.headers,
            initial=record.mapping,
        )
        problems = []
        if request.method == "POST" and "map" in request.POST and mapping_form.is_valid():
            try:
                record = services.preview_import(
                    record, by=request.user, mapping=mapping_form.cleaned_data
                )
            except ValidationError as error:
                problems = error.messages
            else:
                return redirect("admin:signatories_signatoryimport_preview", pk=record.pk)
        if request.method == "POST" and "confirm" in request.POST:
            try:
                services.confirm_import(record, by=request.user)
            except ValidationError as error:
                problems = error.messages
            else:
                return redirect("admin:signatories_signatoryimport_progress", pk=record.pk)
        previewed = record.state == SignatoryImport.State.PREVIEWED
        errors = [
            {**e, "page": i // IMPORT_PAGE_SIZE + 1}
            for i, e in enumerate(record.plan)
            if e["action"] == imports.Action.ERROR
        ]
        counts = imports.counts(record.plan)
        page = Paginator(record.plan, IMPORT_PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "admin/signatories/import_preview.html",
            self._import_context(
                request,
                f"Import signatories into the {record.compact.name}",
                record=record,
                mapping_form=mapping_form,
                problems=problems,
                previewed=previewed,
                counts=[(action.label, counts[action]) for action in imports.Action],
                to_write=sum(counts[action] for action in imports.WRITTEN),
                row_errors=errors,
                page=page,
                rows=[imports.shown(entry) for entry in page],
            ),
        )

    def import_progress(self, request, pk):
        record = self._import_for(request, pk)
        done = services.import_progress(record.pk)
        total = len(record.plan)
        return render(
            request,
            "admin/signatories/import_progress.html",
            self._import_context(
                request,
                f"Import signatories into the {record.compact.name}",
                record=record,
                done=total if record.state == SignatoryImport.State.IMPORTED else (done or 0),
                total=total,
                waiting=record.state
                in (SignatoryImport.State.UPLOADED, SignatoryImport.State.PREVIEWED),
                importing=record.state == SignatoryImport.State.IMPORTING,
                imported=record.state == SignatoryImport.State.IMPORTED,
                failed=record.state == SignatoryImport.State.FAILED,
                signatures_url=reverse("admin:signatories_signature_changelist")
                + f"?compact__id__exact={record.compact_id}",
            ),
        )


@admin.register(CompactReview)
class CompactReviewAdmin(CompactScopedAdmin):
    list_display = ["compact", "reviewed_on", "recommit_by", "recorded_by"]
    list_filter = ["compact"]
    fields = ["compact", "reviewed_on", "summary", "recommit_by", "recorded_by"]
    readonly_fields = ["recommit_by", "recorded_by"]

    def get_queryset(self, request):
        return access.reviews_run_by(request.user)

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

    def get_queryset(self, request):
        return access.change_requests_run_by(request.user)

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
