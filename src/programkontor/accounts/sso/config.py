"""The configured identity providers, read from the settings (which read them from the environment)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import reverse


@dataclass(frozen=True)
class OidcProvider:
    key: str
    name: str
    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    scopes: tuple[str, ...]
    groups_claim: str
    organisation: str
    metadata_url: str


@dataclass(frozen=True)
class SamlIdp:
    key: str
    name: str
    entity_id: str
    metadata_url: str
    metadata_file: str
    organisation: str
    subject_attribute: str
    attributes: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class LoginChoice:
    """A button on the login page."""

    protocol: str
    key: str
    name: str
    url: str


def oidc_providers() -> dict[str, OidcProvider]:
    raw: dict[str, dict[str, Any]] = getattr(settings, "PROGRAMKONTOR_OIDC_PROVIDERS", {})
    return {key: OidcProvider(**{**values, "scopes": tuple(values["scopes"])}) for key, values in raw.items()}


def oidc_provider(key: str) -> OidcProvider | None:
    return oidc_providers().get(key)


def saml_idps() -> dict[str, SamlIdp]:
    raw: dict[str, dict[str, Any]] = getattr(settings, "PROGRAMKONTOR_SAML_IDPS", {})
    return {
        key: SamlIdp(
            **{**values, "attributes": {claim: tuple(names) for claim, names in values["attributes"].items()}}
        )
        for key, values in raw.items()
    }


def saml_idp(key: str) -> SamlIdp | None:
    return saml_idps().get(key)


def saml_idp_by_entity_id(entity_id: str) -> SamlIdp | None:
    return next((idp for idp in saml_idps().values() if idp.entity_id == entity_id), None)


def login_choices() -> list[LoginChoice]:
    """Every configured provider, by name: the login page offers one button each."""
    choices = [
        LoginChoice("oidc", p.key, p.name, reverse("accounts:oidc_login", kwargs={"provider": p.key}))
        for p in oidc_providers().values()
    ] + [
        LoginChoice("saml", i.key, i.name, reverse("accounts:saml_login", kwargs={"provider": i.key}))
        for i in saml_idps().values()
    ]
    return sorted(choices, key=lambda choice: choice.name.casefold())


def local_login() -> str:
    return str(getattr(settings, "PROGRAMKONTOR_LOCAL_LOGIN", "all"))
