"""OpenID Connect login with Authlib: the authorisation code flow with PKCE (S256), state and nonce,
one client per configured provider, and RP-initiated logout.

Every provider has its own redirect URI (``/konto/oidc/<key>/callback/``), so an answer is only ever
taken from the provider its login was started with (no mix-up between providers). The ID token's
signature (the provider's published keys), issuer (the configured one, which the discovery document
must name too), audience (our client ID), nonce, expiry and access-token hash are checked by Authlib;
the user is then found by issuer and subject.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from programkontor.accounts.sso.claims import Claims, LoginRefused, names_from, sign_in
from programkontor.accounts.sso.config import OidcProvider, oidc_provider
from programkontor.accounts.sso.failure import login_failed

log = logging.getLogger(__name__)

#: The session key that says how the user logged in (``protocol``, ``provider``; the ID token for OIDC).
SSO_SESSION_KEY = "_pk_sso"
BACKEND = "programkontor.accounts.sso.backends.SsoBackend"
#: Discovery documents and signing keys are fetched again after this many seconds.
METADATA_TTL = 3600

_clients: dict[OidcProvider, DjangoOAuth2App] = {}


class DiscoveryMismatch(Exception):
    pass


def client_for(provider: OidcProvider) -> DjangoOAuth2App:
    """The provider's Authlib client, with its discovery document (fetched at first use, kept an hour)."""
    client = _clients.get(provider)
    loaded_at = client.server_metadata.get("_loaded_at", 0) if client is not None else 0
    if client is None or time.time() - loaded_at > METADATA_TTL:
        client = DjangoOAuth2App(
            DjangoIntegration(f"oidc-{provider.key}"),
            f"oidc-{provider.key}",
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            server_metadata_url=provider.metadata_url,
            client_kwargs={
                "scope": " ".join(provider.scopes),
                "code_challenge_method": "S256",
                "default_timeout": settings.PROGRAMKONTOR_SSO_TIMEOUT,
            },
        )
        metadata = client.load_server_metadata()
        if str(metadata.get("issuer", "")).rstrip("/") != provider.issuer:
            raise DiscoveryMismatch(
                f"The discovery document of {provider.key} names the issuer {metadata.get('issuer')!r}, "
                f"not {provider.issuer!r}"
            )
        _clients[provider] = client
    return client


def _provider_or_404(key: str) -> OidcProvider:
    provider = oidc_provider(key)
    if provider is None:
        raise Http404("No such identity provider")
    return provider


def safe_next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class OidcLoginView(View):
    """Starts the login at the provider: a redirect to its authorisation endpoint."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest, provider: str) -> HttpResponse:
        config = _provider_or_404(provider)
        next_url = safe_next(request, request.GET.get("next"))
        if request.user.is_authenticated:
            return HttpResponseRedirect(next_url)
        try:
            client = client_for(config)
            redirect_uri = request.build_absolute_uri(reverse("accounts:oidc_callback", args=[config.key]))
            answer = client.create_authorization_url(redirect_uri)
        except Exception:
            log.exception("OIDC login with %s cannot start", config.key)
            return login_failed(request, unavailable=config.name)
        client.save_authorize_data(request, redirect_uri=redirect_uri, next=next_url, **answer)
        return HttpResponseRedirect(answer["url"])


def _claims(config: OidcProvider, client: DjangoOAuth2App, token: dict[str, Any]) -> Claims:
    values: dict[str, Any] = dict(token["userinfo"])
    metadata = client.load_server_metadata()
    if metadata.get("userinfo_endpoint"):
        extra = client.userinfo(token=token)
        if extra.get("sub") != values.get("sub"):
            raise LoginRefused("The userinfo answer is about another subject than the ID token.")
        values = {**extra, **values}
    groups = values.get(config.groups_claim) or []
    if isinstance(groups, str):
        groups = [groups]
    given, family = values.get("given_name") or "", values.get("family_name") or ""
    if not (given or family) and values.get("name"):
        given, family = names_from(str(values["name"]))
    return Claims(
        protocol="oidc",
        provider=config.key,
        issuer=str(values.get("iss") or config.issuer),
        subject=str(values.get("sub") or ""),
        email=str(values.get("email") or ""),
        given_name=str(given),
        family_name=str(family),
        organisation=config.organisation,
        groups=tuple(str(group) for group in groups if str(group).strip()),
    )


class OidcCallbackView(View):
    """The provider's answer: the code is exchanged (with the PKCE verifier), the ID token verified,
    the user signed in."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest, provider: str) -> HttpResponse:
        config = _provider_or_404(provider)
        state = request.GET.get("state", "")
        try:
            client = client_for(config)
            started = client.framework.get_state_data(request.session, state)
            if not started:
                raise LoginRefused("No login was started here with this state.")
            answered_by = request.GET.get("iss")
            if answered_by is not None and answered_by.rstrip("/") != config.issuer:
                raise LoginRefused(f"The answer names the issuer {answered_by!r}.")  # RFC 9207
            token = client.authorize_access_token(
                request, claims_options={"iss": {"essential": True, "values": [config.issuer]}}
            )
            claims = _claims(config, client, token)
            user = sign_in(claims)
        except Exception as exc:
            log.warning(
                "OIDC login via %s refused: %s", config.key, exc, exc_info=not isinstance(exc, LoginRefused)
            )
            return login_failed(request, provider=config.name)
        login(request, user, backend=BACKEND)
        request.session[SSO_SESSION_KEY] = {
            "protocol": "oidc",
            "provider": config.key,
            "id_token": token.get("id_token", ""),
        }
        return HttpResponseRedirect(started.get("next") or resolve_url(settings.LOGIN_REDIRECT_URL))


def logout_url(request: HttpRequest, sso: dict[str, Any]) -> str | None:
    """Where to send the browser so the provider ends its session too (RP-initiated logout), or None
    when the provider is gone from the configuration or has no end-session endpoint."""
    config = oidc_provider(str(sso.get("provider", "")))
    if config is None:
        return None
    try:
        client = client_for(config)
        if not client.load_server_metadata().get("end_session_endpoint"):
            return None
        answer = client.create_logout_url(
            post_logout_redirect_uri=request.build_absolute_uri(reverse("accounts:login")),
            id_token_hint=sso.get("id_token") or None,
            client_id=config.client_id,
        )
    except Exception:
        log.exception("OIDC logout at %s cannot be started; logged out here only", config.key)
        return None
    return str(answer["url"])
