from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from programkontor.accounts.models import ApiToken, CalendarToken, User
from programkontor.core.admin import SecretariatAdmin

if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(SecretariatAdmin, BaseUserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "email", "first_name", "last_name", "is_secretariat", "is_active")
    list_filter = ("is_secretariat", "is_active", "is_staff")
    search_fields = ("username", "email", "first_name", "last_name")
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Programkontor"), {"fields": ("is_secretariat",)}))  # type: ignore[misc]


@admin.register(ApiToken)
class ApiTokenAdmin(SecretariatAdmin):
    list_display = ("name", "user", "hint", "created_at", "last_used_at", "expires_at")
    readonly_fields = ("digest", "hint", "created_at", "last_used_at")


@admin.register(CalendarToken)
class CalendarTokenAdmin(SecretariatAdmin):
    """A leaked calendar secret can be deleted here; only its owner makes a new one (it is shown once)."""

    list_display = ("user", "hint", "created_at", "last_used_at")
    readonly_fields = ("user", "hint", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False
