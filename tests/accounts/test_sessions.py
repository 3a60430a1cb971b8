"""Sessions end after the idle time, after the absolute time, and when the user is deactivated or their
roles change (accounts/sessions.py)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from programkontor.accounts.sessions import LOGIN_AT, SEEN_AT
from tests import factories as f

PAGE = reverse("accounts:tokens")


def logged_in(client: Client) -> bool:
    return client.get(PAGE).status_code == 200


def shift_session(client: Client, *, login_ago: int, seen_ago: int) -> None:
    session = client.session
    now = int(time.time())
    session[LOGIN_AT] = now - login_ago
    session[SEEN_AT] = now - seen_ago
    session.save()


@pytest.fixture
def anna(db: Any) -> Any:
    return f.UserFactory(username="anna")


def test_a_session_used_within_the_idle_time_lives_on(client: Client, anna: Any, settings: Any) -> None:
    settings.PROGRAMKONTOR_SESSION_IDLE_SECONDS = 600
    client.force_login(anna)
    shift_session(client, login_ago=590, seen_ago=590)

    assert logged_in(client)
    assert client.session[SEEN_AT] >= int(time.time()) - 5  # the use was recorded


def test_a_session_idle_for_longer_than_the_idle_time_ends(client: Client, anna: Any, settings: Any) -> None:
    settings.PROGRAMKONTOR_SESSION_IDLE_SECONDS = 600
    client.force_login(anna)
    shift_session(client, login_ago=700, seen_ago=610)

    answer = client.get(PAGE)

    assert answer.status_code == 302 and answer["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_a_session_older_than_the_absolute_time_ends_even_when_in_use(
    client: Client, anna: Any, settings: Any
) -> None:
    settings.PROGRAMKONTOR_SESSION_IDLE_SECONDS = 600
    settings.PROGRAMKONTOR_SESSION_ABSOLUTE_SECONDS = 3600
    client.force_login(anna)
    shift_session(client, login_ago=3601, seen_ago=10)

    assert not logged_in(client)


def test_the_timeouts_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    import programkontor.settings as settings_module

    monkeypatch.setenv("SESSION_IDLE_MINUTES", "15")
    monkeypatch.setenv("SESSION_MAX_HOURS", "8")
    try:
        reloaded = importlib.reload(settings_module)
        assert reloaded.PROGRAMKONTOR_SESSION_IDLE_SECONDS == 15 * 60
        assert reloaded.PROGRAMKONTOR_SESSION_ABSOLUTE_SECONDS == 8 * 3600
        assert reloaded.SESSION_COOKIE_AGE == 8 * 3600
    finally:
        monkeypatch.undo()
        importlib.reload(settings_module)


def test_deactivating_a_user_ends_their_sessions(client: Client, anna: Any) -> None:
    client.force_login(anna)
    assert logged_in(client)

    anna.is_active = False
    anna.save()

    assert not logged_in(client)


def test_making_a_user_secretariat_ends_their_sessions(client: Client, anna: Any) -> None:
    client.force_login(anna)
    anna.is_secretariat = True
    anna.save()

    assert not logged_in(client)


def test_a_new_role_of_the_person_ends_the_users_sessions(client: Client, anna: Any) -> None:
    person = f.PersonFactory(user=anna)
    client.force_login(anna)
    other = Client()
    other.force_login(anna)

    f.RoleAssignmentFactory(person=person, role="product_coordinator", product=f.ProductFactory())

    assert not logged_in(client)
    assert not logged_in(other)


def test_ending_a_membership_ends_the_users_sessions(client: Client, anna: Any) -> None:
    person = f.PersonFactory(user=anna)
    membership = f.MembershipFactory(person=person, body=f.BodyFactory(product=f.ProductFactory()))
    anna.refresh_from_db()
    client.force_login(anna)

    membership.delete()

    assert not logged_in(client)


def test_a_change_of_an_unrelated_user_leaves_the_session_alone(client: Client, anna: Any) -> None:
    client.force_login(anna)
    bob = f.UserFactory(username="bob")
    f.RoleAssignmentFactory(
        person=f.PersonFactory(user=bob), role="product_owner", product=f.ProductFactory()
    )
    bob.is_active = False
    bob.save()

    assert logged_in(client)


def test_changing_your_own_roles_keeps_your_own_session(world: Any, client: Any) -> None:
    carol = world["carol"]
    client.force_login(carol)
    elsewhere = Client()
    elsewhere.force_login(carol)
    carol.refresh_from_db()

    answer = client.post(
        reverse("portfolio:product_role_add", args=[world.product.slug]),
        {"person": carol.person.pk, "role": "product_owner"},
    )

    assert answer.status_code == 302, answer.content[:2000]
    assert logged_in(client)
    assert not logged_in(elsewhere)
