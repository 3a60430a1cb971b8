"""Rows for initiatives: the list, an initiative's page, its forms and archiving, its lines and
requirements, the specification's exports, and the API.

The object is an initiative on OS2alpha (``tests/initiatives/factories.py``): OS2alpha's internal
readers see it (not erin, the supplier's contact: a business case for a tender is internal), its
writers change it; grace (another program) and mallory do not know it exists.
"""

from __future__ import annotations

from typing import Any

from tests.initiatives.factories import initiative_world
from tests.security.matrix import WRITERS, Row, everyone, pk_of

READ = "A:missing S:ok B:ok G:missing C:ok D:ok E:missing F:ok M:missing"
EDIT = "A:login S:ok B:ok G:missing C:ok D:denied E:missing F:denied M:missing"
ON_ALPHA_POST = "A:login S:ok B:ok G:invalid C:ok D:denied E:denied F:denied M:denied"
ITEM = pk_of(initiative_world)


def parent(w: Any) -> dict[str, Any]:
    return {"parent": initiative_world(w).pk}


def line(w: Any) -> dict[str, Any]:
    return {"pk": initiative_world(w).lines.first().pk}


def requirement(w: Any) -> dict[str, Any]:
    return {"pk": initiative_world(w).requirements.first().pk}


def new_initiative(w: Any) -> dict[str, Any]:
    return {"title": "Nyt initiativ", "product": w.product.pk, "first_year": 2027, "horizon": 3}


WEB: dict[str, Row] = {
    "initiatives:initiative_list": Row(lambda w: (initiative_world(w), {})[1], everyone("ok")),
    "initiatives:initiative_add": Row(outcomes=WRITERS),
    "initiatives:initiative_detail": Row(ITEM, READ),
    "initiatives:initiative_edit": Row(ITEM, EDIT),
    "initiatives:initiative_archive": Row(ITEM, EDIT),
    "initiatives:line_add": Row(parent, EDIT),
    "initiatives:line_edit": Row(line, EDIT),
    "initiatives:line_delete": Row(line, EDIT),
    "initiatives:requirement_add": Row(parent, EDIT),
    "initiatives:requirement_edit": Row(requirement, EDIT),
    "initiatives:requirement_delete": Row(requirement, EDIT),
    "initiatives:specification_pdf": Row(ITEM, READ),
    "initiatives:specification_docx": Row(ITEM, READ),
}

API: dict[tuple[str, str], Row] = {
    ("api:initiative-list", "get"): Row(lambda w: (initiative_world(w), {})[1], everyone("ok"), api=True),
    ("api:initiative-list", "post"): Row(outcomes=ON_ALPHA_POST, api=True, data=new_initiative),
    ("api:initiative-detail", "get"): Row(ITEM, READ, api=True),
    ("api:initiative-detail", "patch"): Row(ITEM, EDIT, api=True, data=lambda w: {"title": "Omdøbt"}),
    ("api:initiative-detail", "delete"): Row(ITEM, EDIT, api=True),
    ("api:caseline-list", "get"): Row(lambda w: (initiative_world(w), {})[1], everyone("ok"), api=True),
    ("api:caseline-list", "post"): Row(
        outcomes=ON_ALPHA_POST,
        api=True,
        data=lambda w: {
            "initiative": initiative_world(w).pk,
            "year": 2029,
            "kind": "cost",
            "amount": 100,
            "text": "Drift",
        },
    ),
    ("api:caseline-detail", "get"): Row(line, READ, api=True),
    ("api:caseline-detail", "patch"): Row(line, EDIT, api=True, data=lambda w: {"amount": 200}),
    ("api:caseline-detail", "delete"): Row(line, EDIT, api=True),
    ("api:requirement-list", "get"): Row(lambda w: (initiative_world(w), {})[1], everyone("ok"), api=True),
    ("api:requirement-list", "post"): Row(
        outcomes=ON_ALPHA_POST,
        api=True,
        data=lambda w: {
            "initiative": initiative_world(w).pk,
            "number": "K-09",
            "text": "Krav",
            "priority": "must",
        },
    ),
    ("api:requirement-detail", "get"): Row(requirement, READ, api=True),
    ("api:requirement-detail", "patch"): Row(requirement, EDIT, api=True, data=lambda w: {"text": "Ændret"}),
    ("api:requirement-detail", "delete"): Row(requirement, EDIT, api=True),
}
