"""What planning objects share: they hang on a product or on a program, and MoSCoW priorities."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import TrackedModel
from programkontor.planning import moscow


class Priority(models.TextChoices):
    MUST = moscow.Priority.MUST.value, "MUST"
    SHOULD = moscow.Priority.SHOULD.value, "SHOULD"
    COULD = moscow.Priority.COULD.value, "COULD"
    WONT = moscow.Priority.WONT.value, "WON'T"


def priority_order() -> models.Case:
    """MoSCoW order as a database expression: MUST first, WON'T last.

    The stored values (``must``, ``should``, ``could``, ``wont``) sort alphabetically, so lists order
    by this; the work-item list's index is built on the same expression."""
    return models.Case(
        *(
            models.When(priority=priority.value, then=models.Value(place))
            for place, priority in enumerate(moscow.Priority)
        ),
        output_field=models.PositiveSmallIntegerField(),
    )


#: Priorities of recurring personal work (WON'T makes no sense for a responsibility one keeps).
PERSONAL_PRIORITIES = [(value, label) for value, label in Priority.choices if value != Priority.WONT]


def hours_field(verbose_name: Any, **kwargs: Any) -> Any:
    """Hours as a Decimal with two places, at least 0."""
    return models.DecimalField(
        verbose_name, max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal(0))], **kwargs
    )


def percent_field(verbose_name: Any, **kwargs: Any) -> Any:
    """A percentage from 0 to 100 as a Decimal with two places."""
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        **kwargs,
    )


class OnProductOrProgram(models.Model):
    """Belongs to exactly one product or one program; that object's rules decide who may see it."""

    product = models.ForeignKey(
        "portfolio.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="planning_%(class)ss",
    )
    program = models.ForeignKey(
        "portfolio.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="planning_%(class)ss",
    )

    class Meta:
        abstract = True

    @property
    def target(self) -> Any:
        """The product or program it belongs to."""
        return self.product if self.product_id else self.program

    @property
    def program_id_of_target(self) -> int | None:
        """The program it belongs to, directly or through its product."""
        if self.product_id and self.product is not None:
            program_id: int | None = self.product.program_id
            return program_id
        return self.program_id

    def clean_target(self) -> None:
        if bool(self.product_id) == bool(self.program_id):
            raise ValidationError(_("Choose a product or a program (exactly one)."))

    def same_target_errors(self, other: Any, field: str, message: Any) -> dict[str, Any]:
        """``other`` (a timebox, a body, a decision ...) must belong to the same product, or to the
        same program or the product's program. Returns an error for ``field`` otherwise."""
        if other is None:
            return {}
        ok = (self.product_id and other.product_id == self.product_id) or (
            other.program_id and other.program_id == self.program_id_of_target
        )
        return {} if ok else {field: message}


class TrackedOnTarget(TrackedModel, OnProductOrProgram):
    class Meta:
        abstract = True

    def clean(self) -> None:
        self.clean_target()
