"""System checks of single sign-on: what would fail at the first login is reported at start-up."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from programkontor.accounts.sso.config import oidc_providers, saml_idps


@register(Tags.security)
def check_saml_files(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not saml_idps():
        return []
    sp: dict[str, Any] = settings.PROGRAMKONTOR_SAML_SP
    problems: list[CheckMessage] = []
    binary = sp["xmlsec_binary"]
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        problems.append(
            Error(
                f"xmlsec1 is not at {binary}: SAML signatures cannot be checked.",
                hint="Install Debian's xmlsec1 (apt install xmlsec1) or set SAML_XMLSEC_BINARY.",
                id="programkontor.E101",
            )
        )
    for variable, path in (("SAML_SP_KEY_FILE", sp["key_file"]), ("SAML_SP_CERT_FILE", sp["cert_file"])):
        if not os.access(path, os.R_OK):
            problems.append(Error(f"{variable}: {path} cannot be read.", id="programkontor.E102"))
    for idp in saml_idps().values():
        if idp.metadata_file and not os.access(idp.metadata_file, os.R_OK):
            problems.append(
                Error(
                    f"The metadata of the SAML IdP {idp.key} ({idp.metadata_file}) cannot be read.",
                    id="programkontor.E103",
                )
            )
    return problems


@register(Tags.security, deploy=True)
def check_sso_transport(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """In production every address of an identity provider is https."""
    warnings: list[CheckMessage] = []
    for provider in oidc_providers().values():
        for what, url in (("issuer", provider.issuer), ("metadata URL", provider.metadata_url)):
            if not url.startswith("https://"):
                warnings.append(
                    Warning(
                        f"The {what} of the OIDC provider {provider.key} is not https: {url}",
                        id="programkontor.W101",
                    )
                )
    for idp in saml_idps().values():
        if idp.metadata_url and not idp.metadata_url.startswith("https://"):
            warnings.append(
                Warning(
                    f"The metadata of the SAML IdP {idp.key} is fetched without https: {idp.metadata_url}",
                    hint="Use https, or download the metadata and give SAML_<KEY>_METADATA_FILE.",
                    id="programkontor.W102",
                )
            )
    return warnings
