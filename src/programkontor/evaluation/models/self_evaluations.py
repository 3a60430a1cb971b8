"""Self-evaluations (governance reports): the product's own answers to the requirement checklist."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import PublishableModel, TrackedModel
from programkontor.evaluation import scoring


class Answer(models.TextChoices):
    YES = scoring.YES, _("Yes")
    NO = scoring.NO, _("No")
    NOT_RELEVANT = scoring.NOT_RELEVANT, _("Not relevant")
    UNKNOWN = scoring.UNKNOWN, _("Don't know")


class SelfEvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Source(models.TextChoices):
    FORM = "form", _("Filled in here")
    JSON = "json", _("Imported from OS2's form (JSON)")
    MARKDOWN = "markdown", _("Imported from a governance report (Markdown)")
    IMPORT = "import", _("Imported from a published report")


class SelfEvaluation(TrackedModel, PublishableModel):
    """One version of a product's self-evaluation: a draft until it is submitted, then fixed.

    A product has at most one draft; a new draft starts from the latest submitted version, so the
    submitted versions are the self-evaluation's history.
    """

    product = models.ForeignKey(
        "portfolio.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="self_evaluations",
    )
    catalogue = models.ForeignKey(
        "evaluation.Catalogue",
        verbose_name=_("requirement catalogue"),
        on_delete=models.PROTECT,
        related_name="self_evaluations",
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SelfEvaluationStatus.choices,
        default=SelfEvaluationStatus.DRAFT,
        editable=False,
    )
    filled_by = models.CharField(_("filled in by"), max_length=200, blank=True)
    filled_on = models.DateField(_("date filled in"), null=True, blank=True)
    git_url = models.CharField(_("link to the Git organisation"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.FORM, editable=False
    )
    source_checksum = models.CharField(
        _("checksum of the imported file"), max_length=64, blank=True, editable=False
    )
    unresolved_cells = models.JSONField(
        _("cells to map"),
        default=list,
        blank=True,
        editable=False,
        help_text=_(
            "Cells of the imported file that named no answer, level or date: as written, with their line "
            "and what a person mapped them to."
        ),
    )
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes", "source_checksum")

    class Meta:
        ordering = ["product__name", "-number"]
        verbose_name = _("self-evaluation")
        verbose_name_plural = _("self-evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "number"], name="evaluation_selfevaluation_number_unique"
            ),
            models.UniqueConstraint(
                fields=["product"], condition=Q(status="draft"), name="evaluation_one_draft_selfevaluation"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Self-evaluation %(number)d of %(product)s")) % {
            "number": self.number or 0,
            "product": self.product.name if self.product_id else "?",
        }

    @property
    def is_draft(self) -> bool:
        return self.status == SelfEvaluationStatus.DRAFT

    def clean(self) -> None:
        if self.status == SelfEvaluationStatus.SUBMITTED and self.submitted_at is None:
            raise ValidationError(_("A submitted self-evaluation records when it was submitted."))

    def get_absolute_url(self) -> str:
        return reverse("evaluation:selfevaluation_detail", kwargs={"pk": self.pk})


class SelfEvaluationAnswer(TrackedModel):
    self_evaluation = models.ForeignKey(
        SelfEvaluation, verbose_name=_("self-evaluation"), on_delete=models.CASCADE, related_name="answers"
    )
    requirement = models.ForeignKey(
        "evaluation.Requirement",
        verbose_name=_("requirement"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    answer = models.CharField(_("complied with?"), max_length=20, choices=Answer.choices, blank=True)
    documentation = models.TextField(_("documentation"), blank=True, help_text=_("Markdown; links welcome."))

    class Meta:
        ordering = ["self_evaluation", "requirement__order"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["self_evaluation", "requirement"], name="evaluation_answer_requirement_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement_id}: {self.get_answer_display() or '—'}"

    def clean(self) -> None:
        if (
            self.self_evaluation_id
            and self.requirement_id
            and self.requirement.catalogue_id != self.self_evaluation.catalogue_id
        ):
            raise ValidationError({"requirement": _("The requirement belongs to another catalogue.")})

    def get_absolute_url(self) -> str:
        return self.self_evaluation.get_absolute_url()
