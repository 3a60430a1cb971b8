"""The economy demo's budgets: the products' and the association's, their versions and decisions, a
year of actuals imported through the same import as the web page, and a manual forecast."""

from __future__ import annotations

import csv
import datetime
import io
import random

from programkontor.accounts.models import User
from programkontor.core import services
from programkontor.economy.demo.common import KR, REASON, decision, kr, table
from programkontor.economy.models import Account, Budget, Forecast
from programkontor.economy.money import format_number
from programkontor.economy.services import actuals as actual_services
from programkontor.economy.services import budgets as budget_services
from programkontor.governance.interfaces import Decision
from programkontor.portfolio.models import Body, Product

#: A month's actual on an account is its budget's twelfth times a factor between these two.
MONTHLY_SPREAD = (0.85, 1.2)


def _budget(
    *,
    actor: User | None,
    product: Product | None,
    year: int,
    amounts: dict[str, int],
    decision: Decision | None,
    publish: bool,
) -> tuple[Budget, bool]:
    budget = Budget.objects.filter(product=product, year=year).first()
    if budget is not None:
        return budget, False
    budget = budget_services.create_budget(actor=actor, product=product, year=year, notes=REASON)
    version = budget.versions.get()
    accounts = {a.number: a.pk for a in Account.objects.filter(product=product)}
    budget_services.save_lines(
        actor=actor,
        version=version,
        expected_version=version.version,
        amounts={accounts[number]: kr(amount) for number, amount in amounts.items() if number in accounts},
    )
    if decision is not None:
        version.refresh_from_db()
        version = budget_services.propose(actor=actor, version=version, expected_version=version.version)
        version = budget_services.approve(
            actor=actor, version=version, expected_version=version.version, decision=decision
        )
        if publish:
            budget_services.set_published(
                actor=actor, version=version, expected_version=version.version, published=True
            )
    return budget, True


def _income_budget(product: Product, year: int) -> dict[str, int]:
    """Income lines from the product's own calculation, rounded to whole thousands."""
    from programkontor.economy.selectors.contributions import calculation

    income = table("budgets")["income"]
    calc = calculation(product, year)
    if calc.result is None:
        return {}
    annual = calc.result.annual_total // KR
    return {income["contributions_account"]: round(annual, -3), **income["other"]}


def _actuals_file(
    product: Product | None, year: int, until: datetime.date, amounts: dict[str, int], rng: random.Random
) -> bytes:
    """A CSV like the municipal finance system's export: Danish amounts, semicolons, document numbers."""
    spec = table("budgets")["actuals"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(spec["header"])
    prefix = (product.slug if product else "os2").upper()
    number = 0

    def document() -> str:
        return str(spec["document_number"].format(prefix=prefix, year=year, number=number))

    # Income: the annual fees (or the membership fees) come in after the invoices of January.
    income_account = spec["income_accounts"]["product" if product is not None else "association"]
    for income in spec["income"]:
        day = datetime.date(year, income["month"], income["day"])
        if day <= until and income_account in amounts:
            number += 1
            amount = amounts[income_account] * KR * income["share"] // 100
            writer.writerow(
                [
                    day.strftime("%d.%m.%Y"),
                    income_account,
                    format_number(amount),
                    spec["income_text"],
                    document(),
                ]
            )
    for month in range(1, until.month + 1 if until.year == year else 13):
        last_day = 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
        for account, yearly in amounts.items():
            if account in spec["not_monthly"]:
                continue
            monthly = yearly * KR // 12
            month_total = int(monthly * rng.uniform(*MONTHLY_SPREAD))
            parts = rng.choice((1, 1, 2))
            for part in range(parts):
                day = datetime.date(year, month, rng.randint(1, last_day))
                if day > until:
                    continue
                number += 1
                amount = month_total // parts + (month_total % parts if part == 0 else 0)
                text = rng.choice(spec["texts"])
                writer.writerow(
                    [
                        day.strftime("%d.%m.%Y"),
                        account,
                        format_number(amount),
                        f"{text} {month:02d}/{year}",
                        document(),
                    ]
                )
    return buffer.getvalue().encode("utf-8")


def product_budgets(year: int, today: datetime.date, secretariat: User | None, rng: random.Random) -> None:
    """Approved (and published) with a new draft version; approved; a draft only. Each with its actuals."""
    budgets = table("budgets")
    draft = budgets["draft"]
    for slug, spec in budgets["products"].items():
        product = Product.objects.filter(slug=slug).first()
        if product is None:
            continue
        steering = Body.objects.filter(product=product, kind="steering").first()
        approval = None
        if "decision" in spec:
            approval = decision(spec["decision"], year=year, product=product, body=steering)
        amounts = {**spec["expenses"], **_income_budget(product, year)}
        budget, created = _budget(
            actor=secretariat,
            product=product,
            year=year,
            amounts=amounts,
            decision=approval,
            publish=spec.get("publish", False),
        )
        if created and slug == draft["product"]:
            version = budget_services.create_version(actor=secretariat, budget=budget, note=draft["note"])
            lines = {line.account.number: line for line in version.lines.select_related("account")}
            moved, source, target = (
                kr(draft["amount"]),
                lines[draft["from_account"]],
                lines[draft["to_account"]],
            )
            budget_services.save_lines(
                actor=secretariat,
                version=version,
                expected_version=version.version,
                amounts={source.account_id: source.amount - moved, target.account_id: target.amount + moved},
            )
        if created:
            data = _actuals_file(product, year, today, amounts, rng)
            filename = budgets["actuals"]["filename"].format(slug=slug, year=year)
            actual_services.import_file(actor=secretariat, product=product, data=data, filename=filename)


def association_budget(
    year: int, today: datetime.date, secretariat: User | None, board: Body | None, rng: random.Random
) -> None:
    """The association's budget, approved by the board and published, and its actuals."""
    budgets = table("budgets")
    spec = budgets["association"]
    approval = decision(spec["decision"], year=year, product=None, body=board)
    _budget_row, created = _budget(
        actor=secretariat,
        product=None,
        year=year,
        amounts=spec["lines"],
        decision=approval,
        publish=spec["publish"],
    )
    if created:
        data = _actuals_file(None, year, today, spec["lines"], rng)
        filename = budgets["actuals"]["association_filename"].format(year=year)
        actual_services.import_file(actor=secretariat, product=None, data=data, filename=filename)


def forecast(year: int, secretariat: User | None) -> None:
    """A manual forecast, so the ledger shows both methods."""
    spec = table("budgets")["forecast"]
    product = Product.objects.filter(slug=spec["product"]).first()
    account = Account.objects.filter(product=product, number=spec["account"]).first()
    if product is None or account is None or Forecast.objects.filter(account=account, year=year).exists():
        return
    services.create(
        Forecast,
        actor=secretariat,
        fields={
            "product": product,
            "year": year,
            "account": account,
            "amount": kr(spec["amount"]),
            "note": spec["note"],
        },
        reason=REASON,
    )
