"""The permission matrix over every URL and API route (rows in ``tests/security/matrix/``)."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from programkontor.accounts.services import create_api_token
from tests.conftest import World, build_world, kept_for_module
from tests.security import matrix
from tests.security.matrix import API_STATUS, USERS, WEB_STATUS, Row


@pytest.fixture(scope="module")
def world_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The world built once for the module's thousands of cases, rolled back after the module; each
    test's own writes are rolled back after it (its ``db`` transaction is a savepoint inside this one)."""
    with kept_for_module(django_db_blocker):
        yield build_world()


@pytest.fixture
def world(world_once: World, db: Any) -> World:
    """The module's world with its users read afresh: nothing a request kept on a user object (its
    access, its permissions) carries over into the next test."""
    fresh = get_user_model().objects.in_bulk([user.pk for user in world_once.users.values()])
    users = {name: fresh[user.pk] for name, user in world_once.users.items()}
    return dataclasses.replace(world_once, users=users)


def collect() -> tuple[dict[str, Row], dict[tuple[str, str], Row]]:
    web: dict[str, Row] = {}
    api: dict[tuple[str, str], Row] = {}
    for module_info in pkgutil.iter_modules(matrix.__path__):
        module = importlib.import_module(f"{matrix.__name__}.{module_info.name}")
        for name, row in getattr(module, "WEB", {}).items():
            assert name not in web, f"{name} has rows in two matrix modules"
            web[name] = row
        for key, row in getattr(module, "API", {}).items():
            assert key not in api, f"{key} has rows in two matrix modules"
            api[key] = row
    return web, api


WEB, API = collect()

# The admin is the secretariat's fallback; its many URLs share one gate (tested below).
EXEMPT_NAMESPACES = ("admin:",)


def all_route_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return {name for name in names if not name.startswith(EXEMPT_NAMESPACES)}


def test_every_url_has_a_row() -> None:
    covered = set(WEB) | {name for name, _method in API}
    routes = all_route_names()
    assert routes - covered == set(), "Add these URLs to the permission matrix"
    assert covered - routes == set(), "These matrix rows name URLs that no longer exist"


def test_every_api_route_is_tried_with_every_method_it_allows() -> None:
    from programkontor.api_urls import router

    for prefix, _viewset, basename in router.registry:
        for suffix, methods in (("list", {"get", "post"}), ("detail", {"get", "patch", "delete"})):
            tried = {method for (name, method) in API if name == f"api:{basename}-{suffix}"}
            assert tried == methods, f"api:{basename}-{suffix} ({prefix}) needs rows for {methods - tried}"


def _cases() -> list[Any]:
    cases = []
    for name, row in WEB.items():
        for user in USERS:
            cases.append(pytest.param(name, row.method, row, user, id=f"{name}-{row.method}-{user}"))
    for (name, method), row in API.items():
        for user in USERS:
            cases.append(pytest.param(name, method, row, user, id=f"{name}-{method}-{user}"))
    return cases


@pytest.mark.exhaustive
@pytest.mark.parametrize(("name", "method", "row", "user"), _cases())
def test_permission_matrix(world: Any, name: str, method: str, row: Row, user: str) -> None:
    expected = row.expect[user]
    url = reverse(name, kwargs=row.kwargs(world))
    username = USERS[user]
    if row.api:
        client = APIClient()
        if username:
            client.force_authenticate(world[username])
        headers = {}
        if method in ("patch", "delete"):
            headers["HTTP_IF_MATCH"] = '"1"'
        payload = row.data(world) if row.data else None
        response = getattr(client, method)(url, payload, format="json", **headers)
        assert response.status_code in API_STATUS[expected], (
            f"{user} {method.upper()} {url}: expected {expected}, got {response.status_code} "
            f"{getattr(response, 'data', '')}"
        )
        return
    client = Client()
    if username:
        client.force_login(world[username])
    response = getattr(client, method)(url)
    assert response.status_code == WEB_STATUS[expected], (
        f"{user} {method.upper()} {url}: expected {expected}, got {response.status_code}"
    )
    if response.status_code == 302:
        goes_to_login = response["Location"].startswith(reverse("accounts:login"))
        assert goes_to_login == (expected == "login"), f"{user} {url} redirected to {response['Location']}"


@pytest.mark.parametrize("user", list(USERS))
def test_only_the_secretariat_gets_into_the_admin(world: Any, client: Any, user: str) -> None:
    if USERS[user]:
        client.force_login(world[USERS[user]])
    for url in (reverse("admin:index"), reverse("admin:portfolio_product_changelist")):
        response = client.get(url)
        if user == "S":
            assert response.status_code == 200
        else:
            assert response.status_code == 302
            assert "/admin/login/" in response["Location"]


def test_revoking_someone_elses_token_leaves_it(world: Any, client: Any) -> None:
    token, _raw = create_api_token(user=world["alice"], name="alice's")
    client.force_login(world["bob"])
    client.post(reverse("accounts:token_revoke", kwargs={"pk": token.pk}))
    assert world["alice"].api_tokens.filter(pk=token.pk).exists()
