"""What the economy demo's parts share: its data files, kroner, the demo users and its decisions."""

from __future__ import annotations

import datetime

from programkontor.accounts.models import User
from programkontor.core import services
from programkontor.governance.interfaces import Decision
from programkontor.portfolio.demo.files import Table, read_toml
from programkontor.portfolio.models import Body, Product

PACKAGE = "programkontor.economy.demo"
SEED = 2026
KR = 100  # øre per krone
REASON = "Demodata"


def table(name: str) -> Table:
    """One of the data files: ``tariffs``, ``budgets`` or ``invoices``."""
    return read_toml(PACKAGE, f"{name}.toml")


def kr(amount: int) -> int:
    return amount * KR


def user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def day_in(year: int, spec: dict[str, int]) -> datetime.date:
    """A date of the data files: ``{ year = -1, month = 5, day = 1 }`` is 1 May the year before ``year``."""
    return datetime.date(year + spec.get("year", 0), spec["month"], spec["day"])


def decision(spec: Table, *, year: int, product: Product | None, body: Body | None) -> Decision:
    """The budget decision of the data files (title, date, text), created when missing."""
    title = spec["title"].format(year=year)
    found = Decision.objects.filter(title=title).first()
    if found is not None:
        return found
    return services.create(
        Decision,
        actor=None,
        fields={
            "date": day_in(year, spec["date"]),
            "title": title,
            "kind": "budget",
            "status": "decided",
            "product": product,
            "decided_by_body": body,
            "decision": spec["text"].format(year=year),
        },
        reason=REASON,
    )


def decision_titles() -> list[str]:
    """The demo's decision titles, ``{year}`` not filled in."""
    budgets = table("budgets")
    specs = [table("tariffs")["decision"], budgets["association"]["decision"]]
    specs += [product["decision"] for product in budgets["products"].values() if "decision" in product]
    return [spec["title"] for spec in specs]
