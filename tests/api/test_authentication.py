"""How API clients prove who they are: personal tokens (``Token`` or ``Bearer``) and the browser
session — the session with CSRF protection on every unsafe method."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from programkontor.accounts.models import ApiToken
from programkontor.accounts.services import create_api_token
from programkontor.portfolio.models import Organisation, Product
from tests.api.conftest import detail_url, list_url, names

NEW_ORGANISATION = {"name": "Nyby Kommune", "kind": "municipality", "municipality_code": "555"}


@pytest.fixture
def token(world: Any) -> str:
    _, raw = create_api_token(user=world["alice"], name="CI")
    return raw


# Tokens


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "token", "bearer"])
def test_a_token_authenticates_its_user(world: Any, token: str, keyword: str) -> None:
    response = APIClient().get(list_url("product"), HTTP_AUTHORIZATION=f"{keyword} {token}")

    # Only the secretariat (alice) sees the unpublished products.
    assert names(response) == {"OS2alpha", "OS2beta", "OS2gamma"}


def test_a_token_writes_without_csrf(world: Any, token: str) -> None:
    client = APIClient(enforce_csrf_checks=True)

    response = client.post(list_url("organisation"), NEW_ORGANISATION, HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code == 201, response.content
    created = Organisation.objects.get(name="Nyby Kommune")
    assert created.history.get().history_user == world["alice"]


def test_a_token_records_when_it_was_last_used(world: Any, token: str) -> None:
    APIClient().get(list_url("product"), HTTP_AUTHORIZATION=f"Token {token}")

    assert ApiToken.objects.get(user=world["alice"]).last_used_at is not None


def test_a_token_acts_with_its_users_permissions(world: Any) -> None:
    _, raw = create_api_token(user=world["carol"], name="carol")
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")

    own = client.patch(detail_url("product", world.product.pk), {"summary": "Carols"}, HTTP_IF_MATCH='"1"')
    other = client.patch(
        detail_url("product", world.published_product.pk), {"summary": "x"}, HTTP_IF_MATCH='"1"'
    )

    assert (own.status_code, other.status_code) == (200, 403)


@pytest.mark.parametrize(
    "header",
    [
        "Token pk_wrong-token",
        "Bearer pk_wrong-token",
        "Token",
        "Token two parts",
    ],
)
def test_a_wrong_token_is_a_401(world: Any, token: str, header: str) -> None:
    response = APIClient().get(list_url("product"), HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_an_expired_token_is_a_401(world: Any) -> None:
    stored, raw = create_api_token(user=world["alice"], name="kort", valid_days=1)
    ApiToken.objects.filter(pk=stored.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    response = APIClient().get(list_url("product"), HTTP_AUTHORIZATION=f"Token {raw}")

    assert response.status_code == 401


def test_a_token_that_has_not_expired_yet_works(world: Any) -> None:
    _, raw = create_api_token(user=world["alice"], name="kort", valid_days=1)

    assert APIClient().get(list_url("product"), HTTP_AUTHORIZATION=f"Token {raw}").status_code == 200


def test_the_token_of_a_deactivated_user_is_a_401(world: Any, token: str) -> None:
    world["alice"].is_active = False
    world["alice"].save()

    response = APIClient().get(list_url("product"), HTTP_AUTHORIZATION=f"Token {token}")

    assert response.status_code == 401


def test_a_wrong_token_does_not_fall_back_to_anonymous_for_writes(world: Any) -> None:
    response = APIClient().post(list_url("organisation"), NEW_ORGANISATION, HTTP_AUTHORIZATION="Token nope")

    assert response.status_code == 401
    assert not Organisation.objects.filter(name="Nyby Kommune").exists()


# Sessions and CSRF


@pytest.fixture
def browser(world: Any) -> APIClient:
    """A client that behaves like a browser: logged in by session, CSRF checks switched on."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world["alice"])
    return client


def csrf_token(client: APIClient) -> str:
    """Load a page as a browser would; it sets the CSRF cookie."""
    assert client.get(reverse("portfolio:overview")).status_code == 200
    return client.cookies["csrftoken"].value


def test_a_session_reads_without_a_csrf_token(browser: APIClient) -> None:
    assert names(browser.get(list_url("product"))) == {"OS2alpha", "OS2beta", "OS2gamma"}


def test_a_session_post_without_a_csrf_token_is_forbidden(browser: APIClient) -> None:
    response = browser.post(list_url("organisation"), NEW_ORGANISATION)

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Organisation.objects.filter(name="Nyby Kommune").exists()


def test_a_session_patch_and_delete_without_a_csrf_token_are_forbidden(
    world: Any, browser: APIClient
) -> None:
    url = detail_url("product", world.product.pk)

    patch = browser.patch(url, {"summary": "Uden CSRF"}, HTTP_IF_MATCH='"1"')
    delete = browser.delete(url)

    assert (patch.status_code, delete.status_code) == (403, 403)
    product = Product.objects.get(pk=world.product.pk)
    assert (product.summary, product.archived_at, product.version) == ("Et testprodukt", None, 1)


def test_a_session_post_with_the_csrf_token_succeeds(browser: APIClient) -> None:
    token = csrf_token(browser)

    response = browser.post(list_url("organisation"), NEW_ORGANISATION, HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 201, response.content
    assert Organisation.objects.filter(name="Nyby Kommune").exists()


def test_a_session_post_with_a_forged_csrf_token_is_forbidden(browser: APIClient) -> None:
    csrf_token(browser)

    response = browser.post(list_url("organisation"), NEW_ORGANISATION, HTTP_X_CSRFTOKEN="x" * 32)

    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Nyby Kommune").exists()
