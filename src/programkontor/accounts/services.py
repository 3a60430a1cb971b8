"""Writes for accounts: API tokens."""

from __future__ import annotations

import datetime

from django.utils import timezone

from programkontor.accounts.models import ApiToken, User, hash_token


def create_api_token(*, user: User, name: str, valid_days: int | None = None) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the stored token and the raw value (shown only once)."""
    raw = ApiToken.generate()
    expires = timezone.now() + datetime.timedelta(days=valid_days) if valid_days else None
    token = ApiToken.objects.create(
        user=user, name=name.strip(), digest=hash_token(raw), hint=raw[:8], expires_at=expires
    )
    return token, raw


def revoke_api_token(*, user: User, token_id: int) -> bool:
    deleted, _ = ApiToken.objects.filter(pk=token_id, user=user).delete()
    return bool(deleted)
