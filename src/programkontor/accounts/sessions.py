"""Sessions end by themselves: after a time without use, after a time in all, and when the user is
deactivated or their roles change.

- **Timeouts** (``SESSION_IDLE_MINUTES``, ``SESSION_MAX_HOURS``): :class:`SessionPolicyMiddleware`
  logs a signed-in user out when the session was not used for the idle time, or was begun longer
  ago than the absolute time (the session cookie expires then as well).
- **Deactivation and role changes**: :func:`end_sessions` raises the users' session epoch, which is
  part of the hash Django checks on every request (``User._get_session_auth_hash``), so every
  session of theirs ends at its next request, on every server, whatever the session backend. The
  session that made the change itself (someone changing their own roles) is kept.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.signals import user_logged_in
from django.db.models import F
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from programkontor.accounts.models import User

LOGIN_AT = "_pk_login_at"
SEEN_AT = "_pk_seen_at"
#: The last use is written to the session at most this often (seconds), not on every request.
SEEN_RESOLUTION = 60

_current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "programkontor_current_request", default=None
)

#: User fields whose change ends the user's sessions.
SESSION_FLAGS = ("is_active", "is_secretariat", "is_superuser", "is_staff")


def idle_seconds() -> int:
    return int(settings.PROGRAMKONTOR_SESSION_IDLE_SECONDS)


def absolute_seconds() -> int:
    return int(settings.PROGRAMKONTOR_SESSION_ABSOLUTE_SECONDS)


def end_sessions(user_ids: Iterable[int | None]) -> None:
    """End every session of these users (at its next request). The current request's own session
    survives when its user is among them: they changed their own roles and stay logged in."""
    ids = {pk for pk in user_ids if pk}
    if not ids:
        return
    # A user who never logged in has no session to end (and their in-memory copies stay current).
    User.objects.filter(pk__in=ids, last_login__isnull=False).update(session_epoch=F("session_epoch") + 1)
    request = _current_request.get()
    user = getattr(request, "user", None) if request is not None else None
    if request is not None and isinstance(user, User) and user.pk in ids:
        fresh = User.objects.get(pk=user.pk)
        update_session_auth_hash(request, fresh)


@receiver(pre_save, sender=User, dispatch_uid="programkontor.accounts.sessions.flags")
def _end_sessions_on_flag_change(sender: type[User], instance: User, **kwargs: Any) -> None:
    """Deactivating a user, or changing what the flags give, ends their sessions."""
    update_fields = kwargs.get("update_fields")
    if instance.pk is None or kwargs.get("raw"):
        return
    if update_fields is not None and not set(update_fields) & set(SESSION_FLAGS):
        return
    stored = User.objects.filter(pk=instance.pk).values(*SESSION_FLAGS).first()
    if stored is None:
        return
    if any(stored[flag] != getattr(instance, flag) for flag in SESSION_FLAGS):
        instance.session_epoch += 1


@receiver(user_logged_in, dispatch_uid="programkontor.accounts.sessions.login")
def _remember_login_time(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


class SessionPolicyMiddleware:
    """Ends sessions past their idle or absolute time; makes the request known to
    :func:`end_sessions`. Place it after the authentication and message middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_request.set(request)
        try:
            if request.user.is_authenticated:
                self._check(request)
            return self.get_response(request)
        finally:
            _current_request.reset(token)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        now = int(time.time())
        login_at = session.get(LOGIN_AT)
        seen_at = session.get(SEEN_AT)
        if not isinstance(login_at, int) or not isinstance(seen_at, int):
            # A session from before these rules: its clocks start now.
            session[LOGIN_AT] = session[SEEN_AT] = now
            return
        if now - seen_at > idle_seconds() or now - login_at > absolute_seconds():
            logout(request)
            messages.info(request, _("Your session has ended. Please log in again."))
            return
        if now - seen_at >= SEEN_RESOLUTION:
            session[SEEN_AT] = now
