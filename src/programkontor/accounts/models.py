from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "pk_"  # noqa: S105 - a visible prefix, not a secret


class User(AbstractUser):
    """A login. What the user may do follows from the linked person's roles, plus the secretariat flag."""

    is_secretariat = models.BooleanField(
        _("secretariat"),
        default=False,
        help_text=_("OS2 secretariat staff: read and write everything, manage users."),
    )
    #: Raised to end every session of the user (``accounts.sessions.end_sessions``): deactivation, a
    #: change of the secretariat flag or of the person's roles. It is part of the session hash.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django's session hash (of the password), bound to the session epoch as well.

        Django compares it with the hash stored in the session on every request and ends the session
        when they differ; with epoch 0 it is Django's own hash, so existing sessions stay valid."""
        password_hash: str = super()._get_session_auth_hash(secret=secret)  # type: ignore[misc]
        if not self.session_epoch:
            return password_hash
        return salted_hmac(
            "programkontor.accounts.User.session_epoch",
            f"{password_hash}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("starts with"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def generate() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)


CALENDAR_TOKEN_PREFIX = "cal_"  # noqa: S105 - a visible prefix, not a secret


class CalendarToken(models.Model):
    """The secret in the addresses of a user's calendar feeds (calendar programs cannot log in).

    One per user, for the feeds of every app (meetings, the annual cycle, milestones, ...). Only the
    SHA-256 digest is stored; the token is shown once. A new token replaces the old one; revoking it
    deletes it, and every feed address that carries it stops working.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("starts with"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return f"{self.user} ({self.hint}…)"

    @staticmethod
    def generate() -> str:
        return CALENDAR_TOKEN_PREFIX + secrets.token_urlsafe(32)


class Protocol(models.TextChoices):
    OIDC = "oidc", "OpenID Connect"
    SAML = "saml", "SAML 2.0"


class ExternalIdentity(models.Model):
    """A login at an identity provider: the provider's issuer and its subject for the person.

    Users are found by issuer and subject only, never by e-mail address (an address can be given to
    someone else, and another provider may assert any address)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="external_identities",
    )
    protocol = models.CharField(_("protocol"), max_length=10, choices=Protocol.choices)
    provider = models.CharField(
        _("provider"), max_length=50, help_text=_("The key of the provider in the configuration.")
    )
    issuer = models.CharField(_("issuer"), max_length=500)
    subject = models.CharField(_("subject"), max_length=500)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True)
    #: What the last login said, as mapped: e-mail, names, organisation and groups (shown on the
    #: person's page next to the roles the rules gave).
    last_claims = models.JSONField(_("last claims"), default=dict, blank=True)

    class Meta:
        ordering = ["provider", "subject"]
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="external_identity_issuer_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.subject}"
