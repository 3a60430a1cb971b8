"""The Django admin as the secretariat's fallback: everything, for the secretariat only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from programkontor.core.access import access_for


class ProgramkontorAdminSite(admin.AdminSite):
    site_header = _("Programkontor — administration")
    site_title = _("Programkontor")
    index_title = _("Fallback administration for the secretariat")

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and access_for(request.user).is_secretariat)


class ProgramkontorAdminConfig(AdminConfig):
    default_site = "programkontor.core.admin.ProgramkontorAdminSite"


class SecretariatAdmin(SimpleHistoryAdmin):
    """Full access for the secretariat; saves bump the version so open web forms notice."""

    def _secretariat(self, request: HttpRequest) -> bool:
        return access_for(request.user).is_secretariat

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._secretariat(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._secretariat(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._secretariat(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._secretariat(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._secretariat(request)

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        if change and hasattr(obj, "version"):
            obj.version += 1
        super().save_model(request, obj, form, change)
