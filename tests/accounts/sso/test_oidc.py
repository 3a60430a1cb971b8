"""OpenID Connect against a real provider (django-oauth-toolkit in its own process), through the code
flow without a browser: the provider's side with ``requests``, Programkontor's with the test client."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from django.test import Client

from programkontor.accounts.models import ExternalIdentity, User
from programkontor.core.access import compute_access
from programkontor.portfolio.models import Person, RoleAssignment
from tests.accounts.sso.conftest import PASSWORD, Sso, oidc_settings
from tests.accounts.sso.flows import (
    at_provider,
    continue_logout_url,
    follow_at_provider,
    local_path,
    oidc_login,
)


def logged_in_user(client: Client) -> User | None:
    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk) if pk else None


def test_the_login_page_offers_each_configured_provider(sso: Sso, client: Client) -> None:
    page = client.get("/konto/log-ind/").content.decode()

    assert "Testrup Kommune" in page
    assert 'href="/konto/oidc/kk/log-ind/"' in page
    assert 'href="/konto/saml/idp/log-ind/"' in page


def test_the_login_starts_the_code_flow_with_pkce_state_and_nonce(sso: Sso, client: Client) -> None:
    answer = client.get("/konto/oidc/kk/log-ind/")

    location = urlsplit(answer["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{sso.oidc.base}/o/authorize/"
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"] and query["nonce"]
    assert query["redirect_uri"] == ["http://testserver/konto/oidc/kk/callback/"]


def test_the_first_login_creates_the_user_person_and_mapped_role(sso: Sso, client: Client) -> None:
    subject = sso.oidc_user("anne", ["pk-programleder", "andet"], given_name="Anne", family_name="Hansen")

    answer = oidc_login(client, sso.oidc, "anne", PASSWORD, next_url="/programmer/")

    assert answer.status_code == 302
    assert answer["Location"] == "/programmer/"
    user = logged_in_user(client)
    assert user is not None
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject, identity.provider) == (f"{sso.oidc.base}/o", subject, "kk")
    assert identity.last_claims["groups"] == ["pk-programleder", "andet"]
    assert not user.has_usable_password()
    person = Person.objects.get(user=user)
    assert (person.first_name, person.last_name, person.email) == ("Anne", "Hansen", "anne@testrup.dk")
    assert person.organisation == sso.portfolio.municipality
    assert compute_access(user).programs_write == frozenset({sso.portfolio.program.pk})
    assert client.get(sso.portfolio.program.get_absolute_url()).status_code == 200


def test_a_login_whose_groups_match_no_rule_gets_no_access_beyond_logging_in(
    sso: Sso, client: Client
) -> None:
    sso.oidc_user("bo", ["ukendt-gruppe"])

    oidc_login(client, sso.oidc, "bo", PASSWORD)

    user = logged_in_user(client)
    assert user is not None
    access = compute_access(user)
    assert not (
        access.is_secretariat or access.programs_write or access.products_write or access.products_read
    )
    assert client.get(sso.portfolio.program.get_absolute_url()).status_code == 404


def test_a_changed_group_claim_changes_the_role_at_the_next_login(sso: Sso, client: Client) -> None:
    sso.oidc_user("carl", ["pk-programleder"])
    oidc_login(client, sso.oidc, "carl", PASSWORD)
    user = logged_in_user(client)
    assert user is not None and compute_access(user).programs_write
    client.post("/konto/log-ud/")

    sso.oidc_user("carl", ["pk-koordinator", "pk-styregruppe"])
    oidc_login(client, sso.oidc, "carl", PASSWORD)

    assert logged_in_user(client) == user
    access = compute_access(user)
    assert access.programs_write == frozenset()
    assert access.products_write == frozenset({sso.portfolio.product.pk})
    assert sso.portfolio.steering.pk in access.bodies
    # The program manager role the rules gave before was ended (deleted, as it began today).
    assert not RoleAssignment.objects.filter(person__user=user, role="program_manager").exists()


def test_the_same_subject_is_the_same_user_and_another_subject_with_the_same_email_is_not(
    sso: Sso, client: Client
) -> None:
    sso.oidc_user("dora", [], email="faelles@testrup.dk")
    sso.oidc_user("dorte", [], email="faelles@testrup.dk")

    oidc_login(client, sso.oidc, "dora", PASSWORD)
    dora = logged_in_user(client)
    client.post("/konto/log-ud/")
    oidc_login(client, sso.oidc, "dorte", PASSWORD)
    dorte = logged_in_user(client)

    assert dora is not None and dorte is not None and dora != dorte
    # The address is kept once: the second person is not linked to the first one's record by it.
    assert Person.objects.get(user=dora).email == "faelles@testrup.dk"
    assert Person.objects.get(user=dorte).email == ""


def test_a_provider_that_is_not_configured_is_refused(sso: Sso, client: Client) -> None:
    assert client.get("/konto/oidc/andeby/log-ind/").status_code == 404
    assert client.get("/konto/oidc/andeby/callback/", {"code": "x", "state": "y"}).status_code == 404


def test_an_answer_for_a_login_that_was_not_started_here_is_refused(sso: Sso, client: Client) -> None:
    sso.oidc_user("eva", ["pk-sekretariat"])
    other = Client()  # the login is started in another browser session
    start = other.get("/konto/oidc/kk/log-ind/")
    callback = at_provider(requests.Session(), sso.oidc, start["Location"], "eva", PASSWORD)

    refused = client.get(local_path(callback.headers["Location"]))

    assert refused.status_code == 403
    assert logged_in_user(client) is None


def test_an_id_token_from_another_issuer_than_the_configured_one_is_refused(sso: Sso, client: Client) -> None:
    sso.oidc_user("finn", ["pk-sekretariat"])
    sso.settings.PROGRAMKONTOR_OIDC_PROVIDERS = {
        "kk": oidc_settings(
            sso.oidc,
            issuer="https://login.andeby.dk/o",
            metadata_url=f"{sso.oidc.base}/o/.well-known/openid-configuration",
        )
    }

    answer = client.get("/konto/oidc/kk/log-ind/")

    # The discovery document names another issuer than the one configured: no login starts.
    assert answer.status_code == 502
    assert logged_in_user(client) is None


def test_a_deactivated_user_cannot_log_in_again(sso: Sso, client: Client) -> None:
    sso.oidc_user("gry", ["pk-programleder"])
    oidc_login(client, sso.oidc, "gry", PASSWORD)
    user = logged_in_user(client)
    assert user is not None
    User.objects.filter(pk=user.pk).update(is_active=False)

    assert client.get("/konto/tokens/").status_code == 302  # the session is gone
    again = oidc_login(Client(), sso.oidc, "gry", PASSWORD)

    assert again.status_code == 403


def test_logout_ends_the_session_here_and_at_the_provider(sso: Sso, client: Client) -> None:
    sso.oidc_user("hans", ["pk-programleder"])
    browser = requests.Session()
    oidc_login(client, sso.oidc, "hans", PASSWORD, browser=browser)
    assert logged_in_user(client) is not None

    answer = client.post("/konto/log-ud/")

    assert logged_in_user(client) is None
    url = continue_logout_url(answer)
    end_session = urlsplit(url)
    assert f"{end_session.scheme}://{end_session.netloc}{end_session.path}" == f"{sso.oidc.base}/o/logout/"
    assert parse_qs(end_session.query)["id_token_hint"]
    back = follow_at_provider(browser, url, sso.oidc)
    assert back.headers["Location"].startswith("http://testserver/konto/log-ind/")
    # The provider's session is over: a new login asks for the password again.
    again = follow_at_provider(browser, client.get("/konto/oidc/kk/log-ind/")["Location"], sso.oidc)
    assert 'id="provider-username"' in again.text


def test_the_person_page_shows_the_groups_and_the_roles_they_gave(
    sso: Sso, client: Client, world_secretary: Any
) -> None:
    sso.oidc_user("ida", ["pk-programleder", "ingen-regel"])
    oidc_login(Client(), sso.oidc, "ida", PASSWORD)
    person = Person.objects.get(user__external_identities__subject__isnull=False, first_name="Ida")
    client.force_login(world_secretary)

    page = client.get(person.get_absolute_url()).content.decode()

    assert "pk-programleder" in page and "ingen-regel" in page
    assert "Velfærd" in page
