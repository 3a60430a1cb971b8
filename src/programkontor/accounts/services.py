"""Writes for accounts: API tokens and the calendar token."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from programkontor.accounts.models import ApiToken, CalendarToken, User, hash_token

#: ``last_used_at`` of a calendar token is written at most this often (calendars poll often).
CALENDAR_USE_INTERVAL = datetime.timedelta(hours=1)


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


@transaction.atomic
def create_calendar_token(*, user: User) -> tuple[CalendarToken, str]:
    """A new secret for ``user``'s calendar addresses; the old one stops working at once.

    Returns the stored token and the raw value (shown only once)."""
    CalendarToken.objects.filter(user=user).delete()
    raw = CalendarToken.generate()
    token = CalendarToken.objects.create(user=user, digest=hash_token(raw), hint=raw[:8])
    return token, raw


def revoke_calendar_token(*, user: User) -> bool:
    """Revoke ``user``'s calendar token; False when there was none."""
    deleted, _ = CalendarToken.objects.filter(user=user).delete()
    return bool(deleted)


def user_for_calendar_token(raw: str) -> User | None:
    """The active user a calendar token belongs to, or ``None`` (unknown, revoked, or a deactivated
    user). Records when it was last used (at most hourly)."""
    if not raw or len(raw) > 100:
        return None
    token = (
        CalendarToken.objects.select_related("user")
        .filter(digest=hash_token(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > CALENDAR_USE_INTERVAL:
        CalendarToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
