"""LOCAL_LOGIN: passwords for everyone, for the secretariat's break-glass account only, or for nobody."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories as f

PASSWORD = "et-langt-testkodeord-42"
LOGIN = reverse("accounts:login")


@pytest.fixture
def users(db: Any) -> dict[str, Any]:
    return {
        "staff": f.UserFactory(username="nødadgang", password=PASSWORD, is_secretariat=True),
        "member": f.UserFactory(username="medlem", password=PASSWORD),
    }


def log_in(username: str) -> bool:
    client = Client()
    client.post(LOGIN, {"username": username, "password": PASSWORD})
    return "_auth_user_id" in client.session


def test_by_default_everyone_may_log_in_with_a_password(users: dict[str, Any]) -> None:
    assert log_in("nødadgang") and log_in("medlem")


def test_secretariat_keeps_the_break_glass_account_only(users: dict[str, Any], settings: Any) -> None:
    settings.PROGRAMKONTOR_LOCAL_LOGIN = "secretariat"

    assert log_in("nødadgang")
    assert not log_in("medlem")


def test_off_refuses_every_password_and_hides_the_form(
    users: dict[str, Any], settings: Any, client: Client
) -> None:
    settings.PROGRAMKONTOR_LOCAL_LOGIN = "off"

    assert not log_in("nødadgang") and not log_in("medlem")
    page = client.get(LOGIN).content.decode()
    assert 'name="password"' not in page


def test_the_break_glass_form_is_named_so_beside_single_sign_on(
    users: dict[str, Any], settings: Any, client: Client
) -> None:
    settings.PROGRAMKONTOR_LOCAL_LOGIN = "secretariat"
    settings.PROGRAMKONTOR_OIDC_PROVIDERS = {
        "kk": {
            "key": "kk",
            "name": "Københavns Kommune",
            "issuer": "https://login.kk.dk",
            "client_id": "x",
            "client_secret": "y",
            "scopes": ["openid"],
            "groups_claim": "groups",
            "organisation": "",
            "metadata_url": "https://login.kk.dk/.well-known/openid-configuration",
        }
    }

    page = client.get(LOGIN + "?next=/personer/").content.decode()

    assert 'href="/konto/oidc/kk/log-ind/?next=/personer/"' in page
    assert 'name="password"' in page
    assert "Emergency access for the secretariat" in page or "Nødadgang for sekretariatet" in page
