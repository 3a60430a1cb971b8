"""factory_boy factories for supplier contracts, and the contract of the shared test world."""

from __future__ import annotations

import calendar
import datetime
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from programkontor.suppliers.models import Contract
from programkontor.suppliers.terms import notice_date
from tests import factories as f


def one_month_after(day: datetime.date) -> datetime.date:
    """The same day a month later (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


class ContractFactory(DjangoModelFactory):
    class Meta:
        model = Contract

    title = factory.Sequence(lambda n: f"Kontrakt {n}")
    supplier = factory.SubFactory(f.SupplierFactory)
    product = factory.SubFactory(f.ProductFactory)
    kind = "development"
    value = 100_000_000  # 1.000.000 kr.
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))
    notice_months = 3
    notice_by = factory.LazyAttribute(lambda o: notice_date(o.end_date, o.notice_months))


def contract_world(w: Any) -> Contract:
    """OS2alpha's development contract with erin's supplier (Leverandør ApS), made once per test."""
    existing = getattr(w, "_contract", None)
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    contract = ContractFactory(product=w.product, supplier=w.supplier, title="Alpha-udviklingskontrakt")
    w._contract = contract
    return contract
