"""The REST API under /api/: routes of every app, the OpenAPI schema and its interactive docs."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from programkontor.portfolio.api import ROUTES as PORTFOLIO_ROUTES

app_name = "api"

router = DefaultRouter()
for prefix, viewset, basename in PORTFOLIO_ROUTES:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        # Our copy of the page drops drf-spectacular's inline <style>, which the CSP refuses.
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="core/swagger_ui.html"),
        name="docs",
    ),
    *router.urls,
]
