from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from programkontor.core.admin import SecretariatAdmin
from programkontor.portfolio import models


@admin.register(models.Program)
class ProgramAdmin(SecretariatAdmin):
    list_display = ("name", "is_published", "archived_at")
    search_fields = ("name",)


@admin.register(models.Product)
class ProductAdmin(SecretariatAdmin):
    list_display = ("name", "program", "kind", "stage", "level", "is_published", "archived_at")
    list_filter = ("kind", "stage", "level", "is_published", "program")
    search_fields = ("name",)


@admin.register(models.Organisation)
class OrganisationAdmin(SecretariatAdmin):
    list_display = ("name", "kind", "municipality_code", "region", "cvr", "is_member", "is_published")
    list_filter = ("kind", "region", "is_member", "is_published")
    search_fields = ("name", "municipality_code", "cvr")


@admin.register(models.Person)
class PersonAdmin(SecretariatAdmin):
    list_display = ("last_name", "first_name", "organisation", "email", "is_public", "user")
    search_fields = ("first_name", "last_name", "email")
    autocomplete_fields = ("organisation", "user")


@admin.register(models.Body)
class BodyAdmin(SecretariatAdmin):
    list_display = ("name", "kind", "program", "product", "is_published")
    list_filter = ("kind",)
    search_fields = ("name",)


admin.site.register(models.Participation, SecretariatAdmin)
admin.site.register(models.Membership, SecretariatAdmin)
admin.site.register(models.RoleAssignment, SecretariatAdmin)
admin.site.register(models.PopulationFigure, SecretariatAdmin)
admin.site.register(models.SizeClassRule, SecretariatAdmin)


@admin.register(models.LoginRoleRule)
class LoginRoleRuleAdmin(SecretariatAdmin):
    """The secretariat's rules from an identity provider's groups to roles (applied at every login)."""

    list_display = ("group", "provider", "grants", "program", "product", "body", "is_active")
    list_filter = ("provider", "grants", "is_active")
    search_fields = ("group", "note")
    autocomplete_fields = ("program", "product", "body", "organisation")


@admin.register(models.LoginRoleGrantRecord)
class LoginRoleGrantRecordAdmin(SecretariatAdmin):
    """What the rules gave (read only: the next login of the person brings it up to date)."""

    list_display = ("person", "grants", "rule", "granted_at")
    readonly_fields = ("person", "rule", "grants", "role_assignment", "membership", "granted_at")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
