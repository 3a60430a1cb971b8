from django.contrib import admin

from programkontor.core.admin import SecretariatAdmin
from programkontor.governance import models


@admin.register(models.Decision)
class DecisionAdmin(SecretariatAdmin):
    list_display = ("date", "title", "kind", "record_type", "status", "product", "is_published")
    list_filter = ("kind", "record_type", "status", "is_published")
    search_fields = ("title",)


@admin.register(models.Meeting)
class MeetingAdmin(SecretariatAdmin):
    list_display = ("starts_at", "body", "title", "status", "is_published")
    list_filter = ("status", "is_published")
    search_fields = ("title", "body__name")


@admin.register(models.Mandate)
class MandateAdmin(SecretariatAdmin):
    list_display = ("title", "kind", "holder_body", "holder_role", "limit_amount", "valid_from", "valid_to")
    list_filter = ("kind",)


@admin.register(models.CycleEvent)
class CycleEventAdmin(SecretariatAdmin):
    list_display = ("title", "kind", "product", "program", "body", "is_published")
    list_filter = ("kind",)


for model in (
    models.AgendaItem,
    models.AgendaAttachment,
    models.AgendaItemReference,
    models.Attendance,
    models.DecisionLink,
):
    admin.site.register(model, SecretariatAdmin)
