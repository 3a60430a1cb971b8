"""From a verified login at an identity provider to a user: identity, user, and the login hook.

The protocol modules (``oidc.py``, ``saml.py``) verify what the provider sent and hand over
:class:`Claims`; :func:`sign_in` finds the user by issuer and subject (never by e-mail alone),
creates one at the first login, and runs the login hook that the portfolio app registers: it maps
the claims to a person and an organisation, and the groups to roles by the secretariat's rules.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils import timezone

from programkontor.accounts.models import ExternalIdentity, User

log = logging.getLogger(__name__)


class LoginRefused(Exception):
    """The provider's answer was verified, but Programkontor does not let this login in."""


@dataclass(frozen=True)
class Claims:
    """What a provider said about the person, in Programkontor's names."""

    protocol: str
    provider: str
    issuer: str
    subject: str
    email: str = ""
    given_name: str = ""
    family_name: str = ""
    #: The organisation the provider's configuration names (a municipality code or a slug).
    organisation: str = ""
    groups: tuple[str, ...] = field(default_factory=tuple)

    def shown(self) -> dict[str, object]:
        """What is kept on the identity and shown on the person's page."""
        kept = asdict(self)
        for key in ("protocol", "provider", "issuer", "subject"):
            kept.pop(key)
        kept["groups"] = list(self.groups)
        return kept


#: ``(user, claims) -> None``: maps the claims onto the user's person and roles; runs inside the
#: login's transaction. The portfolio app registers it (accounts does not know people or roles).
LoginHook = Callable[[User, Claims], None]
_hook: LoginHook | None = None


def set_login_hook(hook: LoginHook) -> None:
    global _hook
    _hook = hook


def names_from(full_name: str) -> tuple[str, str]:
    """``("Anne Marie", "Jensen")`` from ``"Anne Marie Jensen"``, for providers that send one name."""
    parts = full_name.split()
    if not parts:
        return "", ""
    return " ".join(parts[:-1]), parts[-1]


def _username(claims: Claims) -> str:
    digest = hashlib.sha256(f"{claims.issuer}\n{claims.subject}".encode()).hexdigest()[:20]
    return f"{claims.provider}.{digest}"


@transaction.atomic
def sign_in(claims: Claims) -> User:
    """The user of this issuer and subject, created at the first login; profile and roles follow the
    claims at every login. Raises :class:`LoginRefused` for a deactivated user."""
    if not claims.issuer or not claims.subject:
        raise LoginRefused("The provider did not identify the person (no issuer or subject).")
    identity = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=claims.issuer, subject=claims.subject)
        .first()
    )
    if identity is None:
        user = User(username=_username(claims))
        user.set_unusable_password()
        identity = ExternalIdentity(user=user, issuer=claims.issuer, subject=claims.subject)
        created = True
    else:
        user = identity.user
        created = False
        if not user.is_active:
            raise LoginRefused("The user is deactivated.")
    user.first_name = claims.given_name[:150]
    user.last_name = claims.family_name[:150]
    user.email = claims.email[:254]
    user.save()
    identity.user = user
    identity.protocol = claims.protocol
    identity.provider = claims.provider
    identity.last_login_at = timezone.now()
    identity.last_claims = claims.shown()
    identity.save()
    if _hook is not None:
        _hook(user, claims)
    user.refresh_from_db()  # the hook may have changed flags and the session epoch
    log.info(
        "%s login via %s (%s) for user %s%s",
        claims.protocol,
        claims.provider,
        claims.issuer,
        user.username,
        " (new)" if created else "",
    )
    return user
