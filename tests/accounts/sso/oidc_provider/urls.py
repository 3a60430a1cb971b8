"""The provider's addresses: OAuth 2 / OpenID Connect under /o/, its login page, and the test control."""

from __future__ import annotations

import json
import os
import secrets
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.models import Application

from tests.accounts.sso.oidc_provider.validator import CLAIMS, LOCK


@csrf_exempt
def control(request: HttpRequest) -> HttpResponse:
    """Test-only: set users, their claims and the client (guarded by the token the tests started us with)."""
    if not secrets.compare_digest(
        request.headers.get("X-Control-Token", ""), os.environ["OIDC_TEST_CONTROL_TOKEN"]
    ):
        return HttpResponse(status=403)
    data: dict[str, Any] = json.loads(request.body)
    if data["op"] == "user":
        user, _ = User.objects.get_or_create(username=data["username"])
        user.set_password(data["password"])
        user.save()
        with LOCK:
            CLAIMS[user.username] = data["claims"]
        return JsonResponse({"sub": str(user.pk)})
    if data["op"] == "client":
        Application.objects.update_or_create(
            client_id=data["client_id"],
            defaults={
                "name": "Programkontor",
                "client_secret": data["client_secret"],
                "client_type": Application.CLIENT_CONFIDENTIAL,
                "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
                "redirect_uris": " ".join(data["redirect_uris"]),
                "post_logout_redirect_uris": " ".join(data["post_logout_redirect_uris"]),
                "algorithm": Application.RS256_ALGORITHM,
                "skip_authorization": True,
            },
        )
        return JsonResponse({"ok": True})
    return HttpResponse(status=400)


urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("_control/", control),
]
