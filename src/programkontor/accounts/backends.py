"""Password logins, as ``LOCAL_LOGIN`` allows them: everyone, the secretariat only, or nobody."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from programkontor.accounts.sso.config import local_login


def password_login_allowed_for(user: Any) -> bool:
    """Whether ``user`` may log in with a password under the current ``LOCAL_LOGIN``."""
    policy = local_login()
    if policy == "all":
        return True
    if policy == "secretariat":
        return bool(getattr(user, "is_secretariat", False) or getattr(user, "is_superuser", False))
    return False


class LocalPasswordBackend(ModelBackend):
    """Django's user name and password check, refused where ``LOCAL_LOGIN`` says so. With single
    sign-on, ``LOCAL_LOGIN=secretariat`` keeps the secretariat's break-glass account and nothing more."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if local_login() == "off":
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and not password_login_allowed_for(user):
            return None
        return user
