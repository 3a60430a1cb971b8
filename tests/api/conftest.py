"""Helpers for the API tests: URLs of the routes and the names in a list response (the ``api``
client fixture is in ``tests/conftest.py``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


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
