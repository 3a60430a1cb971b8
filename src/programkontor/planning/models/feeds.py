"""Calendar feed tokens: a secret in the feed's address, for calendar clients that cannot log in."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

FEED_PREFIX = "cal_"


def hash_feed_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class CalendarFeedToken(models.Model):
    """A user's personal milestone feed. Only the SHA-256 digest is stored; revoking deletes it.

    The feed shows what the user may see, like the pages do; a user has at most one token, and a
    new one replaces (revokes) the old.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed_token",
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
        return FEED_PREFIX + secrets.token_urlsafe(32)
