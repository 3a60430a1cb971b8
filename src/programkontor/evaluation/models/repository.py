"""Repository evidence checks: what a machine found in a product's Git repository."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import TrackedModel
from programkontor.evaluation.models.evaluations import Light


class RepositoryCheck(TrackedModel):
    """One run of the checks on one repository at one commit."""

    product = models.ForeignKey(
        "portfolio.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="repository_checks",
    )
    source = models.CharField(_("repository"), max_length=500, help_text=_("The clone URL or path checked."))
    commit = models.CharField(_("commit"), max_length=64, blank=True)
    branch = models.CharField(_("branch"), max_length=200, blank=True)
    checked_at = models.DateTimeField(_("checked"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("repository check")
        verbose_name_plural = _("repository checks")
        # The list's and the API's default order (issue 14).
        indexes = [models.Index(fields=["-checked_at", "-id"], name="repositorycheck_recent")]

    def __str__(self) -> str:
        return str(_("Repository check of %(product)s %(date)s")) % {
            "product": self.product.name if self.product_id else "?",
            "date": self.checked_at.strftime("%d.%m.%Y") if self.checked_at else "",
        }

    def get_absolute_url(self) -> str:
        return reverse("evaluation:repositorycheck_detail", kwargs={"pk": self.pk})


class FindingStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    OVERRIDDEN = "overridden", _("Overridden")


class Finding(TrackedModel):
    """Evidence for one requirement: what was found, in which file and commit, and the light it proposes.

    The proposal is never final: in an evaluation a human accepts it or overrides it.
    """

    repository_check = models.ForeignKey(
        RepositoryCheck, verbose_name=_("repository check"), on_delete=models.CASCADE, related_name="findings"
    )
    check_key = models.CharField(_("check"), max_length=40)
    requirement_code = models.CharField(_("requirement"), max_length=10)
    light = models.CharField(_("proposed light"), max_length=10, choices=Light.choices)
    summary = models.TextField(_("finding"))
    path = models.CharField(_("file"), max_length=500, blank=True)
    commit = models.CharField(_("commit"), max_length=64, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FindingStatus.choices, default=FindingStatus.PROPOSED
    )
    evaluation = models.ForeignKey(
        "evaluation.Evaluation",
        verbose_name=_("decided in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decided_findings",
    )

    class Meta:
        ordering = ["repository_check", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        # A check's findings in order, and the API's list, without a sort (issue 14).
        indexes = [models.Index(fields=["repository_check", "id"], name="finding_check_order")]

    def __str__(self) -> str:
        return f"{self.requirement_code}: {self.summary[:80]}"

    def get_absolute_url(self) -> str:
        return self.repository_check.get_absolute_url()
