"""Fields and helpers the economy's models share."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import OreField
from programkontor.economy.money import format_dkk

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


def year_field(verbose_name: Any = None) -> models.PositiveIntegerField[int, int]:
    return models.PositiveIntegerField(verbose_name or _("year"), validators=YEAR_VALIDATORS)


def amount_field(verbose_name: Any, **kwargs: Any) -> OreField:
    """An amount in whole øre (1 krone = 100 øre): exact, never a float."""
    kwargs.setdefault("help_text", _("In øre (1 krone = 100 øre)."))
    return OreField(verbose_name, **kwargs)


def owner_field(related_name: str) -> models.ForeignKey[Any, Any]:
    """The product a row belongs to; empty means the association itself."""
    return models.ForeignKey(
        "portfolio.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
        help_text=_("Empty for the association's own economy."),
    )


def unique_per_owner(fields: list[str], name: str) -> list[models.BaseConstraint]:
    """``fields`` unique per product, and unique among the association's rows (product empty)."""
    return [
        models.UniqueConstraint(fields=["product", *fields], condition=Q(product__isnull=False), name=name),
        models.UniqueConstraint(fields=fields, condition=Q(product__isnull=True), name=f"{name}_association"),
    ]


def owner_label(product: Any) -> str:
    return str(product) if product is not None else str(_("The association"))


def dkk(ore: int | None) -> str:
    return format_dkk(ore) if ore is not None else "—"
