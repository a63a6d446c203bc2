"""The admin base for Compact officers: each sees and changes only the Compacts they run."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.utils.html import format_html_join
from django.utils.text import smart_split, unescape_string_literal
from simple_history.admin import SimpleHistoryAdmin

from . import outbox
from .models import OutboundEmail
from .paging import BoundedPaginator

# The most rows an admin list pages through (100 pages); filters and the search narrow it.
ADMIN_MAX_ROWS = 10_000


class CompactListFilter(admin.RelatedFieldListFilter):
    """The Compacts this person runs, by name, in a select (one light query).

    A superuser runs all 300: a link per Compact, each with its own query string, was most of
    a changelist's time, so this is a small GET form that keeps the other filters.
    """

    template = "admin/compact_filter.html"

    def field_choices(self, field, request, model_admin):
        compacts = field.related_model.objects.order_by("name")
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
    # A web address typed without its scheme is taken as https (Django 6.0's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        """Pages through at most the first ADMIN_MAX_ROWS rows, counted no further: a list of
        every agreement in the country costs what a list of one Compact's does."""
        return BoundedPaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            max_rows=ADMIN_MAX_ROWS,
        )

    def get_search_results(self, request, queryset, search_term):
        """Django's search, with each field across a foreign key ("organisation__name") asked
        as ids of the related table (`organisation_id IN (SELECT id ... WHERE name LIKE ...)`)
        rather than by joining that table to every row: the inner query reads the related
        table's trigram index, and the list is not joined to a national table per row (an
        officer's signature search for "Trust" 887 ms of SQL this way round was the join)."""
        fields = self.get_search_fields(request)
        if not search_term or not fields or any(f[0] in "^=@" for f in fields):
            return super().get_search_results(request, queryset, search_term)
        for bit in smart_split(search_term):
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
                bit = unescape_string_literal(bit)
            either = Q()
            for field in fields:
                either |= self._search_q(field, bit)
            queryset = queryset.filter(either)
        return queryset, False

    def _search_q(self, field: str, term: str) -> Q:
        """`field` contains `term`; across one foreign key, as a subquery on its ids."""
        relation, _, rest = field.partition("__")
        model_field = self.model._meta.get_field(relation)
        if rest and model_field.many_to_one and "__" not in rest:
            related = model_field.related_model._default_manager.filter(
                **{f"{rest}__icontains": term}
            )
            return Q(**{f"{relation}__in": related.values("pk")})
        return Q(**{f"{field}__icontains": term})

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


# The outbox: what the portal sent, scoped like everything else; read-only, with a retry.


@admin.register(OutboundEmail)
class OutboundEmailAdmin(CompactScopedAdmin):
    """Every email the portal sent or is sending. Officers see those about their Compacts."""

    compact_path = "compact_id"
    list_display = ["subject", "recipient", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state", "created_at"]
    search_fields = ["recipient", "subject", "message_id"]
    # No date_hierarchy: it lists the distinct dates of every row in the country on each page.
    actions = ["retry"]
    fields = readonly_fields = [
        "recipient",
        "subject",
        "state",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
        "next_attempt_at",
        "message_id",
        "content_type",
        "object_id",
        "compact_id",
        "body_text",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Retry the selected failed emails")
    def retry(self, request, queryset):
        count = outbox.retry(queryset.values_list("pk", flat=True))
        self.message_user(request, f"{count} failed email{'s' if count != 1 else ''} queued again.")


class EmailsAboutInline(GenericTabularInline):
    """The emails about a record, with their state: add it to any admin's `inlines`. The
    record's own admin decides who sees its change page; this only lists, never changes."""

    model = OutboundEmail
    ct_field = "content_type"
    ct_fk_field = "object_id"
    verbose_name = "email about this"
    verbose_name_plural = "emails about this"
    fields = readonly_fields = [
        "recipient",
        "subject",
        "state",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False
    ordering = ["-created_at", "-pk"]

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
