from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import PublishableModel, TrackedModel
from programkontor.economy import tariffs
from programkontor.economy.models.common import amount_field, year_field
from programkontor.portfolio.sizeclass import SizeClass

SIZE_CLASSES = (
    (SizeClass.SMALL, "small"),
    (SizeClass.MEDIUM, "medium"),
    (SizeClass.LARGE, "large"),
    (SizeClass.VERY_LARGE, "very_large"),
)


class ProRataRule(models.TextChoices):
    FIRST_DAY = (
        tariffs.ProRataRule.FIRST_DAY.value,
        _("By month: months the authority takes part in on the 1st"),
    )
    ANY_DAY = tariffs.ProRataRule.ANY_DAY.value, _("By month: months the authority takes part in on any day")
    NONE = tariffs.ProRataRule.NONE.value, _("No pro rata: the full annual fee for any part of the year")


INVOICES_PER_YEAR = [
    (1, _("Once a year")),
    (2, _("Every half year")),
    (3, _("Every four months")),
    (4, _("Every quarter")),
    (6, _("Every two months")),
    (12, _("Every month")),
]


def _price(label: Any) -> models.BigIntegerField[int, int]:
    return amount_field(label, default=0, validators=[MinValueValidator(0)])


class TariffSheet(TrackedModel, PublishableModel):
    """A product's tariff sheet (takstblad) for one year: its prices and how they are charged.

    Prices are per size class, for members and non-members of the association, in øre.
    """

    product = models.ForeignKey(
        "portfolio.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="tariff_sheets"
    )
    year = year_field()
    annual_small_member = _price(_("annual fee, Small, member"))
    annual_small_non_member = _price(_("annual fee, Small, non-member"))
    annual_medium_member = _price(_("annual fee, Medium, member"))
    annual_medium_non_member = _price(_("annual fee, Medium, non-member"))
    annual_large_member = _price(_("annual fee, Large, member"))
    annual_large_non_member = _price(_("annual fee, Large, non-member"))
    annual_very_large_member = _price(_("annual fee, Very large, member"))
    annual_very_large_non_member = _price(_("annual fee, Very large, non-member"))
    joining_small_member = _price(_("joining fee, Small, member"))
    joining_small_non_member = _price(_("joining fee, Small, non-member"))
    joining_medium_member = _price(_("joining fee, Medium, member"))
    joining_medium_non_member = _price(_("joining fee, Medium, non-member"))
    joining_large_member = _price(_("joining fee, Large, member"))
    joining_large_non_member = _price(_("joining fee, Large, non-member"))
    joining_very_large_member = _price(_("joining fee, Very large, member"))
    joining_very_large_non_member = _price(_("joining fee, Very large, non-member"))
    pro_rata_rule = models.CharField(
        _("pro rata"),
        max_length=20,
        choices=ProRataRule.choices,
        default=ProRataRule.FIRST_DAY,
        help_text=_(
            "How the annual fee is charged for an authority that joins or leaves during the year. "
            "By month on the 1st: joining on 1 January pays 12/12, on 2 January 11/12."
        ),
    )
    invoices_per_year = models.PositiveSmallIntegerField(
        _("invoices per year"), choices=INVOICES_PER_YEAR, default=1
    )
    payment_days = models.PositiveSmallIntegerField(
        _("payment terms (days)"), default=30, validators=[MaxValueValidator(365)]
    )
    secretariat_share_applies = models.BooleanField(
        _("pays the secretariat's share"),
        default=True,
        help_text=_(
            "The association administers the product: a share of its income goes to the secretariat."
        ),
    )
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes",)

    class Meta:
        ordering = ["-year", "product__name"]
        verbose_name = _("tariff sheet")
        verbose_name_plural = _("tariff sheets")
        constraints = [models.UniqueConstraint(fields=["product", "year"], name="tariff_sheet_once_per_year")]

    def __str__(self) -> str:
        return str(_("Tariff sheet %(year)s, %(product)s") % {"year": self.year, "product": self.product})

    def prices(self, kind: str) -> dict[SizeClass, tariffs.Prices]:
        return {
            size_class: tariffs.Prices(
                member=getattr(self, f"{kind}_{key}_member"),
                non_member=getattr(self, f"{kind}_{key}_non_member"),
            )
            for size_class, key in SIZE_CLASSES
        }

    def as_tariff(self) -> tariffs.Tariff:
        return tariffs.Tariff(
            year=self.year,
            annual_fee=self.prices("annual"),
            joining_fee=self.prices("joining"),
            pro_rata=tariffs.ProRataRule(self.pro_rata_rule),
            invoices_per_year=self.invoices_per_year,
        )

    def price_rows(self) -> list[tuple[SizeClass, tariffs.Prices, tariffs.Prices]]:
        annual, joining = self.prices("annual"), self.prices("joining")
        return [(size_class, annual[size_class], joining[size_class]) for size_class, _key in SIZE_CLASSES]

    def get_absolute_url(self) -> str:
        return reverse("economy:tariff_detail", kwargs={"pk": self.pk})


class AssociationTariff(TrackedModel, PublishableModel):
    """The association's own tariff for a year: the membership fee and the secretariat's share."""

    year = year_field()
    membership_fee = amount_field(_("membership fee"), default=0, validators=[MinValueValidator(0)])
    secretariat_share_rate = models.DecimalField(
        _("secretariat's share (per cent)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("The share of administered products' income that goes to the secretariat."),
    )
    membership_account = models.ForeignKey(
        "economy.Account",
        verbose_name=_("account for membership fees"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes",)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("association tariff")
        verbose_name_plural = _("association tariffs")
        constraints = [models.UniqueConstraint(fields=["year"], name="association_tariff_once_per_year")]

    def __str__(self) -> str:
        return str(_("The association's tariff %(year)s") % {"year": self.year})

    def clean(self) -> None:
        if self.membership_account_id and self.membership_account.product_id is not None:  # type: ignore[union-attr]
            raise ValidationError({"membership_account": _("Choose one of the association's own accounts.")})

    def get_absolute_url(self) -> str:
        return reverse("economy:association_tariff_detail", kwargs={"pk": self.pk})
