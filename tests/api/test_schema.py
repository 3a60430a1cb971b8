"""The OpenAPI schema documents every route, validates against the OpenAPI specification, and the
interactive docs are served from our own static files (no CDN)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from programkontor.api_urls import router

# Every app's routes (each app's api.ROUTES), and the extra actions some viewsets add to them.
ROUTES = list(router.registry)
EXTRA_ACTIONS = {
    (
        f"/api/{prefix}/{{id}}/{action.url_path}/" if action.detail else f"/api/{prefix}/{action.url_path}/"
    ): set(action.mapping)
    for prefix, viewset, _basename in ROUTES
    for action in viewset.get_extra_actions()
}


def list_methods(viewset: Any) -> set[str]:
    """A list route reads; it creates unless the viewset is read-only."""
    return {"get"} | ({"post"} if hasattr(viewset, "create") else set())


def detail_methods(viewset: Any) -> set[str]:
    """A detail route reads; it changes and deletes unless the viewset is read-only."""
    writes = {"put", "patch"} if hasattr(viewset, "update") else set()
    return {"get"} | writes | ({"delete"} if hasattr(viewset, "destroy") else set())


@pytest.fixture(scope="module")
def schema(django_db_blocker: Any) -> dict[str, Any]:
    """The schema as served (generated once per module: it takes a while)."""
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    return yaml.safe_load(response.content)  # type: ignore[no-any-return]


def test_the_schema_is_yaml_for_openapi_3(schema: dict[str, Any]) -> None:
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Programkontor API"


def test_the_json_schema_says_the_same_as_the_yaml_one(db: Any, schema: dict[str, Any]) -> None:
    response = APIClient().get("/api/schema/?format=json")

    assert response.status_code == 200
    assert json.loads(response.content) == schema


@pytest.mark.parametrize(("prefix", "viewset"), [route[:2] for route in ROUTES], ids=[r[0] for r in ROUTES])
def test_the_schema_documents_every_route(schema: dict[str, Any], prefix: str, viewset: Any) -> None:
    paths = schema["paths"]

    assert set(paths[f"/api/{prefix}/"]) == list_methods(viewset)
    assert set(paths[f"/api/{prefix}/{{id}}/"]) == detail_methods(viewset)


def test_the_schema_has_no_routes_we_do_not_know(schema: dict[str, Any]) -> None:
    known = {f"/api/{prefix}/" for prefix, *_ in ROUTES} | {f"/api/{prefix}/{{id}}/" for prefix, *_ in ROUTES}

    assert set(schema["paths"]) == known | set(EXTRA_ACTIONS)


def test_every_operation_has_its_own_id(schema: dict[str, Any]) -> None:
    ids = [operation["operationId"] for path in schema["paths"].values() for operation in path.values()]

    extra = sum(len(methods) for methods in EXTRA_ACTIONS.values())
    routes = sum(len(list_methods(viewset)) + len(detail_methods(viewset)) for _p, viewset, _b in ROUTES)
    assert len(ids) == len(set(ids)) == routes + extra


def test_the_schema_documents_token_and_session_authentication(schema: dict[str, Any]) -> None:
    schemes = schema["components"]["securitySchemes"]

    assert schemes["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'A personal API token: "Token <token>" or "Bearer <token>".',
    }
    assert schemes["cookieAuth"]["in"] == "cookie"
    create_product = schema["paths"]["/api/products/"]["post"]
    assert {"tokenAuth": []} in create_product["security"]


def test_the_schema_documents_the_filters(schema: dict[str, Any]) -> None:
    parameters = {p["name"] for p in schema["paths"]["/api/products/"]["get"]["parameters"]}

    assert parameters >= {
        "q",
        "program",
        "kind",
        "stage",
        "level",
        "is_published",
        "archived",
        "page",
        "page_size",
    }


def test_the_schema_is_valid_openapi_and_generated_without_warnings(db: Any) -> None:
    GENERATOR_STATS.reset()

    generated = SchemaGenerator().get_schema(request=None, public=True)

    validate_schema(generated)  # raises on a schema that breaks the OpenAPI 3 specification
    assert not GENERATOR_STATS, "drf-spectacular warned while generating the schema (see the output above)"


def test_the_docs_render_swagger_ui_from_local_static_files(db: Any) -> None:
    client = APIClient()
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="swagger-ui"' in html
    for cdn in ("cdn", "unpkg", "jsdelivr", "cloudflare", "//"):
        assert cdn not in html.replace("<!DOCTYPE html>", ""), f"{cdn!r} in the docs page"
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    for asset in assets:
        assert asset.startswith("/"), asset
        loaded = client.get(asset)
        assert loaded.status_code == 200, asset
        body = b"".join(loaded.streaming_content) if loaded.streaming else loaded.content
        assert body, asset


def test_the_docs_point_at_our_schema(db: Any) -> None:
    response = APIClient().get("/api/docs/?script=")

    assert response.status_code == 200
    assert "/api/schema/" in response.content.decode()


def test_the_docs_page_is_allowed_by_the_content_security_policy(db: Any) -> None:
    response = APIClient().get("/api/docs/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "<script>" not in response.content.decode()  # no inline script the policy would block
