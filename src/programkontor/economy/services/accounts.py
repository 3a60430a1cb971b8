"""The chart of accounts: seeding OS2's standard accounts for a product or the association."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from programkontor.core.access import access_for
from programkontor.economy.chart_of_accounts import ASSOCIATION_ACCOUNTS, PRODUCT_ACCOUNTS
from programkontor.economy.models import Account
from programkontor.portfolio.models import Product

if TYPE_CHECKING:
    from programkontor.core.actors import Actor


@transaction.atomic
def seed_chart(*, actor: Actor, product: Product | None, check_permission: bool = True) -> list[Account]:
    """Create the standard accounts the product (or the association) does not have yet."""
    if check_permission and not access_for(actor).is_secretariat:  # the chart is the secretariat's
        raise PermissionDenied
    standard = PRODUCT_ACCOUNTS if product is not None else ASSOCIATION_ACCOUNTS
    existing = set(Account.objects.filter(product=product).values_list("number", flat=True))
    missing = [
        Account(product=product, number=s.number, name=s.name, kind=s.kind, description=s.description)
        for s in standard
        if s.number not in existing
    ]
    if not missing:
        return []
    return bulk_create_with_history(  # type: ignore[no-any-return]
        missing,
        Account,
        default_user=actor if getattr(actor, "is_authenticated", False) else None,
        default_change_reason="standard chart of accounts",
    )


@transaction.atomic
def seed_charts(*, actor: Actor, products: list[Product]) -> int:
    """Seed every product in ``products`` (and nothing else): the demo and the benchmark use it."""
    existing = set(Account.objects.filter(product__in=products).values_list("product_id", "number"))
    missing = [
        Account(product=product, number=s.number, name=s.name, kind=s.kind, description=s.description)
        for product in products
        for s in PRODUCT_ACCOUNTS
        if (product.pk, s.number) not in existing
    ]
    bulk_create_with_history(
        missing,
        Account,
        batch_size=1_000,
        default_user=actor if getattr(actor, "is_authenticated", False) else None,
        default_change_reason="standard chart of accounts",
    )
    return len(missing)
