"""URLs that depend on whether a row belongs to a product or to the association."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def ledger_url(product: Any, year: int) -> str:
    if product is None:
        return reverse("economy:association_ledger", kwargs={"year": year})
    return reverse("economy:ledger", kwargs={"slug": product.slug, "year": year})


def contributions_url(product: Any, year: int) -> str:
    if product is None:
        return reverse("economy:membership_fees", kwargs={"year": year})
    return reverse("economy:contributions", kwargs={"slug": product.slug, "year": year})
