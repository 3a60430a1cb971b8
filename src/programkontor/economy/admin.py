from django.contrib import admin

from programkontor.core.admin import SecretariatAdmin
from programkontor.economy import models


@admin.register(models.Account)
class AccountAdmin(SecretariatAdmin):
    list_display = ("number", "name", "kind", "product", "archived_at")
    list_filter = ("kind",)
    search_fields = ("number", "name", "product__name")


@admin.register(models.Budget)
class BudgetAdmin(SecretariatAdmin):
    list_display = ("year", "product")
    list_filter = ("year",)


@admin.register(models.BudgetVersion)
class BudgetVersionAdmin(SecretariatAdmin):
    list_display = ("budget", "number", "status", "decision", "is_published")
    list_filter = ("status",)


@admin.register(models.Actual)
class ActualAdmin(SecretariatAdmin):
    list_display = ("date", "product", "account", "amount", "document_number")
    search_fields = ("document_number", "text")
    list_filter = ("date",)


@admin.register(models.ActualImport)
class ActualImportAdmin(SecretariatAdmin):
    list_display = ("filename", "product", "status", "rows_read", "rows_imported", "created_at")
    exclude = ("content",)


@admin.register(models.ContributionInvoice)
class ContributionInvoiceAdmin(SecretariatAdmin):
    list_display = ("year", "organisation", "product", "kind", "amount", "status")
    list_filter = ("year", "status", "kind")
    search_fields = ("organisation__name", "invoice_number")


@admin.register(models.ReceivedInvoice)
class ReceivedInvoiceAdmin(SecretariatAdmin):
    list_display = ("invoice_date", "supplier", "supplier_invoice_number", "product", "amount", "status")
    list_filter = ("status",)
    search_fields = ("supplier__name", "supplier_invoice_number")


admin.site.register(models.BudgetLine, SecretariatAdmin)
admin.site.register(models.Forecast, SecretariatAdmin)
admin.site.register(models.TariffSheet, SecretariatAdmin)
admin.site.register(models.AssociationTariff, SecretariatAdmin)
