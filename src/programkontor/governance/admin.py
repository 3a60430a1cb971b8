from django.contrib import admin

from programkontor.core.admin import SecretariatAdmin
from programkontor.governance.models import (
    AgendaAttachment,
    AgendaItem,
    AgendaItemReference,
    Attendance,
    CycleEvent,
    Decision,
    DecisionLink,
    Mandate,
    Meeting,
)


@admin.register(Decision)
class DecisionAdmin(SecretariatAdmin):
    list_display = ("date", "title", "kind", "record_type", "status", "product", "is_published")
    list_filter = ("kind", "record_type", "status", "is_published")
    search_fields = ("title",)


@admin.register(Meeting)
class MeetingAdmin(SecretariatAdmin):
    list_display = ("starts_at", "body", "title", "status", "is_published")
    list_filter = ("status", "is_published")
    search_fields = ("title", "body__name")


@admin.register(Mandate)
class MandateAdmin(SecretariatAdmin):
    list_display = ("title", "kind", "holder_body", "holder_role", "limit_amount", "valid_from", "valid_to")
    list_filter = ("kind",)


@admin.register(CycleEvent)
class CycleEventAdmin(SecretariatAdmin):
    list_display = ("title", "kind", "product", "program", "body", "is_published")
    list_filter = ("kind",)


for model in (AgendaItem, AgendaAttachment, AgendaItemReference, Attendance, DecisionLink):
    admin.site.register(model, SecretariatAdmin)
