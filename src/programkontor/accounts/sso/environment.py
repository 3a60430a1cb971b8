"""The single sign-on configuration read from the environment (by ``settings.py``; no Django models).

One authority's identity provider per key, listed in ``OIDC_PROVIDERS`` or ``SAML_IDPS``; each key's
variables are named after it (``OIDC_KK_ISSUER`` for the key ``kk``). Secrets come from the
environment or from files (``..._FILE``), nothing else.
"""

from __future__ import annotations

import re
import shutil
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from programkontor.env import env_bool, env_list, env_secret, env_str

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")

#: Claims Programkontor reads, and the SAML attribute names that carry them by default (OASIS/eduPerson
#: names, their OIDs, and the claim types of AD FS and Entra ID); ``SAML_<KEY>_ATTRIBUTE_<CLAIM>`` overrides.
SAML_DEFAULT_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "email": (
        "email",
        "mail",
        "urn:oid:0.9.2342.19200300.100.1.3",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    ),
    "given_name": (
        "givenName",
        "urn:oid:2.5.4.42",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
    ),
    "family_name": (
        "sn",
        "surname",
        "urn:oid:2.5.4.4",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
    ),
    "name": ("displayName", "cn", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"),
    "groups": (
        "groups",
        "memberOf",
        "role",
        "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
        "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
    ),
}


def _keys(variable: str) -> list[str]:
    keys = [key.lower() for key in env_list(variable)]
    for key in keys:
        if not KEY_PATTERN.match(key):
            raise ImproperlyConfigured(
                f"{variable}: {key!r} is not a valid key (lower-case letters, digits and '-', at most 40)"
            )
    if len(set(keys)) != len(keys):
        raise ImproperlyConfigured(f"{variable} names a provider twice")
    return keys


def _prefix(protocol: str, key: str) -> str:
    return f"{protocol}_{key.upper().replace('-', '_')}_"


def _required(name: str, *, secret: bool = False) -> str:
    value = (env_secret(name) if secret else env_str(name)).strip()
    if not value:
        suffix = f" (or {name}_FILE)" if secret else ""
        raise ImproperlyConfigured(f"{name}{suffix} must be set")
    return value


def oidc_providers() -> dict[str, dict[str, Any]]:
    """``OIDC_PROVIDERS=kk,aarhus`` and for each key ``OIDC_<KEY>_ISSUER``, ``_CLIENT_ID``,
    ``_CLIENT_SECRET`` (or ``_CLIENT_SECRET_FILE``), and optionally ``_NAME``, ``_SCOPES``,
    ``_GROUPS_CLAIM``, ``_ORGANISATION``, ``_METADATA_URL``."""
    providers: dict[str, dict[str, Any]] = {}
    for key in _keys("OIDC_PROVIDERS"):
        prefix = _prefix("OIDC", key)
        issuer = _required(f"{prefix}ISSUER").rstrip("/")
        scopes = env_str(f"{prefix}SCOPES", "openid email profile").split()
        if "openid" not in scopes:
            raise ImproperlyConfigured(f"{prefix}SCOPES must contain openid")
        providers[key] = {
            "key": key,
            "name": env_str(f"{prefix}NAME", key),
            "issuer": issuer,
            "client_id": _required(f"{prefix}CLIENT_ID"),
            "client_secret": _required(f"{prefix}CLIENT_SECRET", secret=True),
            "scopes": scopes,
            "groups_claim": env_str(f"{prefix}GROUPS_CLAIM", "groups"),
            "organisation": env_str(f"{prefix}ORGANISATION"),
            "metadata_url": env_str(f"{prefix}METADATA_URL") or f"{issuer}/.well-known/openid-configuration",
        }
    return providers


def saml_idps() -> dict[str, dict[str, Any]]:
    """``SAML_IDPS=kk`` and for each key ``SAML_<KEY>_ENTITY_ID`` and ``_METADATA_URL`` or
    ``_METADATA_FILE``, optionally ``_NAME``, ``_ORGANISATION``, ``_SUBJECT_ATTRIBUTE`` and
    ``_ATTRIBUTE_<EMAIL|GIVEN_NAME|FAMILY_NAME|NAME|GROUPS>`` (comma-separated attribute names)."""
    idps: dict[str, dict[str, Any]] = {}
    for key in _keys("SAML_IDPS"):
        prefix = _prefix("SAML", key)
        url, path = env_str(f"{prefix}METADATA_URL"), env_str(f"{prefix}METADATA_FILE")
        if bool(url) == bool(path):
            raise ImproperlyConfigured(f"Set one of {prefix}METADATA_URL and {prefix}METADATA_FILE")
        attributes = {
            claim: tuple(env_list(f"{prefix}ATTRIBUTE_{claim.upper()}", list(names)))
            for claim, names in SAML_DEFAULT_ATTRIBUTES.items()
        }
        idps[key] = {
            "key": key,
            "name": env_str(f"{prefix}NAME", key),
            "entity_id": _required(f"{prefix}ENTITY_ID"),
            "metadata_url": url,
            "metadata_file": path,
            "organisation": env_str(f"{prefix}ORGANISATION"),
            "subject_attribute": env_str(f"{prefix}SUBJECT_ATTRIBUTE"),
            "attributes": attributes,
        }
    return idps


def saml_service_provider(idps: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The service provider's own key and certificate (files), entity ID and signing policy."""
    if not idps:
        return {}
    return {
        "entity_id": env_str("SAML_SP_ENTITY_ID"),
        "key_file": _required("SAML_SP_KEY_FILE"),
        "cert_file": _required("SAML_SP_CERT_FILE"),
        "want_response_signed": env_bool("SAML_WANT_RESPONSE_SIGNED", default=False),
        "xmlsec_binary": env_str("SAML_XMLSEC_BINARY") or shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
    }


LOCAL_LOGIN_CHOICES = ("all", "secretariat", "off")


def local_login() -> str:
    """``LOCAL_LOGIN``: who may log in with a password — ``all`` (default), ``secretariat`` (the
    break-glass account beside single sign-on) or ``off``."""
    value = env_str("LOCAL_LOGIN", "all").strip().lower()
    if value not in LOCAL_LOGIN_CHOICES:
        raise ImproperlyConfigured(
            f"LOCAL_LOGIN must be one of {', '.join(LOCAL_LOGIN_CHOICES)} (got {value!r})"
        )
    return value
