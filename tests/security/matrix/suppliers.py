"""Rows for suppliers: the contract list, a contract's page, its form and archiving, and the API.

The object is OS2alpha's development contract with Leverandør ApS (``tests/suppliers/factories.py``):
OS2alpha's readers see it (erin too, as the supplier's contact on OS2alpha, without the internal
terms), its writers change it; grace (another program) and mallory do not know it exists.
"""

from __future__ import annotations

from typing import Any

from tests.security.matrix import EDIT_PRODUCT, READ_PRODUCT, WRITERS, Row, everyone
from tests.suppliers.factories import contract_world

ON_ALPHA_POST = "A:login S:ok B:ok G:invalid C:ok D:denied E:denied F:denied M:denied"


def contract(w: Any) -> dict[str, Any]:
    return {"pk": contract_world(w).pk}


def new_contract(w: Any) -> dict[str, Any]:
    return {
        "title": "Ny driftskontrakt",
        "supplier": w.supplier.pk,
        "product": w.product.pk,
        "kind": "operations",
        "value": 50_000_000,
        "start_date": "2027-01-01",
        "end_date": "2028-12-31",
        "notice_months": 3,
    }


WEB: dict[str, Row] = {
    "suppliers:contract_list": Row(lambda w: (contract_world(w), {})[1], everyone("ok")),
    "suppliers:contract_add": Row(outcomes=WRITERS),
    "suppliers:contract_detail": Row(contract, READ_PRODUCT),
    "suppliers:contract_edit": Row(contract, EDIT_PRODUCT),
    "suppliers:contract_archive": Row(contract, EDIT_PRODUCT),
}

API: dict[tuple[str, str], Row] = {
    ("api:contract-list", "get"): Row(lambda w: (contract_world(w), {})[1], everyone("ok"), api=True),
    ("api:contract-list", "post"): Row(outcomes=ON_ALPHA_POST, api=True, data=new_contract),
    ("api:contract-detail", "get"): Row(contract, READ_PRODUCT, api=True),
    ("api:contract-detail", "patch"): Row(
        contract, EDIT_PRODUCT, api=True, data=lambda w: {"title": "Omdøbt"}
    ),
    ("api:contract-detail", "delete"): Row(contract, EDIT_PRODUCT, api=True),
}
