from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import ArchivableModel, PublishableModel, TrackedModel
from programkontor.core.text import unique_slug
from programkontor.portfolio.sizeclass import (
    Boundaries,
    PopulationBasis,
    SizeClass,
    classify,
    population_basis,
)

SIZE_CLASS_CHOICES = [
    (SizeClass.SMALL.value, _("Small")),
    (SizeClass.MEDIUM.value, _("Medium")),
    (SizeClass.LARGE.value, _("Large")),
    (SizeClass.VERY_LARGE.value, _("Very large")),
]


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    REGION = "region", _("Region")
    STATE = "state", _("State body")
    SUPPLIER = "supplier", _("Supplier")
    PARTNER = "partner", _("Partner")
    ASSOCIATION = "association", _("Association")


class Organisation(TrackedModel, PublishableModel, ArchivableModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=3,
        unique=True,
        null=True,
        blank=True,
        validators=[RegexValidator(r"^\d{3}$", _("A municipality code has exactly three digits."))],
        help_text=_("Three digits, e.g. 101 for Copenhagen."),
    )
    region = models.ForeignKey(
        "self",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="municipalities",
        limit_choices_to={"kind": OrganisationKind.REGION},
    )
    cvr = models.CharField(
        _("CVR number"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("A CVR number has exactly eight digits."))],
    )
    is_member = models.BooleanField(_("member of the association"), default=False)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("general email"), blank=True)
    phone = models.CharField(_("general phone"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    manual_size_class = models.CharField(
        _("size class set by hand"),
        max_length=20,
        choices=SIZE_CLASS_CHOICES,
        blank=True,
        help_text=_("Only for authorities without population figures, e.g. regions and state bodies."),
    )
    manual_size_class_reason = models.TextField(_("reason for the size class"), blank=True)
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes",)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name", "id"], name="organisation_name_order")]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    #: What ``__str__`` reads: a filter form's options load only these (``GatedFilterSet``).
    choice_label_fields = ("name",)

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == OrganisationKind.MUNICIPALITY and not self.municipality_code:
            errors["municipality_code"] = str(_("A municipality needs its three-digit code."))
        if self.kind != OrganisationKind.MUNICIPALITY and self.municipality_code:
            errors["municipality_code"] = str(_("Only municipalities have a municipality code."))
        if self.region_id and self.kind not in (OrganisationKind.MUNICIPALITY,):
            errors["region"] = str(_("Only municipalities belong to a region."))
        if self.manual_size_class and not self.manual_size_class_reason.strip():
            errors["manual_size_class_reason"] = str(
                _("Give the reason when you set the size class by hand.")
            )
        if errors:
            raise ValidationError(errors)
        if not self.slug:
            self.slug = unique_slug(Organisation, self.name)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portfolio:organisation_detail", kwargs={"slug": self.slug})

    def size_class_for(
        self,
        invoicing_year: int,
        boundaries: Boundaries,
        figures: list[tuple[datetime.date, int]] | None = None,
    ) -> SizeClassDecision:
        """The size class for ``invoicing_year``; pass ``figures`` to avoid a query (prefetched)."""
        if figures is None:
            figures = [(f.date, f.population) for f in self.population_figures.all()]
        basis = population_basis(figures, invoicing_year)
        if basis is not None:
            return SizeClassDecision(
                size_class=classify(basis.population, boundaries), basis=basis, reason=""
            )
        if self.manual_size_class:
            return SizeClassDecision(
                size_class=SizeClass(self.manual_size_class), basis=None, reason=self.manual_size_class_reason
            )
        return SizeClassDecision(size_class=None, basis=None, reason="")


@dataclass(frozen=True)
class SizeClassDecision:
    size_class: SizeClass | None
    basis: PopulationBasis | None
    reason: str

    @property
    def label(self) -> str:
        return str(dict(SIZE_CLASS_CHOICES)[self.size_class.value]) if self.size_class else ""


class PopulationFigure(TrackedModel):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="population_figures",
    )
    date = models.DateField(_("date"))
    population = models.PositiveIntegerField(_("population"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["organisation", "-date"]
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "date"], name="population_once_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.date:%d.%m.%Y}: {self.population}"


class SizeClassRule(TrackedModel):
    """The size-class boundaries in force from an invoicing year on (the newest one applies)."""

    valid_from_year = models.PositiveIntegerField(_("valid from invoicing year"), unique=True)
    medium_from = models.PositiveIntegerField(_("Medium from (inhabitants)"), default=25_000)
    large_from = models.PositiveIntegerField(_("Large from (inhabitants)"), default=60_000)
    very_large_from = models.PositiveIntegerField(_("Very large from (inhabitants)"), default=120_000)
    boundary_in_upper_class = models.BooleanField(
        _("a boundary value belongs to the upper class"),
        default=True,
        help_text=_("On: exactly 25,000 inhabitants is Medium. Off: exactly 25,000 is Small."),
    )
    decision_note = models.TextField(
        _("decision"), blank=True, help_text=_("Who decided these boundaries, and when.")
    )

    class Meta:
        ordering = ["-valid_from_year"]
        verbose_name = _("size-class boundaries")
        verbose_name_plural = _("size-class boundaries")

    def __str__(self) -> str:
        return f"{self.valid_from_year}: {self.medium_from}/{self.large_from}/{self.very_large_from}"

    def clean(self) -> None:
        if not 0 < self.medium_from < self.large_from < self.very_large_from:
            raise ValidationError(
                _("The boundaries must be positive and increase from Medium to Very large.")
            )

    def as_boundaries(self) -> Boundaries:
        return Boundaries(
            medium_from=self.medium_from,
            large_from=self.large_from,
            very_large_from=self.very_large_from,
            boundary_in_upper_class=self.boundary_in_upper_class,
        )

    @classmethod
    def boundaries_for(cls, invoicing_year: int) -> Boundaries:
        rule = cls.objects.filter(valid_from_year__lte=invoicing_year).order_by("-valid_from_year").first()
        return rule.as_boundaries() if rule else Boundaries()
