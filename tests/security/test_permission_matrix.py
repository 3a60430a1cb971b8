"""The permission matrix: every URL of the application, for every kind of user.

Each row names a URL (by its route name), how to build its arguments from the test world, the
HTTP method, and the outcome for each user:

    ok        the page or action works (200/201/204)
    redirect  a redirect that is not the login page (302)
    login     anonymous visitors are sent to log in (web: 302 to the login page; API: 401)
    denied    the user may see the object but not do this (403)
    missing   the object is not found: its existence is not revealed (404)
    invalid   allowed, but the data names something the user may not use (400)

Users (see tests/conftest.py): A anonymous, S alice (secretariat), B bob (program manager of the
object's program), G grace (program manager of another program), C carol (product coordinator),
D dave (steering-group member), E erin (supplier contact), F frank (board), M mallory (no role).

A URL without a row makes ``test_every_url_has_a_row`` fail: adding a page means deciding who
may use it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from programkontor.accounts.services import create_api_token
from programkontor.portfolio.models import Membership, Participation, RoleAssignment

USERS = {
    "A": None,
    "S": "alice",
    "B": "bob",
    "G": "grace",
    "C": "carol",
    "D": "dave",
    "E": "erin",
    "F": "frank",
    "M": "mallory",
}

WEB_STATUS = {"ok": 200, "redirect": 302, "login": 302, "denied": 403, "missing": 404, "invalid": 400}
API_STATUS = {"ok": (200, 201, 204), "login": (401,), "denied": (403,), "missing": (404,), "invalid": (400,)}


@dataclass(frozen=True)
class Row:
    kwargs: Callable[[Any], dict[str, Any]] = lambda w: {}
    outcomes: str = ""
    method: str = "get"
    data: Callable[[Any], dict[str, Any]] | None = None
    api: bool = False
    expect: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        parsed = dict(part.split(":") for part in self.outcomes.split())
        missing = set(USERS) - set(parsed)
        if missing:
            raise ValueError(f"Row lacks outcomes for {sorted(missing)}")
        object.__setattr__(self, "expect", parsed)


def everyone(outcome: str) -> str:
    return " ".join(f"{key}:{outcome}" for key in USERS)


# Who may do what with the private product OS2alpha (program Velfærd) and things hanging on it.
READ_PRODUCT = "A:missing S:ok B:ok G:missing C:ok D:ok E:ok F:ok M:missing"
EDIT_PRODUCT = "A:login S:ok B:ok G:missing C:ok D:denied E:denied F:denied M:missing"
READ_PROGRAM = "A:missing S:ok B:ok G:missing C:ok D:ok E:ok F:ok M:missing"
EDIT_PROGRAM = "A:login S:ok B:ok G:missing C:denied D:denied E:denied F:denied M:missing"
APPOINT_PM = "A:login S:ok B:denied G:missing C:denied D:denied E:denied F:denied M:missing"
READ_BODY = "A:missing S:ok B:ok G:missing C:ok D:ok E:missing F:ok M:missing"
EDIT_BODY = "A:login S:ok B:ok G:missing C:ok D:denied E:missing F:denied M:missing"
EDIT_ROLE = "A:login S:ok B:ok G:missing C:ok D:denied E:denied F:denied M:missing"
READ_PERSON = "A:missing S:ok B:ok G:ok C:ok D:ok E:missing F:ok M:missing"
EDIT_PERSON = "A:login S:ok B:ok G:denied C:ok D:ok E:missing F:denied M:missing"
SECRETARIAT_ONLY = "A:login S:ok B:denied G:denied C:denied D:denied E:denied F:denied M:denied"
WRITERS = "A:login S:ok B:ok G:ok C:ok D:denied E:denied F:denied M:denied"
PROGRAM_WRITERS = "A:login S:ok B:ok G:ok C:denied D:denied E:denied F:denied M:denied"
LOGGED_IN = "A:login S:ok B:ok G:ok C:ok D:ok E:ok F:ok M:ok"


def product(w: Any) -> dict[str, Any]:
    return {"slug": w.product.slug}


def program(w: Any) -> dict[str, Any]:
    return {"slug": w.program.slug}


def participation(w: Any) -> dict[str, Any]:
    return {"pk": Participation.objects.get(product=w.product).pk}


def coordinator_role(w: Any) -> dict[str, Any]:
    return {"pk": RoleAssignment.objects.get(person__user=w["carol"]).pk}


def membership(w: Any) -> dict[str, Any]:
    return {"pk": Membership.objects.get(person__user=w["dave"]).pk}


def dave(w: Any) -> dict[str, Any]:
    return {"pk": w["dave"].person.pk}


WEB: dict[str, Row] = {
    "health": Row(outcomes=everyone("ok")),
    "portfolio:overview": Row(outcomes=everyone("ok")),
    "portfolio:search": Row(outcomes=everyone("ok")),
    "portfolio:program_list": Row(outcomes=everyone("ok")),
    "portfolio:program_add": Row(outcomes=SECRETARIAT_ONLY),
    "portfolio:program_detail": Row(program, READ_PROGRAM),
    "portfolio:program_edit": Row(program, EDIT_PROGRAM),
    "portfolio:program_archive": Row(program, EDIT_PROGRAM),
    "portfolio:program_publish": Row(program, EDIT_PROGRAM),
    "portfolio:program_role_add": Row(lambda w: {"parent": w.program.slug}, APPOINT_PM),
    "portfolio:product_add": Row(outcomes=PROGRAM_WRITERS),
    "portfolio:product_detail": Row(product, READ_PRODUCT),
    "portfolio:product_edit": Row(product, EDIT_PRODUCT),
    "portfolio:product_archive": Row(product, EDIT_PRODUCT),
    "portfolio:product_publish": Row(product, EDIT_PRODUCT),
    "portfolio:participation_add": Row(lambda w: {"parent": w.product.slug}, EDIT_PRODUCT),
    "portfolio:product_role_add": Row(lambda w: {"parent": w.product.slug}, EDIT_PRODUCT),
    "portfolio:participation_edit": Row(participation, EDIT_PRODUCT),
    "portfolio:participation_delete": Row(participation, EDIT_PRODUCT),
    "portfolio:role_edit": Row(coordinator_role, EDIT_ROLE),
    "portfolio:role_delete": Row(coordinator_role, EDIT_ROLE),
    "portfolio:organisation_list": Row(outcomes=everyone("ok")),
    "portfolio:organisation_add": Row(outcomes=SECRETARIAT_ONLY),
    "portfolio:population_import": Row(outcomes=SECRETARIAT_ONLY),
    "portfolio:organisation_detail": Row(lambda w: {"slug": w.municipality.slug}, everyone("ok")),
    "portfolio:organisation_edit": Row(lambda w: {"slug": w.municipality.slug}, SECRETARIAT_ONLY),
    "portfolio:organisation_archive": Row(lambda w: {"slug": w.municipality.slug}, SECRETARIAT_ONLY),
    "portfolio:organisation_publish": Row(lambda w: {"slug": w.municipality.slug}, SECRETARIAT_ONLY),
    "portfolio:person_list": Row(outcomes=everyone("ok")),
    "portfolio:person_add": Row(outcomes=WRITERS),
    "portfolio:person_detail": Row(dave, READ_PERSON),
    "portfolio:person_edit": Row(dave, EDIT_PERSON),
    "portfolio:person_archive": Row(dave, EDIT_PERSON),
    "portfolio:body_list": Row(outcomes=everyone("ok")),
    "portfolio:body_add": Row(outcomes=WRITERS),
    "portfolio:body_detail": Row(lambda w: {"pk": w.steering.pk}, READ_BODY),
    "portfolio:body_edit": Row(lambda w: {"pk": w.steering.pk}, EDIT_BODY),
    "portfolio:body_archive": Row(lambda w: {"pk": w.steering.pk}, EDIT_BODY),
    "portfolio:body_publish": Row(lambda w: {"pk": w.steering.pk}, EDIT_BODY),
    "portfolio:membership_add": Row(lambda w: {"parent": w.steering.pk}, EDIT_BODY),
    "portfolio:membership_edit": Row(membership, EDIT_BODY),
    "portfolio:membership_delete": Row(membership, EDIT_BODY),
    "accounts:login": Row(outcomes=everyone("redirect").replace("A:redirect", "A:ok")),
    "accounts:logout": Row(outcomes=everyone("redirect"), method="post"),
    "accounts:tokens": Row(outcomes=LOGGED_IN),
    "accounts:token_revoke": Row(
        lambda w: {"pk": create_api_token(user=w["alice"], name="x")[0].pk},
        "A:login S:redirect B:redirect G:redirect C:redirect D:redirect E:redirect F:redirect M:redirect",
        method="post",
    ),
    "api:schema": Row(outcomes=everyone("ok")),
    "api:docs": Row(outcomes=everyone("ok")),
}

# --- API: list (GET, POST) and detail (GET, PATCH, DELETE) of every endpoint ------------------


def _pk(obj: Callable[[Any], Any]) -> Callable[[Any], dict[str, Any]]:
    return lambda w: {"pk": obj(w).pk}


READ_ALL = everyone("ok")
API_ANON = "A:login"
API: dict[tuple[str, str], Row] = {
    ("api:api-root", "get"): Row(outcomes=READ_ALL, api=True),
    # Programs: only the secretariat creates; the program manager edits their own.
    ("api:program-list", "get"): Row(outcomes=READ_ALL, api=True),
    ("api:program-list", "post"): Row(
        outcomes=SECRETARIAT_ONLY.replace("A:login", API_ANON),
        api=True,
        data=lambda w: {"name": "Nyt program"},
    ),
    ("api:program-detail", "get"): Row(_pk(lambda w: w.program), READ_PROGRAM, api=True),
    ("api:program-detail", "patch"): Row(
        _pk(lambda w: w.program), EDIT_PROGRAM, api=True, data=lambda w: {"summary": "Ny"}
    ),
    ("api:program-detail", "delete"): Row(_pk(lambda w: w.program), EDIT_PROGRAM, api=True),
    # Products: the program's writers create in their program; others' programs are invalid.
    ("api:product-list", "get"): Row(outcomes=READ_ALL, api=True),
    ("api:product-list", "post"): Row(
        outcomes="A:login S:ok B:ok G:invalid C:denied D:denied E:denied F:denied M:denied",
        api=True,
        data=lambda w: {
            "name": "OS2ny",
            "program": w.program.pk,
            "kind": "project",
            "stage": "idea",
            "level": "none",
        },
    ),
    ("api:product-detail", "get"): Row(_pk(lambda w: w.product), READ_PRODUCT, api=True),
    ("api:product-detail", "patch"): Row(
        _pk(lambda w: w.product), EDIT_PRODUCT, api=True, data=lambda w: {"summary": "Ny"}
    ),
    ("api:product-detail", "delete"): Row(_pk(lambda w: w.product), EDIT_PRODUCT, api=True),
    # Organisations: master data of the secretariat; the test municipality is published.
    ("api:organisation-list", "get"): Row(outcomes=READ_ALL, api=True),
    ("api:organisation-list", "post"): Row(
        outcomes=SECRETARIAT_ONLY, api=True, data=lambda w: {"name": "Ny partner", "kind": "partner"}
    ),
    ("api:organisation-detail", "get"): Row(_pk(lambda w: w.municipality), READ_ALL, api=True),
    ("api:organisation-detail", "patch"): Row(
        _pk(lambda w: w.municipality), SECRETARIAT_ONLY, api=True, data=lambda w: {"phone": "12345678"}
    ),
    ("api:organisation-detail", "delete"): Row(_pk(lambda w: w.municipality), SECRETARIAT_ONLY, api=True),
    # People
    ("api:person-list", "get"): Row(outcomes=READ_ALL, api=True),
    ("api:person-list", "post"): Row(
        outcomes=WRITERS, api=True, data=lambda w: {"first_name": "Ny", "last_name": "Person"}
    ),
    ("api:person-detail", "get"): Row(_pk(lambda w: w["dave"].person), READ_PERSON, api=True),
    ("api:person-detail", "patch"): Row(
        _pk(lambda w: w["dave"].person), EDIT_PERSON, api=True, data=lambda w: {"phone": "12345678"}
    ),
    ("api:person-detail", "delete"): Row(_pk(lambda w: w["dave"].person), EDIT_PERSON, api=True),
    # Bodies: created under a product the user may change.
    ("api:body-list", "get"): Row(outcomes=READ_ALL, api=True),
    ("api:body-list", "post"): Row(
        outcomes="A:login S:ok B:ok G:invalid C:ok D:denied E:denied F:denied M:denied",
        api=True,
        data=lambda w: {"kind": "interest", "name": "Faggruppe", "product": w.product.pk},
    ),
    ("api:body-detail", "get"): Row(_pk(lambda w: w.steering), READ_BODY, api=True),
    ("api:body-detail", "patch"): Row(
        _pk(lambda w: w.steering), EDIT_BODY, api=True, data=lambda w: {"description": "Ny"}
    ),
    ("api:body-detail", "delete"): Row(_pk(lambda w: w.steering), EDIT_BODY, api=True),
    # Participations of the private product
    ("api:participation-list", "get"): Row(outcomes=READ_ALL, api=True),
    ("api:participation-list", "post"): Row(
        outcomes="A:login S:ok B:ok G:invalid C:ok D:denied E:denied F:denied M:denied",
        api=True,
        data=lambda w: {
            "product": w.product.pk,
            "organisation": w.supplier.pk,
            "accession_date": "2024-01-01",
        },
    ),
    ("api:participation-detail", "get"): Row(participation, READ_PRODUCT, api=True),
    ("api:participation-detail", "patch"): Row(
        participation, EDIT_PRODUCT, api=True, data=lambda w: {"notes": "Ny"}
    ),
    ("api:participation-detail", "delete"): Row(participation, EDIT_PRODUCT, api=True),
    # Memberships of the steering group
    ("api:membership-list", "get"): Row(outcomes=READ_ALL, api=True),
    ("api:membership-list", "post"): Row(
        outcomes="A:login S:ok B:ok G:invalid C:ok D:denied E:denied F:denied M:denied",
        api=True,
        data=lambda w: {"body": w.steering.pk, "person": w["carol"].person.pk, "role": "member"},
    ),
    ("api:membership-detail", "get"): Row(membership, READ_BODY, api=True),
    ("api:membership-detail", "patch"): Row(
        membership, EDIT_BODY, api=True, data=lambda w: {"role": "chair"}
    ),
    ("api:membership-detail", "delete"): Row(membership, EDIT_BODY, api=True),
    # Role assignments on the product
    ("api:roleassignment-list", "get"): Row(outcomes=READ_ALL, api=True),
    ("api:roleassignment-list", "post"): Row(
        outcomes="A:login S:ok B:ok G:invalid C:ok D:denied E:denied F:denied M:denied",
        api=True,
        data=lambda w: {"person": w["dave"].person.pk, "role": "product_owner", "product": w.product.pk},
    ),
    ("api:roleassignment-detail", "get"): Row(coordinator_role, READ_PRODUCT, api=True),
    ("api:roleassignment-detail", "patch"): Row(
        coordinator_role, EDIT_ROLE, api=True, data=lambda w: {"start_date": "2024-01-01"}
    ),
    ("api:roleassignment-detail", "delete"): Row(coordinator_role, EDIT_ROLE, api=True),
}

# The admin is the secretariat's fallback; its many URLs share one gate (tested below).
EXEMPT_NAMESPACES = ("admin:",)


def all_route_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return {name for name in names if not name.startswith(EXEMPT_NAMESPACES)}


def test_every_url_has_a_row() -> None:
    covered = set(WEB) | {name for name, _method in API}
    routes = all_route_names()
    assert routes - covered == set(), "Add these URLs to the permission matrix"
    assert covered - routes == set(), "These matrix rows name URLs that no longer exist"


def test_every_api_route_is_tried_with_every_method_it_allows() -> None:
    from programkontor.api_urls import router

    for prefix, _viewset, basename in router.registry:
        for suffix, methods in (("list", {"get", "post"}), ("detail", {"get", "patch", "delete"})):
            tried = {method for (name, method) in API if name == f"api:{basename}-{suffix}"}
            assert tried == methods, f"api:{basename}-{suffix} ({prefix}) needs rows for {methods - tried}"


def _cases() -> list[Any]:
    cases = []
    for name, row in WEB.items():
        for user in USERS:
            cases.append(pytest.param(name, row.method, row, user, id=f"{name}-{row.method}-{user}"))
    for (name, method), row in API.items():
        for user in USERS:
            cases.append(pytest.param(name, method, row, user, id=f"{name}-{method}-{user}"))
    return cases


@pytest.mark.parametrize(("name", "method", "row", "user"), _cases())
def test_permission_matrix(world: Any, name: str, method: str, row: Row, user: str) -> None:
    expected = row.expect[user]
    url = reverse(name, kwargs=row.kwargs(world))
    username = USERS[user]
    if row.api:
        client = APIClient()
        if username:
            client.force_authenticate(world[username])
        headers = {}
        if method in ("patch", "delete"):
            headers["HTTP_IF_MATCH"] = '"1"'
        payload = row.data(world) if row.data else None
        response = getattr(client, method)(url, payload, format="json", **headers)
        assert response.status_code in API_STATUS[expected], (
            f"{user} {method.upper()} {url}: expected {expected}, got {response.status_code} "
            f"{getattr(response, 'data', '')}"
        )
        return
    client = pytest.importorskip("django.test").Client()
    if username:
        client.force_login(world[username])
    response = getattr(client, method)(url)
    assert response.status_code == WEB_STATUS[expected], (
        f"{user} {method.upper()} {url}: expected {expected}, got {response.status_code}"
    )
    if response.status_code == 302:
        goes_to_login = response["Location"].startswith(reverse("accounts:login"))
        assert goes_to_login == (expected == "login"), f"{user} {url} redirected to {response['Location']}"


@pytest.mark.parametrize("user", list(USERS))
def test_only_the_secretariat_gets_into_the_admin(world: Any, client: Any, user: str) -> None:
    if USERS[user]:
        client.force_login(world[USERS[user]])
    for url in (reverse("admin:index"), reverse("admin:portfolio_product_changelist")):
        response = client.get(url)
        if user == "S":
            assert response.status_code == 200
        else:
            assert response.status_code == 302
            assert "/admin/login/" in response["Location"]


def test_revoking_someone_elses_token_leaves_it(world: Any, client: Any) -> None:
    token, _raw = create_api_token(user=world["alice"], name="alice's")
    client.force_login(world["bob"])
    client.post(reverse("accounts:token_revoke", kwargs={"pk": token.pk}))
    assert world["alice"].api_tokens.filter(pk=token.pk).exists()
