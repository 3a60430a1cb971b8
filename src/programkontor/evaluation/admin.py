from django.contrib import admin

from programkontor.core.admin import SecretariatAdmin
from programkontor.evaluation import models


@admin.register(models.Catalogue)
class CatalogueAdmin(SecretariatAdmin):
    list_display = ("name", "standard", "standard_version", "is_current")
    list_filter = ("standard", "is_current")


@admin.register(models.Requirement)
class RequirementAdmin(SecretariatAdmin):
    list_display = ("code", "title", "level", "theme", "catalogue", "is_recommendation")
    list_filter = ("catalogue", "level")
    search_fields = ("code", "title")


@admin.register(models.SelfEvaluation)
class SelfEvaluationAdmin(SecretariatAdmin):
    list_display = ("product", "number", "status", "filled_on", "is_published")
    list_filter = ("status", "is_published")
    search_fields = ("product__name",)


@admin.register(models.Evaluation)
class EvaluationAdmin(SecretariatAdmin):
    list_display = ("product", "evaluated_on", "status", "decided_level", "is_published")
    list_filter = ("status", "is_published", "decided_level")
    search_fields = ("product__name",)


@admin.register(models.RepositoryCheck)
class RepositoryCheckAdmin(SecretariatAdmin):
    list_display = ("product", "source", "commit", "checked_at")
    search_fields = ("product__name", "source")


admin.site.register(models.Theme, SecretariatAdmin)
admin.site.register(models.SelfEvaluationAnswer, SecretariatAdmin)
admin.site.register(models.Rating, SecretariatAdmin)
admin.site.register(models.Finding, SecretariatAdmin)
