"""The API's default permission class and pagination (kept apart from ``api.py`` so that DRF's
settings can import them without importing the viewsets)."""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import permissions
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from programkontor.core import gate
from programkontor.core.pagination import EXACT_UP_TO, BoundedPaginator


class Pagination(PageNumberPagination):
    """Pages of 50 (``page_size`` up to 500), numbered. ``count`` is exact up to ``EXACT_UP_TO`` rows
    and PostgreSQL's estimate beyond (``count_is_exact`` says which): a page costs the same however
    long the list (``core/pagination.py``); ``next`` is null on the last page either way."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = BoundedPaginator

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        paginator = self.page.paginator if self.page is not None else None
        response.data["count_is_exact"] = bool(getattr(paginator, "count_is_exact", True))
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = super().get_paginated_response_schema(schema)
        found["properties"]["count"]["description"] = (
            f"The number of rows: exact up to {EXACT_UP_TO}, an estimate beyond (see count_is_exact)."
        )
        found["properties"]["count_is_exact"] = {
            "type": "boolean",
            "description": f"False when the list has more than {EXACT_UP_TO} rows and count is an estimate.",
        }
        found["required"] = [*found["required"], "count_is_exact"]
        return found


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
