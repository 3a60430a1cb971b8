"""The risk register of a product or program: probability x impact, owner, mitigation, review date."""

from __future__ import annotations

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import ArchivableModel
from programkontor.planning import progress
from programkontor.planning.models.base import TrackedOnTarget

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MITIGATING = "mitigating", _("Being mitigated")
    ACCEPTED = "accepted", _("Accepted")
    CLOSED = "closed", _("Closed")


#: Statuses of risks that are still live (everything but closed).
LIVE_STATUSES = (RiskStatus.OPEN, RiskStatus.MITIGATING, RiskStatus.ACCEPTED)


class Risk(TrackedOnTarget, ArchivableModel):
    """A risk to a product or program. Risks are internal: they are never published."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: cause and consequence.")
    )
    probability = models.PositiveSmallIntegerField(
        _("probability (1-5)"), validators=ONE_TO_FIVE, help_text=_("1 very unlikely … 5 almost certain.")
    )
    impact = models.PositiveSmallIntegerField(
        _("impact (1-5)"), validators=ONE_TO_FIVE, help_text=_("1 negligible … 5 critical.")
    )
    owner = models.ForeignKey(
        "portfolio.Person",
        verbose_name=_("risk owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    mitigation = models.TextField(
        _("mitigation"), blank=True, help_text=_("Markdown: what is done about it.")
    )
    status = models.CharField(_("status"), max_length=20, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    review_date = models.DateField(_("next review"), null=True, blank=True)

    class Meta:
        # The highest score (probability x impact) first.
        ordering = [(models.F("probability") * models.F("impact")).desc(), "-impact", "title"]
        indexes = [
            models.Index(
                (models.F("probability") * models.F("impact")).desc(),
                models.F("impact").desc(),
                "title",
                "id",
                name="risk_score_order",
            )
        ]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:risk_detail", kwargs={"pk": self.pk})

    @property
    def score(self) -> int:
        return progress.risk_score(self.probability, self.impact)

    @property
    def level(self) -> progress.RiskLevel:
        return progress.risk_level(self.probability, self.impact)

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES and self.archived_at is None

    def review_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_live and self.review_date is not None and self.review_date < today
