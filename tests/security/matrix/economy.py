"""Rows for the economy: chart of accounts, budgets, actuals, tariffs, contributions, invoices.

The objects hang on the private product OS2alpha (program Velfærd), built by
``tests.economy.factories.economy_of``. Its economy is read by the secretariat, the program manager
(bob), the product coordinator (carol), the steering group (dave) and the board (frank); it is
written by the secretariat and the program manager. The supplier contact (erin) sees nothing of it
except the invoices her own company sent; the chart of accounts and the association's own tariff
are the secretariat's.
"""

from __future__ import annotations

from typing import Any

from tests.economy.factories import YEAR, economy_of
from tests.security.matrix import PROGRAM_WRITERS, SECRETARIAT_ONLY, Row, everyone

READ_ECONOMY = "A:missing S:ok B:ok G:missing C:ok D:ok E:missing F:ok M:missing"
EDIT_ECONOMY = "A:login S:ok B:ok G:missing C:denied D:denied E:missing F:denied M:missing"
EDIT_ACCOUNT = "A:login S:ok B:denied G:missing C:denied D:denied E:missing F:denied M:missing"
READ_ASSOCIATION = "A:missing S:ok B:missing G:missing C:missing D:missing E:missing F:ok M:missing"
EDIT_ASSOCIATION = "A:login S:ok B:missing G:missing C:missing D:missing E:missing F:denied M:missing"
READ_SUPPLIERS_INVOICE = "A:missing S:ok B:ok G:missing C:ok D:ok E:ok F:ok M:missing"
EDIT_SUPPLIERS_INVOICE = "A:login S:ok B:ok G:missing C:denied D:denied E:denied F:denied M:missing"
CHECK_INVOICE = "A:login S:ok B:denied G:missing C:denied D:denied E:denied F:denied M:missing"
APPROVE_INVOICE = "A:login S:ok B:ok G:missing C:ok D:denied E:denied F:denied M:missing"
LOGGED_IN = "A:login S:ok B:ok G:ok C:ok D:ok E:ok F:ok M:ok"
# Creating through the API: the secretariat and the program manager; another program's manager
# names a product (or parent) they may not use.
API_CREATE = "A:login S:ok B:ok G:invalid C:denied D:denied E:denied F:denied M:denied"


def pk(attribute: str) -> Any:
    return lambda w: {"pk": getattr(economy_of(w), attribute).pk}


def account(w: Any) -> dict[str, Any]:
    return {"pk": economy_of(w).accounts["00005"].pk}


def product_year(w: Any) -> dict[str, Any]:
    economy_of(w)
    return {"slug": w.product.slug, "year": YEAR}


def year(w: Any) -> dict[str, Any]:
    economy_of(w)
    return {"year": YEAR}


WEB: dict[str, Row] = {
    "economy:home": Row(outcomes=everyone("ok")),
    "economy:overview": Row(outcomes=LOGGED_IN),
    "economy:overview_xlsx": Row(outcomes=LOGGED_IN),
    # Chart of accounts
    "economy:account_list": Row(outcomes=everyone("ok")),
    "economy:account_add": Row(outcomes=SECRETARIAT_ONLY),
    "economy:chart_seed": Row(outcomes=SECRETARIAT_ONLY),
    "economy:account_edit": Row(account, EDIT_ACCOUNT),
    "economy:account_archive": Row(account, EDIT_ACCOUNT),
    # Budgets
    "economy:budget_list": Row(outcomes=everyone("ok")),
    "economy:budget_add": Row(outcomes=PROGRAM_WRITERS),
    "economy:budget_detail": Row(pk("budget"), READ_ECONOMY),
    "economy:budget_delete": Row(pk("budget"), EDIT_ECONOMY),
    "economy:budget_version_add": Row(pk("budget"), EDIT_ECONOMY),
    "economy:budget_version_detail": Row(pk("approved"), READ_ECONOMY),
    "economy:budget_version_lines": Row(pk("draft"), EDIT_ECONOMY),
    "economy:budget_version_propose": Row(pk("draft"), EDIT_ECONOMY),
    "economy:budget_version_withdraw": Row(pk("draft"), EDIT_ECONOMY),
    "economy:budget_version_approve": Row(pk("draft"), EDIT_ECONOMY),
    "economy:budget_version_publish": Row(pk("approved"), EDIT_ECONOMY),
    "economy:budget_version_delete": Row(pk("draft"), EDIT_ECONOMY),
    # Budget against actual, forecasts
    "economy:ledger": Row(product_year, READ_ECONOMY),
    "economy:association_ledger": Row(year, READ_ASSOCIATION),
    "economy:forecast_add": Row(outcomes=PROGRAM_WRITERS),
    "economy:forecast_edit": Row(pk("forecast"), EDIT_ECONOMY),
    "economy:forecast_delete": Row(pk("forecast"), EDIT_ECONOMY),
    # Actuals
    "economy:actual_list": Row(outcomes=everyone("ok")),
    "economy:actual_add": Row(outcomes=PROGRAM_WRITERS),
    "economy:actual_edit": Row(pk("actual"), EDIT_ECONOMY),
    "economy:actual_delete": Row(pk("actual"), EDIT_ECONOMY),
    "economy:actual_import": Row(outcomes=PROGRAM_WRITERS),
    "economy:actual_import_detail": Row(pk("staged"), READ_ECONOMY),
    "economy:actual_import_confirm": Row(pk("staged"), EDIT_ECONOMY),
    "economy:actual_import_discard": Row(pk("staged"), EDIT_ECONOMY),
    # Tariff sheets and the association's tariff
    "economy:tariff_list": Row(outcomes=everyone("ok")),
    "economy:tariff_add": Row(outcomes=PROGRAM_WRITERS),
    "economy:tariff_detail": Row(pk("sheet"), READ_ECONOMY),
    "economy:tariff_edit": Row(pk("sheet"), EDIT_ECONOMY),
    "economy:tariff_publish": Row(pk("sheet"), EDIT_ECONOMY),
    "economy:tariff_delete": Row(pk("sheet"), EDIT_ECONOMY),
    "economy:association_tariff_add": Row(outcomes=SECRETARIAT_ONLY),
    "economy:association_tariff_detail": Row(pk("association_tariff"), READ_ASSOCIATION),
    "economy:association_tariff_edit": Row(pk("association_tariff"), EDIT_ASSOCIATION),
    "economy:association_tariff_publish": Row(pk("association_tariff"), EDIT_ASSOCIATION),
    # Contributions
    "economy:contributions": Row(product_year, READ_ECONOMY),
    "economy:contributions_plan": Row(product_year, EDIT_ECONOMY),
    "economy:membership_fees": Row(year, READ_ASSOCIATION),
    "economy:membership_fees_plan": Row(year, EDIT_ASSOCIATION),
    "economy:contribution_invoice_list": Row(outcomes=everyone("ok")),
    "economy:contribution_invoice_edit": Row(pk("invoice"), EDIT_ECONOMY),
    # Invoices received
    "economy:received_invoice_list": Row(outcomes=everyone("ok")),
    "economy:received_invoice_add": Row(outcomes=PROGRAM_WRITERS),
    "economy:received_invoice_detail": Row(pk("received"), READ_SUPPLIERS_INVOICE),
    "economy:received_invoice_edit": Row(pk("received"), EDIT_SUPPLIERS_INVOICE),
    "economy:received_invoice_check": Row(pk("received"), CHECK_INVOICE),
    "economy:received_invoice_approve": Row(pk("checked"), APPROVE_INVOICE),
    "economy:received_invoice_reject": Row(pk("checked"), APPROVE_INVOICE),
    "economy:received_invoice_reopen": Row(pk("received"), EDIT_SUPPLIERS_INVOICE),
    "economy:received_invoice_delete": Row(pk("received"), EDIT_SUPPLIERS_INVOICE),
}


def _detail(
    name: str, attribute: Any, read: str, edit: str, patch: Any, delete: str | None = None
) -> dict[tuple[str, str], Row]:
    kwargs = attribute if callable(attribute) else pk(attribute)
    return {
        (f"api:{name}-detail", "get"): Row(kwargs, read, api=True),
        (f"api:{name}-detail", "patch"): Row(kwargs, edit, api=True, data=patch),
        (f"api:{name}-detail", "delete"): Row(kwargs, delete or edit, api=True),
    }


def _list(name: str, create: str, data: Any) -> dict[tuple[str, str], Row]:
    return {
        (f"api:{name}-list", "get"): Row(outcomes=everyone("ok"), api=True),
        (f"api:{name}-list", "post"): Row(outcomes=create, api=True, data=data),
    }


def _accounts(w: Any) -> Any:
    return economy_of(w).accounts


API: dict[tuple[str, str], Row] = {
    **_list(
        "account",
        SECRETARIAT_ONLY,
        lambda w: {"product": w.product.pk, "number": "00099", "name": "Ny konto", "kind": "expense"},
    ),
    **_detail("account", account, READ_ECONOMY, EDIT_ACCOUNT, lambda w: {"name": "Drift og hosting"}),
    **_list("budget", API_CREATE, lambda w: {"product": economy_of(w) and w.product.pk, "year": YEAR + 5}),
    # A budget with an approved version cannot be removed: the writers get a 400 that says so.
    **_detail(
        "budget",
        "budget",
        READ_ECONOMY,
        EDIT_ECONOMY,
        lambda w: {"notes": "Ny note"},
        delete="A:login S:invalid B:invalid G:missing C:denied D:denied E:missing F:denied M:missing",
    ),
    **_list(
        "budgetversion", API_CREATE, lambda w: {"budget": economy_of(w).next_budget.pk, "note": "Ny version"}
    ),
    **_detail("budgetversion", "draft", READ_ECONOMY, EDIT_ECONOMY, lambda w: {"note": "Ny note"}),
    **_list(
        "budgetline",
        API_CREATE,
        lambda w: {
            "budget_version": economy_of(w).draft.pk,
            "account": _accounts(w)["00011"].pk,
            "amount": 100,
        },
    ),
    **_detail("budgetline", "line", READ_ECONOMY, EDIT_ECONOMY, lambda w: {"amount": 5}),
    **_list(
        "actual",
        API_CREATE,
        lambda w: {
            "product": w.product.pk,
            "account": _accounts(w)["00005"].pk,
            "date": f"{YEAR}-05-01",
            "amount": 10000,
            "document_number": "API-1",
        },
    ),
    **_detail("actual", "actual", READ_ECONOMY, EDIT_ECONOMY, lambda w: {"text": "Rettet tekst"}),
    # A file is uploaded as multipart (see tests/economy/test_api.py); without one the writers get a 400.
    **_list(
        "actualimport",
        "A:login S:invalid B:invalid G:invalid C:denied D:denied E:denied F:denied M:denied",
        lambda w: {"product": economy_of(w) and w.product.pk},
    ),
    **_detail("actualimport", "staged", READ_ECONOMY, EDIT_ECONOMY, lambda w: {"status": "imported"}),
    **_list(
        "forecast",
        API_CREATE,
        lambda w: {
            "product": w.product.pk,
            "year": YEAR + 1,
            "account": _accounts(w)["00008"].pk,
            "amount": 5,
        },
    ),
    **_detail("forecast", "forecast", READ_ECONOMY, EDIT_ECONOMY, lambda w: {"note": "Ny begrundelse"}),
    **_list(
        "tariffsheet", API_CREATE, lambda w: {"product": economy_of(w) and w.product.pk, "year": YEAR + 1}
    ),
    **_detail("tariffsheet", "sheet", READ_ECONOMY, EDIT_ECONOMY, lambda w: {"notes": "Ny note"}),
    **_list("associationtariff", SECRETARIAT_ONLY, lambda w: {"year": YEAR + 3, "membership_fee": 2_500_000}),
    **_detail(
        "associationtariff",
        "association_tariff",
        READ_ASSOCIATION,
        EDIT_ASSOCIATION,
        lambda w: {"notes": "Ny"},
    ),
    **_list(
        "contributioninvoice",
        API_CREATE,
        lambda w: {
            "product": w.product.pk,
            "year": YEAR + 1,
            "organisation": w.municipality.pk,
            "kind": "one_off",
            "account": _accounts(w)["00003"].pk,
            "amount": 100_000,
            "planned_on": f"{YEAR + 1}-01-01",
        },
    ),
    **_detail(
        "contributioninvoice", "invoice", READ_ECONOMY, EDIT_ECONOMY, lambda w: {"invoice_number": "F-9"}
    ),
    ("api:contributioninvoice-calculation", "get"): Row(
        outcomes=READ_ECONOMY,
        api=True,
        data=lambda w: {"product": economy_of(w) and w.product.slug, "year": YEAR},
    ),
    ("api:contributioninvoice-plan", "post"): Row(
        outcomes="A:login S:ok B:ok G:missing C:denied D:denied E:missing F:denied M:missing",
        api=True,
        data=lambda w: {"product": economy_of(w) and w.product.slug, "year": YEAR},
    ),
    **_list(
        "receivedinvoice",
        API_CREATE,
        lambda w: {
            "product": w.product.pk,
            "supplier": w.supplier.pk,
            "supplier_invoice_number": "F-99",
            "invoice_date": f"{YEAR}-03-01",
            "description": "Hosting",
            "account": _accounts(w)["00005"].pk,
            "amount": 100_00,
        },
    ),
    **_detail(
        "receivedinvoice",
        "received",
        READ_SUPPLIERS_INVOICE,
        EDIT_SUPPLIERS_INVOICE,
        lambda w: {"description": "Rettet"},
    ),
}
