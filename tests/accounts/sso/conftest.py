"""Real identity providers for the single sign-on tests, started once per test process.

- ``oidc_provider``: django-oauth-toolkit's OpenID Connect provider in a Django process of its own
  (``tests/accounts/sso/oidc_provider``), with PKCE required and RP-initiated logout.
- ``saml_idp``: pysaml2's IdP (``tests/accounts/sso/saml_idp.py``), signing with its own key.

``sso`` configures Programkontor for both (provider ``kk`` over OIDC, IdP ``idp`` over SAML) and
creates the portfolio the rules point at.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from django.test import Client

from programkontor.accounts.sso import oidc, saml
from programkontor.portfolio.models import LoginRoleRule
from tests import factories as f
from tests.accounts.sso.certificates import write_key_and_certificate
from tests.accounts.sso.servers import RunningProvider, start

CLIENT_ID = "programkontor-test"
CLIENT_SECRET = "a-client-secret-for-the-tests-only"
PASSWORD = "et-langt-kodeord-hos-udbyderen"


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[RunningProvider]:
    with start("tests.accounts.sso.oidc_provider", "/_control/", "OIDC_TEST_CONTROL_TOKEN") as provider:
        yield provider


@pytest.fixture(scope="session")
def saml_idp() -> Iterator[RunningProvider]:
    if not shutil.which("xmlsec1"):
        pytest.skip("xmlsec1 is not installed (apt install xmlsec1)")
    with start("tests.accounts.sso.saml_idp", "/_control", "SAML_TEST_CONTROL_TOKEN") as idp:
        yield idp


@pytest.fixture(scope="session")
def sp_keys() -> Iterator[tuple[Path, Path]]:
    with tempfile.TemporaryDirectory(prefix="pk-sp-") as directory:
        yield write_key_and_certificate(Path(directory), "sp")


def oidc_settings(provider: RunningProvider, **overrides: Any) -> dict[str, Any]:
    issuer = f"{provider.base}/o"
    return {
        "key": "kk",
        "name": "Testrup Kommune",
        "issuer": issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "scopes": ["openid", "email", "profile"],
        "groups_claim": "groups",
        "organisation": "101",
        "metadata_url": f"{issuer}/.well-known/openid-configuration",
        **overrides,
    }


def saml_settings(idp: RunningProvider, **overrides: Any) -> dict[str, Any]:
    from programkontor.accounts.sso.environment import SAML_DEFAULT_ATTRIBUTES

    return {
        "key": "idp",
        "name": "Testby Kommune (SAML)",
        "entity_id": f"{idp.base}/idp/metadata",
        "metadata_url": f"{idp.base}/idp/metadata",
        "metadata_file": "",
        "organisation": "101",
        "subject_attribute": "",
        "attributes": dict(SAML_DEFAULT_ATTRIBUTES),
        **overrides,
    }


@dataclass
class Sso:
    oidc: RunningProvider
    saml: RunningProvider
    portfolio: Any
    settings: Any

    def oidc_user(self, username: str, groups: list[str], **claims: str) -> str:
        """Creates or changes the provider's user; returns its subject."""
        answer = self.oidc.control(
            op="user",
            username=username,
            password=PASSWORD,
            claims={
                "email": claims.get("email", f"{username}@testrup.dk"),
                "given_name": claims.get("given_name", username.capitalize()),
                "family_name": claims.get("family_name", "Testrupsen"),
                "groups": groups,
            },
        )
        return str(answer["sub"])

    def saml_user(self, username: str, groups: list[str], **attributes: str) -> str:
        subject = f"saml-subject-{username}"
        self.saml.control(
            op="user",
            username=username,
            user={
                "password": PASSWORD,
                "subject": subject,
                "attributes": {
                    "mail": [attributes.get("mail", f"{username}@testby.dk")],
                    "givenName": [attributes.get("givenName", username.capitalize())],
                    "sn": [attributes.get("sn", "Testbysen")],
                    "groups": groups,
                },
            },
        )
        return subject

    def register_at_providers(self, base_url: str, sp_metadata: str) -> None:
        """Tell the providers about Programkontor at ``base_url`` (besides the test client's
        ``http://testserver``): the OIDC client's redirect URIs, and the SP metadata for the SAML IdP."""
        self.oidc.control(
            op="client",
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            redirect_uris=[f"{base}/konto/oidc/kk/callback/" for base in ("http://testserver", base_url)],
            post_logout_redirect_uris=[f"{base}/konto/log-ind/" for base in ("http://testserver", base_url)],
        )
        self.saml.control(op="sp", metadata=sp_metadata)


@dataclass
class Portfolio:
    municipality: Any
    program: Any
    product: Any
    steering: Any


def make_portfolio() -> Portfolio:
    municipality = f.MunicipalityFactory(
        name="Københavns Kommune", slug="koebenhavn", municipality_code="101"
    )
    program = f.ProgramFactory(name="Velfærd", slug="velfaerd")
    product = f.ProductFactory(program=program, name="OS2alpha", slug="os2alpha")
    steering = f.BodyFactory(product=product, name="Styregruppen for OS2alpha")
    LoginRoleRule.objects.create(
        provider="", group="pk-programleder", grants="program_manager", program=program
    )
    LoginRoleRule.objects.create(
        provider="kk", group="pk-koordinator", grants="product_coordinator", product=product
    )
    LoginRoleRule.objects.create(provider="", group="pk-styregruppe", grants="membership", body=steering)
    LoginRoleRule.objects.create(provider="", group="pk-sekretariat", grants="secretariat")
    return Portfolio(municipality, program, product, steering)


def configure(
    settings: Any, oidc_provider: RunningProvider, saml_idp: RunningProvider, sp_keys: tuple[Path, Path]
) -> None:
    settings.PROGRAMKONTOR_OIDC_PROVIDERS = {"kk": oidc_settings(oidc_provider)}
    settings.PROGRAMKONTOR_SAML_IDPS = {"idp": saml_settings(saml_idp)}
    settings.PROGRAMKONTOR_SAML_SP = {
        "entity_id": "",
        "key_file": str(sp_keys[0]),
        "cert_file": str(sp_keys[1]),
        "want_response_signed": False,
        "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
    }
    saml.forget_configuration()
    oidc._clients.clear()


@pytest.fixture
def sso(
    db: Any,
    settings: Any,
    oidc_provider: RunningProvider,
    saml_idp: RunningProvider,
    sp_keys: tuple[Path, Path],
) -> Sso:
    """Programkontor configured for both providers, for the test client (``http://testserver``)."""
    configure(settings, oidc_provider, saml_idp, sp_keys)
    world = Sso(oidc_provider, saml_idp, make_portfolio(), settings)
    metadata = Client().get("/konto/saml/metadata/")
    assert metadata.status_code == 200
    world.register_at_providers("http://testserver", metadata.content.decode())
    return world


@pytest.fixture
def sso_live(
    transactional_db: Any,
    live_server: Any,
    settings: Any,
    oidc_provider: RunningProvider,
    saml_idp: RunningProvider,
    sp_keys: tuple[Path, Path],
) -> Sso:
    """The same for pytest-django's live server, which the browser tests use."""
    configure(settings, oidc_provider, saml_idp, sp_keys)
    world = Sso(oidc_provider, saml_idp, make_portfolio(), settings)
    metadata = requests.get(f"{live_server.url}/konto/saml/metadata/", timeout=30)
    assert metadata.status_code == 200
    world.register_at_providers(live_server.url, metadata.text)
    return world


@pytest.fixture
def world_secretary(db: Any) -> Any:
    return f.UserFactory(username="sekretaer", is_secretariat=True)
