"""URLs that depend on whether a row belongs to a product or to the association."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from programkontor.core.years import year_steps
from programkontor.economy.selectors.ledger import years_with_data


def ledger_url(product: Any, year: int) -> str:
    if product is None:
        return reverse("economy:association_ledger", kwargs={"year": year})
    return reverse("economy:ledger", kwargs={"slug": product.slug, "year": year})


def contributions_url(product: Any, year: int) -> str:
    if product is None:
        return reverse("economy:membership_fees", kwargs={"year": year})
    return reverse("economy:contributions", kwargs={"slug": product.slug, "year": year})


def year_links(url: Callable[[Any, int], str], product: Any, year: int) -> dict[str, Any]:
    """The year page's arrows (``economy/_year_steps.html``): to the years before and after ``year``
    that have data, this year or the next, else none."""
    steps = year_steps(year, years_with_data(product), timezone.localdate().year)
    return {
        "previous_year": steps.previous,
        "next_year": steps.next,
        "previous_url": url(product, steps.previous) if steps.previous is not None else "",
        "next_url": url(product, steps.next) if steps.next is not None else "",
    }
