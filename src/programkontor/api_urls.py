"""The REST API under /api/: every app's routes, the OpenAPI schema and its interactive docs.

An app contributes endpoints by defining ``ROUTES`` — a list of ``(prefix, viewset, basename)`` —
in its ``api`` module; they are registered here in the order of INSTALLED_APPS.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

app_name = "api"

router = DefaultRouter()
for config in apps.get_app_configs():
    if config.name.startswith("programkontor.") and find_spec(f"{config.name}.api"):
        for prefix, viewset, basename in getattr(import_module(f"{config.name}.api"), "ROUTES", []):
            router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="core/swagger_ui.html"),
        name="docs",
    ),
    *router.urls,
]
