"""SAML 2.0 login with djangosaml2 and pysaml2 (signatures checked by Debian's xmlsec1).

Programkontor is the service provider: its metadata is at ``/konto/saml/metadata/`` for the identity
providers (``SAML_IDPS``), whose metadata it reads from a file or a URL. Requests and logout messages
are signed with the SP's key; **assertions must be signed** by the IdP's key from its metadata
(``want_assertions_signed``; the response as well with ``SAML_WANT_RESPONSE_SIGNED=1``); unsolicited
responses are refused. The user is found by the IdP's entity ID and the subject (a persistent NameID,
or the attribute ``SAML_<KEY>_SUBJECT_ATTRIBUTE`` names), never by e-mail.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import saml2
from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from djangosaml2 import views as saml_views
from djangosaml2.backends import Saml2Backend
from saml2.config import SPConfig
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_TRANSIENT
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from programkontor.accounts.sso.claims import Claims, LoginRefused, names_from, sign_in
from programkontor.accounts.sso.config import SamlIdp, saml_idp, saml_idp_by_entity_id, saml_idps
from programkontor.accounts.sso.failure import login_failed
from programkontor.accounts.sso.oidc import SSO_SESSION_KEY

log = logging.getLogger(__name__)

#: The loaded configuration (with the IdPs' metadata) is kept this many seconds per site address.
CONFIG_TTL = 3600
_configs: dict[str, tuple[float, SPConfig]] = {}


def service_provider() -> dict[str, Any]:
    return dict(getattr(settings, "PROGRAMKONTOR_SAML_SP", {}))


def sp_entity_id(base_url: str) -> str:
    return service_provider().get("entity_id") or f"{base_url}{reverse('accounts:saml_metadata')}"


def config_dict(base_url: str) -> dict[str, Any]:
    """pysaml2's configuration of the service provider at ``base_url`` (e.g. ``https://host``)."""
    sp = service_provider()
    local = [idp.metadata_file for idp in saml_idps().values() if idp.metadata_file]
    remote = [{"url": idp.metadata_url} for idp in saml_idps().values() if idp.metadata_url]
    return {
        "entityid": sp_entity_id(base_url),
        "xmlsec_binary": sp["xmlsec_binary"],
        "allow_unknown_attributes": True,
        "accepted_time_diff": 60,
        "service": {
            "sp": {
                "name": settings.PROGRAMKONTOR_SITE_NAME,
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                "endpoints": {
                    "assertion_consumer_service": [
                        (f"{base_url}{reverse('accounts:saml_acs')}", saml2.BINDING_HTTP_POST)
                    ],
                    "single_logout_service": [
                        (f"{base_url}{reverse('accounts:saml_ls')}", saml2.BINDING_HTTP_REDIRECT),
                        (f"{base_url}{reverse('accounts:saml_ls_post')}", saml2.BINDING_HTTP_POST),
                    ],
                },
                "allow_unsolicited": False,
                "authn_requests_signed": True,
                "logout_requests_signed": True,
                "logout_responses_signed": True,
                "want_assertions_signed": True,
                "want_response_signed": bool(sp["want_response_signed"]),
                "signing_algorithm": SIG_RSA_SHA256,
                "digest_algorithm": DIGEST_SHA256,
            }
        },
        "metadata": {key: value for key, value in (("local", local), ("remote", remote)) if value},
        "key_file": sp["key_file"],
        "cert_file": sp["cert_file"],
        "encryption_keypairs": [{"key_file": sp["key_file"], "cert_file": sp["cert_file"]}],
    }


def config_loader(request: HttpRequest | None = None) -> SPConfig:
    """djangosaml2's ``SAML_CONFIG_LOADER``: the configuration for the address the request came to,
    loaded (metadata and all) once an hour rather than on every request. 404 without SAML."""
    if not saml_idps() or request is None:
        raise Http404("SAML is not configured")
    base_url = request.build_absolute_uri("/").rstrip("/")
    cached = _configs.get(base_url)
    if cached is not None and time.time() - cached[0] < CONFIG_TTL:
        return cached[1]
    config = SPConfig()
    config.load(config_dict(base_url))
    _configs[base_url] = (time.time(), config)
    return config


def forget_configuration() -> None:
    """Load the configuration and the IdPs' metadata again at the next request (tests, reloads)."""
    _configs.clear()


def _first(ava: dict[str, list[Any]], names: tuple[str, ...]) -> list[str]:
    by_lower = {key.lower(): values for key, values in ava.items()}
    for name in names:
        values = by_lower.get(name.lower())
        if values:
            return [str(value) for value in values if str(value).strip()]
    return []


def claims_from(idp: SamlIdp, session_info: dict[str, Any]) -> Claims:
    ava: dict[str, list[Any]] = session_info.get("ava") or {}
    if idp.subject_attribute:
        values = _first(ava, (idp.subject_attribute,))
        subject = values[0] if values else ""
    else:
        name_id = session_info.get("name_id")
        if name_id is None or not getattr(name_id, "text", ""):
            raise LoginRefused("The assertion has no NameID.")
        if name_id.format == NAMEID_FORMAT_TRANSIENT:
            raise LoginRefused(
                "The NameID is transient; configure a persistent NameID or SAML_<KEY>_SUBJECT_ATTRIBUTE."
            )
        subject = str(name_id.text)
    attributes = idp.attributes
    given = (_first(ava, attributes["given_name"]) or [""])[0]
    family = (_first(ava, attributes["family_name"]) or [""])[0]
    if not (given or family):
        given, family = names_from((_first(ava, attributes["name"]) or [""])[0])
    return Claims(
        protocol="saml",
        provider=idp.key,
        issuer=idp.entity_id,
        subject=subject,
        email=(_first(ava, attributes["email"]) or [""])[0],
        given_name=given,
        family_name=family,
        organisation=idp.organisation,
        groups=tuple(_first(ava, attributes["groups"])),
    )


class SamlBackend(Saml2Backend):
    """Signs in the subject of an assertion djangosaml2 has verified, from a configured IdP only."""

    def authenticate(
        self,
        request: HttpRequest | None,
        session_info: dict[str, Any] | None = None,
        attribute_mapping: Any = None,
        create_unknown_user: bool = True,
        assertion_info: Any = None,
        **kwargs: Any,
    ) -> Any:
        if session_info is None:
            return None
        idp = saml_idp_by_entity_id(str(session_info.get("issuer", "")))
        if idp is None:
            log.warning("SAML assertion from %r refused: not a configured IdP", session_info.get("issuer"))
            return None
        try:
            return sign_in(claims_from(idp, session_info))
        except LoginRefused as exc:
            log.warning("SAML login via %s refused: %s", idp.key, exc)
            return None


class RequireSaml:
    """Every SAML address answers 404 while no SAML IdP is configured."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not saml_idps():
            raise Http404("SAML is not configured")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]


def _idp_or_404(key: str) -> SamlIdp:
    idp = saml_idp(key)
    if idp is None:
        raise Http404("No such identity provider")
    return idp


class SamlLoginView(RequireSaml, saml_views.LoginView):
    """Starts the login at one configured IdP (HTTP-Redirect binding, a signed AuthnRequest)."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest, *args: Any, provider: str = "", **kwargs: Any) -> HttpResponse:
        idp = _idp_or_404(provider)
        query = request.GET.copy()
        query["idp"] = idp.entity_id
        request.GET = query  # type: ignore[assignment]
        try:
            return super().get(request, *args, **kwargs)  # type: ignore[no-any-return]
        except Http404:
            raise
        except Exception:
            log.exception("SAML login with %s cannot start", idp.key)
            return login_failed(request, unavailable=idp.name)

    def unknown_idp(self, request: HttpRequest, idp: str) -> HttpResponse:
        log.error("The metadata of the configured IdP %s was not found", idp)
        return login_failed(request, unavailable=idp)


@method_decorator(csrf_exempt, name="dispatch")  # the IdP posts it: the signature is its proof
class SamlAcsView(RequireSaml, saml_views.AssertionConsumerServiceView):
    """Receives the IdP's response (HTTP-POST); refuses it unless it answers a request we sent, comes
    from a configured IdP and carries a valid signature on the assertion."""

    def handle_acs_failure(
        self, request: HttpRequest, exception: Exception | None = None, status: int = 403, **kwargs: Any
    ) -> HttpResponse:
        log.warning("SAML response refused: %r", exception)
        return login_failed(request, provider="SAML")

    def post_login_hook(self, request: HttpRequest, user: Any, session_info: dict[str, Any]) -> None:
        idp = saml_idp_by_entity_id(str(session_info.get("issuer", "")))
        request.session[SSO_SESSION_KEY] = {"protocol": "saml", "provider": idp.key if idp else ""}


class SamlLogoutInitView(RequireSaml, saml_views.LogoutInitView):
    """Single logout started here: a signed LogoutRequest to the IdP (called by the logout view on
    POST only, so a link cannot log anyone out)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().get(request, *args, **kwargs)  # type: ignore[no-any-return]
        except PermissionDenied:
            raise
        except Exception:
            log.exception("SAML single logout cannot be started; logged out here only")
            logout(request)
            return HttpResponseRedirect(reverse("accounts:login"))


@method_decorator(csrf_exempt, name="dispatch")
class SamlLogoutServiceView(RequireSaml, saml_views.LogoutView):
    """The IdP's LogoutResponse to our request, or its own LogoutRequest (logout begun elsewhere)."""


class SamlMetadataView(RequireSaml, saml_views.MetadataView):
    """The service provider's metadata, for the IdPs' administrators (404 without SAML)."""
