from django.contrib import admin

from programkontor.core.admin import SecretariatAdmin
from programkontor.portfolio.models import (
    Body,
    Membership,
    Organisation,
    Participation,
    Person,
    PopulationFigure,
    Product,
    Program,
    RoleAssignment,
    SizeClassRule,
)


@admin.register(Program)
class ProgramAdmin(SecretariatAdmin):
    list_display = ("name", "is_published", "archived_at")
    search_fields = ("name",)


@admin.register(Product)
class ProductAdmin(SecretariatAdmin):
    list_display = ("name", "program", "kind", "stage", "level", "is_published", "archived_at")
    list_filter = ("kind", "stage", "level", "is_published", "program")
    search_fields = ("name",)


@admin.register(Organisation)
class OrganisationAdmin(SecretariatAdmin):
    list_display = ("name", "kind", "municipality_code", "region", "cvr", "is_member", "is_published")
    list_filter = ("kind", "region", "is_member", "is_published")
    search_fields = ("name", "municipality_code", "cvr")


@admin.register(Person)
class PersonAdmin(SecretariatAdmin):
    list_display = ("last_name", "first_name", "organisation", "email", "is_public", "user")
    search_fields = ("first_name", "last_name", "email")
    autocomplete_fields = ("organisation", "user")


@admin.register(Body)
class BodyAdmin(SecretariatAdmin):
    list_display = ("name", "kind", "program", "product", "is_published")
    list_filter = ("kind",)
    search_fields = ("name",)


admin.site.register(Participation, SecretariatAdmin)
admin.site.register(Membership, SecretariatAdmin)
admin.site.register(RoleAssignment, SecretariatAdmin)
admin.site.register(PopulationFigure, SecretariatAdmin)
admin.site.register(SizeClassRule, SecretariatAdmin)
