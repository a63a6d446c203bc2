from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from . import access
from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "is_superuser"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name"]}),
        (
            "Access",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]

    def has_module_permission(self, request):
        return access.may_manage_accounts(request.user)

    def has_view_permission(self, request, obj=None):
        return access.may_manage_accounts(request.user)

    def has_change_permission(self, request, obj=None):
        return access.may_manage_accounts(request.user)

    def has_add_permission(self, request):
        return access.may_manage_accounts(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.may_manage_accounts(request.user)
