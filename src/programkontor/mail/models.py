"""The outbox: every e-mail the application sends, written before it is sent; and each user's choice
of digest of *Til mig*."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    """One e-mail to one recipient. ``key`` names what it is (kind, object, recipient, version): the
    same key is never written, so never sent, twice."""

    key = models.CharField(_("key"), max_length=300, unique=True)
    kind = models.CharField(_("kind"), max_length=60)
    to = models.EmailField(_("recipient"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.CharField(_("e-mail subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    #: ``[{"filename": ..., "content": text, "mimetype": ...}]``
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    requeued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent again by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects: models.Manager[OutboxMessage] = models.Manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="outbox_recent"),
            models.Index(fields=["status", "-created_at", "-id"], name="outbox_status_recent"),
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Every morning")
    WEEKLY = "weekly", _("Every Monday morning")
    OFF = "off", _("Never")


class DigestChoice(models.Model):
    """How often the user gets *Til mig* by e-mail; a user without a row gets it weekly."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    frequency = models.CharField(
        _("digest of Til mig"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    objects: models.Manager[DigestChoice] = models.Manager()

    class Meta:
        verbose_name = _("digest choice")
        verbose_name_plural = _("digest choices")

    def __str__(self) -> str:
        return f"{self.user}: {self.frequency}"
