from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import ArchivableModel, PublishableModel, TrackedModel
from programkontor.core.text import unique_slug
from programkontor.portfolio.classification import classification_errors
from programkontor.portfolio.models.bodies import BodyKind
from programkontor.portfolio.publiccode import CATEGORIES


class Program(TrackedModel, PublishableModel, ArchivableModel):
    """A set of related products and projects under one program manager."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    goals = models.TextField(
        _("goals"), blank=True, help_text=_("Markdown. Structured goals with indicators come with planning.")
    )
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes",)

    class Meta:
        ordering = ["name"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    #: What ``__str__`` reads: a filter form's options load only these (``GatedFilterSet``).
    choice_label_fields = ("name",)

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.slug:
            self.slug = unique_slug(Program, self.name)

    def get_absolute_url(self) -> str:
        return reverse("portfolio:program_detail", kwargs={"slug": self.slug})


class ProductKind(models.TextChoices):
    PROJECT = "project", _("Project")
    PRODUCT = "product", _("Product")


class ProductStage(models.TextChoices):
    IDEA = "idea", _("Idea")
    SANDBOX = "sandbox", _("Sandbox project")
    PRODUCT = "product", _("Product")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


#: Why a product's level cannot be edited like its other fields.
LEVEL_BY_DECISION = _("The level changes only through a decided level-change decision in the decision log.")


def validate_governance_folders(value: object) -> None:
    """``{"folder/in/the/repository": "<body kind>"}``: which body's files a folder holds."""
    if not isinstance(value, dict) or not all(
        isinstance(key, str) and isinstance(kind, str) for key, kind in value.items()
    ):
        raise ValidationError(_("The folder mapping must map folders to kinds of body."))
    for folder, kind in value.items():
        if kind not in BodyKind.values:
            raise ValidationError(
                _("%(folder)s: %(kind)s is not a kind of body."), params={"folder": folder, "kind": kind}
            )


class ProductLevel(models.TextChoices):
    NONE = "none", _("No level")
    SANDBOX = "sandbox", _("Sandbox")
    LEVEL_1 = "1", _("Level 1")
    LEVEL_2 = "2", _("Level 2")
    LEVEL_3 = "3", _("Level 3")


def validate_repository_urls(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Repositories must be a list of web addresses."))
    validate = URLValidator(schemes=["http", "https"])
    for url in value:
        try:
            validate(url)
        except ValidationError as exc:
            raise ValidationError(_("%(url)s is not a valid web address."), params={"url": url}) from exc


def validate_publiccode_categories(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Categories must be a list of words."))
    if unknown := [item for item in value if item not in CATEGORIES]:
        raise ValidationError(
            _("Not a category of the publiccode.yml standard: %(words)s."),
            params={"words": ", ".join(unknown)},
        )


def validate_text_list(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ValidationError(_("Must be a list of texts."))


class Product(TrackedModel, PublishableModel, ArchivableModel):
    """An OS2 product or project (kind) with its lifecycle stage and OS2 level."""

    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ProductKind.choices, default=ProductKind.PROJECT
    )
    stage = models.CharField(
        _("stage"), max_length=10, choices=ProductStage.choices, default=ProductStage.IDEA
    )
    level = models.CharField(
        _("OS2 level"), max_length=10, choices=ProductLevel.choices, default=ProductLevel.NONE
    )
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    goals = models.TextField(
        _("goals"), blank=True, help_text=_("Markdown. Structured goals with indicators come with planning.")
    )
    licence = models.CharField(
        _("licence"), max_length=100, blank=True, default="MPL-2.0", help_text=_("SPDX id.")
    )
    website = models.URLField(_("website"), blank=True)
    repository_urls = models.JSONField(
        _("repositories"), default=list, blank=True, validators=[validate_repository_urls]
    )
    categories = models.JSONField(
        _("categories"),
        default=list,
        blank=True,
        validators=[validate_publiccode_categories],
        help_text=_("Words from the publiccode.yml standard's list, e.g. document-management."),
    )
    features = models.JSONField(
        _("features"),
        default=list,
        blank=True,
        validators=[validate_text_list],
        help_text=_("What the product does, a short line each (publiccode.yml's features)."),
    )
    governance_folders = models.JSONField(
        _("governance folders"),
        default=dict,
        blank=True,
        validators=[validate_governance_folders],
        help_text=_(
            "Which body's meetings and decisions each folder of the governance repository holds "
            "(folder → kind of body); folders not named here are read by OS2's usual names."
        ),
    )
    cost_element = models.CharField(_("cost element (PSP)"), max_length=40, blank=True)
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes", "cost_element")

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    #: What ``__str__`` reads: a filter form's options load only these (``GatedFilterSet``).
    choice_label_fields = ("name",)

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = classification_errors(kind=self.kind, stage=self.stage, level=self.level)
        if errors:
            raise ValidationError(
                {field: [str(message) for message in messages] for field, messages in errors.items()}
            )
        if not self.slug:
            self.slug = unique_slug(Product, self.name)

    def get_absolute_url(self) -> str:
        return reverse("portfolio:product_detail", kwargs={"slug": self.slug})


OVERLAPPING_PARTICIPATION = _(
    "%(organisation)s already participates in %(product)s in this period (from %(start)s)."
)


class Participation(TrackedModel):
    """An authority's accession agreement with a product: what makes it a participant (and pay)."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        "portfolio.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    accession_date = models.DateField(_("accession date"))
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes",)

    class Meta:
        ordering = ["organisation__name", "accession_date"]
        indexes = [
            models.Index(fields=["organisation", "accession_date", "id"], name="participation_org_order")
        ]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self) -> str:
        return f"{self.organisation} — {self.product}"

    def clean(self) -> None:
        if self.exit_date and self.exit_date < self.accession_date:
            raise ValidationError({"exit_date": _("The exit date cannot be before the accession date.")})
        if not (self.product_id and self.organisation_id and self.accession_date):
            return
        overlapping = Participation.objects.filter(
            product_id=self.product_id, organisation_id=self.organisation_id
        )
        if self.pk:
            overlapping = overlapping.exclude(pk=self.pk)
        for other in overlapping:
            if (other.exit_date is None or other.exit_date >= self.accession_date) and (
                self.exit_date is None or self.exit_date >= other.accession_date
            ):
                raise ValidationError(
                    OVERLAPPING_PARTICIPATION,
                    params={
                        "organisation": self.organisation,
                        "product": self.product,
                        "start": other.accession_date.strftime("%d.%m.%Y"),
                    },
                )

    def get_absolute_url(self) -> str:
        return self.product.get_absolute_url()
