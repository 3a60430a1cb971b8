"""Pieces the evaluation views share: acting on a product, downloads, import results."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from programkontor.core import gate, uploads
from programkontor.evaluation.formats.common import FormatError, check_file
from programkontor.portfolio.models import Product


class ProductActionView(LoginRequiredMixin, TemplateView):
    """A page that acts on a product (``<slug:parent>`` in the URL): 404 unless the user sees the
    product, 403 unless :meth:`allowed` says the user may do this to it."""

    product: Product

    def allowed(self, product: Product) -> bool:
        raise NotImplementedError

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.product = get_object_or_404(
            gate.restrict(Product, request.user, "view").select_related("program"), slug=kwargs["parent"]
        )
        if not self.allowed(self.product):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["product"] = self.product
        return context


def read_import(upload: Any) -> tuple[bytes, list[str]]:
    """An uploaded file's bytes checked against the evaluation imports' limits (size, encoding,
    lines, JSON nesting and entries) before any format reads it; or the problems, translated."""
    try:
        data = uploads.read_upload(upload, "evaluation")
        check_file(data, uploads.limits("evaluation"))
    except uploads.UploadRefused as exc:
        return b"", [exc.message]
    except FormatError as exc:
        return b"", exc.messages(_)
    return data, []


def download(content: bytes | str, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
