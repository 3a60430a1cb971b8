"""Logging in through the real login form, and the lock-out after repeated failures (django-axes)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests import factories as f

PASSWORD = "et-langt-testkodeord-42"
LOGIN_URL = reverse("accounts:login")


@pytest.fixture
def anna(db: Any) -> Any:
    return f.UserFactory(username="anna", first_name="Anna", last_name="Andersen", password=PASSWORD)


def attempt(client: Client, password: str, username: str = "anna") -> Any:
    return client.post(LOGIN_URL, {"username": username, "password": password, "next": "/"})


def templates_of(response: Any) -> list[str]:
    return [template.name for template in response.templates]


def logged_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_it_logs_in_with_the_right_password(client: Client, anna: Any) -> None:
    response = attempt(client, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_as(client) == str(anna.pk)


def test_it_refuses_a_wrong_password_with_the_form_again(client: Client, anna: Any) -> None:
    response = attempt(client, "forkert")

    assert response.status_code == 200
    assert "accounts/login.html" in templates_of(response)
    assert response.context["form"].non_field_errors()
    assert logged_in_as(client) is None


def test_it_locks_out_after_five_failures_even_with_the_right_password(client: Client, anna: Any) -> None:
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert "accounts/login.html" in templates_of(attempt(client, "forkert"))
    fifth = attempt(client, "forkert")
    assert fifth.status_code == 429
    assert "accounts/locked_out.html" in templates_of(fifth)

    response = attempt(client, PASSWORD)

    assert response.status_code == 429
    assert "accounts/locked_out.html" in templates_of(response)
    assert logged_in_as(client) is None
    assert client.get(reverse("accounts:tokens")).status_code == 302  # still sent to the login page


def test_four_failures_do_not_lock_out_and_a_success_resets_the_count(client: Client, anna: Any) -> None:
    for _ in range(4):
        attempt(client, "forkert")
    assert attempt(client, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))

    for _ in range(4):
        attempt(client, "forkert")
    assert attempt(client, PASSWORD).status_code == 302
    assert logged_in_as(client) == str(anna.pk)


def test_the_lockout_is_per_user_name(client: Client, anna: Any) -> None:
    f.UserFactory(username="bo", password=PASSWORD)
    for _ in range(5):
        attempt(client, "forkert")

    assert attempt(client, PASSWORD, username="bo").status_code == 302
