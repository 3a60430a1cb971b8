"""The authentication backends of single sign-on: they keep the session's user, and SAML's logs in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class SsoBackend(ModelBackend):
    """The backend of sessions begun by an OpenID Connect login (``oidc.OidcCallbackView`` verifies
    the provider's answer and logs in with this backend). It authenticates nothing itself; as every
    backend here, it gives no user for a session of a deactivated user."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> Any:
        return None
