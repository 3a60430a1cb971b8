"""Helpers for the API tests: clients logged in as the named users of ``tests/conftest.py``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.conftest import World


@pytest.fixture
def api(world: World) -> Callable[[str | None], APIClient]:
    """``api("bob")`` is an API client with bob's session; ``api(None)`` is an anonymous one."""

    def make(name: str | None = None) -> APIClient:
        client = APIClient()
        if name is not None:
            client.force_login(world[name])
        return client

    return make


def list_url(basename: str, **query: Any) -> str:
    url = reverse(f"api:{basename}-list")
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def detail_url(basename: str, pk: int) -> str:
    return reverse(f"api:{basename}-detail", args=[pk])


def names(response: Any, field: str = "display") -> set[str]:
    """The ``field`` of every row in a paginated list response."""
    assert response.status_code == 200, response.content
    return {row[field] for row in response.json()["results"]}
