"""Evaluations by the secretariat: a traffic light and its evidence per requirement, and the level."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import PublishableModel, TrackedModel
from programkontor.evaluation import scoring


class Light(models.TextChoices):
    GREEN = scoring.GREEN, _("Green")
    YELLOW = scoring.YELLOW, _("Yellow")
    RED = scoring.RED, _("Red")
    GRAY = scoring.GRAY, _("Gray (not relevant)")


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class EvaluationSource(models.TextChoices):
    APP = "app", _("Made here")
    IMPORT = "import", _("Imported report")


class Evaluation(TrackedModel, PublishableModel):
    """The secretariat's evaluation of a product against one catalogue version.

    A draft until the secretariat decides the level (which records a decision in the decision log
    and sets the product's level); then final. Counts are never stored: they are computed from the
    ratings every time (``selectors.summary_of``).
    """

    product = models.ForeignKey(
        "portfolio.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="evaluations"
    )
    catalogue = models.ForeignKey(
        "evaluation.Catalogue",
        verbose_name=_("requirement catalogue"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    self_evaluation = models.ForeignKey(
        "evaluation.SelfEvaluation",
        verbose_name=_("self-evaluation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
        help_text=_("The self-evaluation the draft lights came from."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.DRAFT,
        editable=False,
    )
    evaluated_on = models.DateField(_("date"))
    evaluator = models.CharField(_("evaluated by"), max_length=200, blank=True)
    git_url = models.CharField(_("link to the Git organisation"), max_length=500, blank=True)
    template_version = models.CharField(_("report template version"), max_length=30, blank=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("Markdown."))
    overall_assessment = models.TextField(
        _("overall assessment"), blank=True, help_text=_("Markdown: strengths, weaknesses, next steps.")
    )
    recommendations = models.TextField(
        _("recommendations"), blank=True, help_text=_("Markdown, e.g. a list.")
    )
    decided_level = models.CharField(_("decided level"), max_length=20, blank=True, editable=False)
    level_reason = models.TextField(_("reason for the level"), blank=True, editable=False)
    previous_level = models.CharField(_("level before"), max_length=20, blank=True, editable=False)
    decided_on = models.DateField(_("level decided on"), null=True, blank=True, editable=False)
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluations",
        editable=False,
    )
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=EvaluationSource.choices,
        default=EvaluationSource.APP,
        editable=False,
    )
    source_checksum = models.CharField(
        _("checksum of the imported file"), max_length=64, blank=True, editable=False
    )
    published_mismatches = models.JSONField(
        _("disagreeing published counts"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Rows of the imported report's count tables that disagree with its lights."),
    )
    unresolved_cells = models.JSONField(
        _("cells to map"),
        default=list,
        blank=True,
        editable=False,
        help_text=_(
            "Cells of the imported report that named no level or date: as written, with their line and "
            "what a person mapped them to."
        ),
    )
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes", "source_checksum")

    class Meta:
        ordering = ["-evaluated_on", "-pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        indexes = [
            # A product's latest final evaluation (the heatmap, the cycle): read from the top of this
            # index, in the order the subquery asks (issue 14).
            models.Index(
                fields=["product", "status", "-evaluated_on", "-id"], name="evaluation_latest_final"
            ),
            # The list's and the API's default order (issue 14).
            models.Index(fields=["-evaluated_on", "-id"], name="evaluation_recent"),
        ]

    def __str__(self) -> str:
        product = self.product.name if self.product_id else "?"
        return str(_("Evaluation of %(product)s %(date)s")) % {
            "product": product,
            "date": self.evaluated_on.strftime("%d.%m.%Y") if self.evaluated_on else "",
        }

    @property
    def is_draft(self) -> bool:
        return self.status == EvaluationStatus.DRAFT

    def clean(self) -> None:
        chosen = self.self_evaluation if self.self_evaluation_id else None
        if chosen is not None and self.product_id and chosen.product_id != self.product_id:
            raise ValidationError({"self_evaluation": _("The self-evaluation is another product's.")})

    def get_absolute_url(self) -> str:
        return reverse("evaluation:evaluation_detail", kwargs={"pk": self.pk})


class Rating(TrackedModel):
    # No index of its own: the unique constraint and ``rating_lights`` both begin with it, and an
    # import writes 43 ratings per report (issue 14).
    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="ratings",
        db_index=False,
    )
    requirement = models.ForeignKey(
        "evaluation.Requirement",
        verbose_name=_("requirement"),
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    light = models.CharField(_("light"), max_length=10, choices=Light.choices)
    evidence = models.TextField(_("evidence"), blank=True, help_text=_("Markdown: what the light rests on."))
    finding = models.ForeignKey(
        "evaluation.Finding",
        verbose_name=_("repository finding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ratings",
        help_text=_("The machine finding a human accepted or overrode for this light."),
    )

    class Meta:
        ordering = ["evaluation", "requirement__order"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "requirement"], name="evaluation_rating_requirement_unique"
            ),
        ]
        indexes = [
            # The heatmap's counts read an evaluation's lights from the index alone (issue 14).
            models.Index(fields=["evaluation", "requirement", "light"], name="rating_lights"),
        ]

    #: Nothing reads a rating's history by evaluation, requirement, finding or date (the history page
    #: reads a rating's own rows by its id): without these indexes an import writes its 43 history
    #: rows per report at half the cost (issue 14).
    history_unindexed = ("evaluation", "requirement", "finding", "history_date")

    def __str__(self) -> str:
        return f"{self.requirement_id}: {self.get_light_display()}"

    def clean(self) -> None:
        if (
            self.evaluation_id
            and self.requirement_id
            and self.requirement.catalogue_id != self.evaluation.catalogue_id
        ):
            raise ValidationError({"requirement": _("The requirement belongs to another catalogue.")})

    def get_absolute_url(self) -> str:
        return self.evaluation.get_absolute_url()
