"""The API's default permission class and pagination (kept apart from ``api.py`` so that DRF's
settings can import them without importing the viewsets)."""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import permissions
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from programkontor.core import gate


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class ObjectGatePermission(permissions.BasePermission):
    """Deny by default. Reads are already limited by the view's restricted queryset."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        if getattr(view, "action", None) == "create":
            add_permission: str | None = getattr(view, "add_permission", None)
            return add_permission is not None and request.user.has_perm(add_permission)
        return hasattr(view, "gate_model")

    def has_object_permission(self, request: Request, view: Any, obj: models.Model) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return gate.allows(request.user, "change", obj)
