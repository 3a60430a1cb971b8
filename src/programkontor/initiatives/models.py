"""Initiatives: a proposed new product, project or large change, with its business case and its
requirement specification.

* :class:`Initiative` — what is proposed, for which product or program (exactly one), by whom, and
  its business case's settings: first year, horizon, discount rate, the number of participating
  authorities it assumes, the size class whose tariff the break-even uses, risks and assumptions, and
  the decision it led to (a foreign key to ``governance.Decision``; decisions link back through
  ``register_linkable``).
* :class:`CaseLine` — a cost or benefit in a year, one-off or recurring, in total or per authority.
* :class:`Requirement` — a numbered, MoSCoW-prioritised requirement of the specification, optionally
  linked to the planning work item that delivers it.

The arithmetic is in ``arithmetic.py``; this module only turns rows into its plain data.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import BaseValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import ArchivableModel, OreField, TrackedModel
from programkontor.initiatives import arithmetic
from programkontor.planning.models.base import Priority
from programkontor.portfolio.models.organisations import SIZE_CLASS_CHOICES
from programkontor.portfolio.models.targets import OnProductOrProgram, exactly_one_target
from programkontor.portfolio.sizeclass import SizeClass


class Status(models.TextChoices):
    IDEA = "idea", _("Idea")
    ANALYSIS = "analysis", _("Being analysed")
    PROPOSED = "proposed", _("Proposed for decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class LineKind(models.TextChoices):
    COST = arithmetic.Kind.COST.value, _("Cost")
    BENEFIT = arithmetic.Kind.BENEFIT.value, _("Benefit")


class Recurrence(models.TextChoices):
    ONE_OFF = arithmetic.Recurrence.ONE_OFF.value, _("One-off")
    RECURRING = arithmetic.Recurrence.RECURRING.value, _("Recurring (every year from then)")


class Basis(models.TextChoices):
    TOTAL = arithmetic.Basis.TOTAL.value, _("In total")
    PER_AUTHORITY = arithmetic.Basis.PER_AUTHORITY.value, _("Per participating authority")


def default_discount_rate() -> Decimal:
    return Decimal(settings.INITIATIVES_DISCOUNT_RATE)


def year_validators() -> list[BaseValidator]:
    return [MinValueValidator(2000), MaxValueValidator(2100)]


class Initiative(OnProductOrProgram, TrackedModel, ArchivableModel):
    """A proposed initiative on a product or a program (exactly one), with its business case."""

    title = models.CharField(_("title"), max_length=300)
    product = models.ForeignKey(
        "portfolio.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    program = models.ForeignKey(
        "portfolio.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    owner = models.ForeignKey(
        "portfolio.Person",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IDEA)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    first_year = models.PositiveSmallIntegerField(
        _("first year"), validators=year_validators(), help_text=_("Year 0 of the business case.")
    )
    horizon = models.PositiveSmallIntegerField(
        _("horizon (years)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    discount_rate = models.DecimalField(
        _("discount rate (% a year)"),
        max_digits=5,
        decimal_places=2,
        default=default_discount_rate,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(50))],
    )
    authorities = models.PositiveIntegerField(
        _("participating authorities"),
        default=0,
        validators=[MaxValueValidator(1000)],
        help_text=_("How many authorities the case assumes; per-authority lines are multiplied by it."),
    )
    size_class = models.CharField(
        _("size class for the break-even"),
        max_length=20,
        choices=SIZE_CLASS_CHOICES,
        default=SizeClass.MEDIUM.value,
        help_text=_("The break-even counts authorities paying the product's member tariff of this class."),
    )
    risks = models.TextField(_("risks"), blank=True, help_text=_("Markdown."))
    assumptions = models.TextField(_("assumptions"), blank=True, help_text=_("Markdown."))
    specification_intro = models.TextField(
        _("introduction to the requirement specification"), blank=True, help_text=_("Markdown.")
    )
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
        help_text=_("The decision the business case led to."),
    )

    internal_fields = ("risks", "assumptions")

    class Meta:
        ordering = ["-first_year", "title", "id"]
        constraints = [
            exactly_one_target("initiative_on_product_or_program"),
        ]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:initiative_detail", kwargs={"pk": self.pk})

    @property
    def last_year(self) -> int:
        return self.first_year + self.horizon - 1

    def clean(self) -> None:
        errors = self.target_errors(self.decision if self.decision_id else None)
        if errors:
            raise ValidationError(errors)


class CaseLine(TrackedModel):
    """A cost or a benefit of the business case (in øre, excluding VAT)."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="lines"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=year_validators())
    kind = models.CharField(_("cost or benefit"), max_length=10, choices=LineKind.choices)
    recurrence = models.CharField(
        _("one-off or recurring"), max_length=10, choices=Recurrence.choices, default=Recurrence.ONE_OFF
    )
    basis = models.CharField(_("basis"), max_length=15, choices=Basis.choices, default=Basis.TOTAL)
    amount = OreField(_("amount"), validators=[MinValueValidator(0)])
    text = models.CharField(_("text"), max_length=300)

    class Meta:
        ordering = ["year", "kind", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="case_line_not_negative")]
        verbose_name = _("business case line")
        verbose_name_plural = _("business case lines")

    def __str__(self) -> str:
        return f"{self.year}: {self.text}"

    def get_absolute_url(self) -> str:
        return reverse("initiatives:initiative_detail", kwargs={"pk": self.initiative_id}) + "#business-case"

    def as_line(self) -> arithmetic.Line:
        return arithmetic.Line(
            year=self.year,
            kind=arithmetic.Kind(self.kind),
            recurrence=arithmetic.Recurrence(self.recurrence),
            basis=arithmetic.Basis(self.basis),
            amount=self.amount,
        )

    def clean(self) -> None:
        if self.initiative_id and self.year:
            initiative = self.initiative
            if not initiative.first_year <= self.year <= initiative.last_year:
                raise ValidationError(
                    {
                        "year": _("Choose a year of the business case: %(first)d to %(last)d.")
                        % {"first": initiative.first_year, "last": initiative.last_year}
                    }
                )


class Requirement(TrackedModel):
    """A requirement of the initiative's specification, with its MoSCoW priority."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="requirements"
    )
    number = models.CharField(_("number"), max_length=20, help_text=_("E.g. K-01."))
    text = models.TextField(_("requirement"))
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.MUST)
    rationale = models.TextField(_("rationale"), blank=True)
    work_item = models.ForeignKey(
        "planning.WorkItem",
        verbose_name=_("work item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The work item that delivers the requirement."),
    )

    class Meta:
        ordering = ["initiative", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "number"], name="requirement_number_once"),
        ]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("initiatives:initiative_detail", kwargs={"pk": self.initiative_id}) + "#requirements"

    def clean(self) -> None:
        if self.work_item_id and self.initiative_id and self.work_item is not None:
            item, initiative = self.work_item, self.initiative
            program_id = initiative.program_id or (
                initiative.product.program_id if initiative.product else None
            )
            same = (initiative.product_id and item.product_id == initiative.product_id) or (
                program_id
                and (
                    item.program_id == program_id or (item.product and item.product.program_id == program_id)
                )
            )
            if not same:
                raise ValidationError({"work_item": _("Choose a work item of the same product or program.")})
