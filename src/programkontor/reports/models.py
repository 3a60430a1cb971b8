"""An issued board report: what the board saw, frozen as a record.

The figures are gathered once, when the report is issued (``selectors.gather``), and kept as JSON
beside the HTML, Markdown and PDF rendered from them; nothing is read again later. The services
write a report once and never change it, and database triggers (migration ``0002_frozen_reports``)
refuse any change of its content on SQLite and PostgreSQL. Only the links to the meeting and the
issuer may be cleared, when the meeting or the user is deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import TrackedModel


class Scope(models.TextChoices):
    PROGRAM = "program", _("Program")
    PORTFOLIO = "portfolio", _("Whole portfolio")


class BoardReport(TrackedModel):
    title = models.CharField(_("title"), max_length=300)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    program = models.ForeignKey(
        "portfolio.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="board_reports",
    )
    period = models.CharField(_("period"), max_length=10, help_text=_("2026-Q3, 2026-H2 or 2026."))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    since = models.DateField(_("news since"))
    as_of = models.DateField(_("figures as of"))
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_by_name = models.CharField(_("issued by"), max_length=200, blank=True)
    meeting = models.ForeignKey(
        "governance.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="board_reports",
    )
    data = models.JSONField(_("figures"), default=dict)
    html = models.TextField(_("HTML"))
    markdown = models.TextField(_("Markdown"))
    pdf = models.BinaryField(_("PDF"))

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("board report")
        verbose_name_plural = _("board reports")
        indexes = [models.Index(fields=["-issued_at", "-id"], name="board_report_recent")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(scope="program") & models.Q(program__isnull=False))
                | (models.Q(scope="portfolio") & models.Q(program__isnull=True)),
                name="board_report_scope_has_program",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self._state.adding:
            raise ValidationError(_("An issued report cannot change: it is what the board saw."))

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", kwargs={"pk": self.pk})
