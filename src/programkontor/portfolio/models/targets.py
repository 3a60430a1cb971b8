"""Records that belong to exactly one product or one program (a supplier contract, an initiative):
the database rule, the form's check and the record's target, written once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from programkontor.portfolio.models.programs import Product, Program


class DecidedFor(Protocol):
    """A decision as far as the check needs it: the product or program it was taken for."""

    product_id: int | None
    program_id: int | None


def exactly_one_target(name: str) -> models.CheckConstraint:
    """The database's rule: a product or a program, not both and not neither."""
    return models.CheckConstraint(
        condition=Q(product__isnull=True, program__isnull=False)
        | Q(product__isnull=False, program__isnull=True),
        name=name,
    )


class OnProductOrProgram:
    """Mixed into a model with ``product`` and ``program`` foreign keys."""

    product_id: int | None
    program_id: int | None
    product: Product | None
    program: Program | None

    @property
    def target(self) -> object:
        return self.product if self.product_id else self.program

    def target_errors(self, decision: DecidedFor | None = None) -> dict[str, StrOrPromise]:
        """Why the record's product, program and approving ``decision`` do not fit together (per field)."""
        errors: dict[str, StrOrPromise] = {}
        if bool(self.product_id) == bool(self.program_id):
            errors["product"] = _("Choose a product or a program (exactly one).")
        if decision is not None:
            program_id = self.program_id or (self.product.program_id if self.product else None)
            same = (self.product_id and decision.product_id == self.product_id) or (
                decision.program_id and decision.program_id == program_id
            )
            if not same:
                errors["decision"] = _("Choose a decision of the same product or program.")
        return errors
