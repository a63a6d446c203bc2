"""Funding in the admin: which agreements end soon without notice, and every notice's verdict."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.admin import CompactScopedAdmin, EmailsAboutInline
from signatories.rules import add_months

from . import access, services
from .models import FundingAgreement, FundingNotice, RenewalDecision, TermState


class TermVerdictFilter(admin.SimpleListFilter):
    title = "term verdict"
    parameter_name = "term"

    def lookups(self, request, model_admin):
        return TermState.choices

    def queryset(self, request, queryset):
        return queryset.filter(term_state=self.value()) if self.value() else queryset


class EndingWithinFilter(admin.SimpleListFilter):
    title = "ending within"
    parameter_name = "ending_within"

    def lookups(self, request, model_admin):
        return [("3", "3 months"), ("6", "6 months"), ("12", "12 months")]

    def queryset(self, request, queryset):
        if not self.value() or not self.value().isdigit():
            return queryset
        today = timezone.localdate()
        return queryset.filter(
            end_date__gte=today, end_date__lte=add_months(today, int(self.value()))
        )


def _has_end_notice():
    return Exists(FundingNotice.objects.filter(agreement=OuterRef("pk")))


class NoticeOverdueFilter(admin.SimpleListFilter):
    """The last day to give notice has passed, or comes within 8 weeks, and no notice is given."""

    title = "notice of the end"
    parameter_name = "notice"

    def lookups(self, request, model_admin):
        return [
            ("passed", "Last day passed, none given"),
            ("soon", "Last day within 8 weeks, none given"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        without = queryset.annotate(has_notice=_has_end_notice()).filter(has_notice=False)
        if self.value() == "passed":
            return without.filter(notice_deadline__lt=today, end_date__gte=today)
        if self.value() == "soon":
            return without.filter(
                notice_deadline__gte=today, notice_deadline__lte=today + timezone.timedelta(weeks=8)
            )
        return queryset


class FundingRecordAdmin(CompactScopedAdmin):
    """Compact officers read their Compacts' funding records; funding.access decides each one.

    Asked about one record (its change, history and version pages), access answers from the
    record's own Compact, so an officer of another Compact is refused even where the record
    is only found in its history. Nothing is added or deleted here: agreements are recorded
    and notices issued on the funder's pages, which check, email and keep the history.
    """

    def agreement_of(self, obj) -> FundingAgreement:
        """The agreement the record belongs to, whose Compact decides who may see it."""
        return obj

    def has_view_permission(self, request, obj=None):
        agreement = self.agreement_of(obj) if obj is not None else None
        return access.may_view_in_admin(request.user, agreement)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NoticeInline(admin.TabularInline):
    model = FundingNotice
    extra = 0
    fields = ["kind", "issued_on", "effective_on", "state"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_view_permission(self, request, obj=None):
        # obj is the agreement shown; None when Django asks whether to fill the inline at all.
        return access.may_view_in_admin(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AgreementAdminForm(forms.ModelForm):
    """The agreement's change form, refused where the funder's page would refuse it."""

    acting_user = None  # set per request by FundingAgreementAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        fields = services.AGREEMENT_FIELDS
        merged = {f: cleaned.get(f, getattr(self.instance, f, None)) for f in fields}
        needed = ("compact", "funder", "start_date", "end_date", "amount")
        if any(merged[f] is None for f in needed):
            return cleaned  # a required field's own error says what is missing
        try:
            services.check_agreement(merged, self.acting_user)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        except PermissionDenied as error:
            self.add_error("funder" if "funder" in self.fields else None, str(error))
        return cleaned


@admin.register(FundingAgreement)
class FundingAgreementAdmin(FundingRecordAdmin):
    list_display = [
        "title",
        "compact",
        "funder",
        "recipient",
        "kind",
        "amount",
        "end_date",
        "term",
        "notice_deadline",
    ]
    list_filter = [
        "compact",
        "kind",
        TermVerdictFilter,
        EndingWithinFilter,
        NoticeOverdueFilter,
        "funder__sector",
        "end_date",
    ]
    search_fields = ["title", "funder__name", "recipient__name"]
    list_select_related = ["compact", "funder", "recipient"]
    raw_id_fields = ["funder", "recipient", "created_by"]
    readonly_fields = ["term_state", "notice_deadline", "renewal_due", "created_by", "created_at"]
    inlines = [NoticeInline]
    # No date_hierarchy: it lists the distinct dates of every row in the country on each page.
    form = AgreementAdminForm

    def has_change_permission(self, request, obj=None):
        return access.may_change_in_admin(request.user, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.acting_user = request.user  # a class made for this request
        return form

    def save_model(self, request, obj, form, change):
        """Edits go through the service the funder's page calls: checks, verdicts, history."""
        fields = [f for f in services.AGREEMENT_FIELDS if f in form.cleaned_data]
        data = {f: form.cleaned_data[f] for f in fields}
        services.update_agreement(agreement=obj, by=request.user, **data)

    @admin.display(description="Term", ordering="term_state")
    def term(self, obj):
        return obj.get_term_state_display()


@admin.register(FundingNotice)
class FundingNoticeAdmin(FundingRecordAdmin):
    compact_path = "agreement__compact"
    list_display = ["agreement", "kind", "issued_on", "effective_on", "verdict"]
    list_filter = ["agreement__compact", "kind", "state", "in_writing", "issued_on"]
    search_fields = ["agreement__title", "agreement__funder__name", "agreement__recipient__name"]
    list_select_related = ["agreement__funder", "agreement__recipient"]
    # No date_hierarchy: it lists the distinct dates of every row in the country on each page.
    inlines = [EmailsAboutInline]

    @admin.display(description="Verdict", ordering="state")
    def verdict(self, obj):
        return obj.get_state_display()

    def agreement_of(self, obj) -> FundingAgreement:
        return obj.agreement


@admin.register(RenewalDecision)
class RenewalDecisionAdmin(FundingRecordAdmin):
    compact_path = "agreement__compact"
    list_display = ["agreement", "decision", "notified_on", "state"]
    list_filter = ["agreement__compact", "decision", "state"]
    list_select_related = ["agreement__funder", "agreement__recipient"]

    def agreement_of(self, obj) -> FundingAgreement:
        return obj.agreement
