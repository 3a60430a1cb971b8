"""No write widens what its writer may reach: a walk over every writable relation, for every role.

For each API route, each user of the shared world (every role but the secretariat and anonymous)
tries, on an object of the route they may change, every writable relation and choice field with
every candidate value (null, rows of the related model they may and may not change, every choice,
and every choice with the object detached from its parents); and on the route's list, a create with
the same candidates. Whatever the API answers, afterwards the writer reaches no more than before:
no board seat, and no program, product or body more that they may change or read internally (every
other model's scope derives from these). Each attempt runs in a savepoint that is rolled back, so
the attempts do not depend on each other.

The objects and create payloads come from the permission matrix's rows, so a new route is walked as
soon as it has its rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import models, transaction
from django.urls import resolve, reverse
from rest_framework import serializers
from rest_framework.test import APIClient

from programkontor.accounts.models import User
from programkontor.core import gate, services
from programkontor.core.access import compute_access
from programkontor.portfolio.models import Body, Product, Program
from tests import factories as f
from tests.security.matrix import USERS
from tests.security.test_permission_matrix import API

WALKERS = ("B", "G", "C", "D", "E", "F", "M")
#: Related rows tried per relation field (besides null): enough to include rows inside and outside
#: every walker's scope in the shared world.
ROWS_PER_RELATION = 8


@pytest.fixture(autouse=True)
def _writers_sit_in_their_steering_group(world: Any) -> None:
    """As in real life: the coordinator and the program manager are members of the steering group."""
    for name in ("bob", "carol"):
        f.MembershipFactory(person=world[name].person, body=world.steering, role="member")


#: What a user reaches: the programs, products and bodies they may change or read internally. Every
#: other model's scope is derived from these (children reuse their parent's scope).
REACH = [(model, action) for model in (Program, Product, Body) for action in ("change", "view_internal")]


def _reach(user: User) -> dict[str, frozenset[int]]:
    fresh = User.objects.get(pk=user.pk)
    reach = {
        f"{model.__name__}.{action}": frozenset(
            gate.restrict(model, fresh, action).values_list("pk", flat=True)
        )
        for model, action in REACH
    }
    access = compute_access(fresh)
    reach["board"] = frozenset({1}) if access.is_board else frozenset()
    reach["secretariat"] = frozenset({1}) if access.is_secretariat else frozenset()
    return reach


def _widening(before: dict[str, frozenset[int]], after: dict[str, frozenset[int]]) -> list[str]:
    return [f"{name} +{sorted(after[name] - before[name])}" for name in before if after[name] - before[name]]


def _candidates(field: serializers.Field) -> list[Any]:  # type: ignore[type-arg]
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        model = field.queryset.model  # type: ignore[union-attr]
        pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:ROWS_PER_RELATION])
        return ([None] if field.allow_null else []) + pks
    if isinstance(field, serializers.ChoiceField):
        return list(field.choices)
    if isinstance(field, serializers.BooleanField):
        return [True, False]
    return []


def _walkable_fields(serializer_class: Any, request: Any) -> dict[str, serializers.Field]:  # type: ignore[type-arg]
    serializer = serializer_class(context={"request": request})
    return {
        name: field
        for name, field in serializer.fields.items()
        if not field.read_only and name != "version" and _candidates(field)
    }


def _attempt(
    client: APIClient, method: str, url: str, payload: dict[str, Any], headers: dict[str, str]
) -> tuple[int, Any]:
    """The status, and the id of a created row (which the creator reaches, of course)."""
    response = getattr(client, method)(url, payload, format="json", **headers)
    created = response.json().get("id") if response.status_code == 201 else None
    return int(response.status_code), created


def _routes(kind: str) -> Iterator[Any]:
    """The matrix's writes of ``kind``, but not the rows that prove a read-only endpoint refuses them
    (405: nothing is written, so there is no reach to widen)."""
    for (name, method), row in sorted(API.items()):
        if name.endswith(f"-{kind}") and method == ("patch" if kind == "detail" else "post"):
            if "notallowed" in row.expect.values():
                continue
            yield pytest.param(name, row, id=name)


def _walk(world: Any, name: str, row: Any, *, creating: bool) -> tuple[int, list[str]]:
    kwargs = row.kwargs(world)  # the matrix's rows create their objects: once
    url = reverse(name, kwargs=kwargs)
    view = resolve(url).func
    viewset = view.cls  # type: ignore[attr-defined]
    attempts = 0
    problems: list[str] = []
    base_payload = row.data(world) if (creating and row.data) else {}
    for code in WALKERS:
        user = world[USERS[code]]
        client = APIClient()
        client.force_authenticate(user)
        before = _reach(user)
        obj: models.Model | None = None
        if not creating:
            obj = viewset.gate_model._default_manager.get(pk=kwargs["pk"])
            if "change" not in gate.permitted_actions(user, obj):
                continue
        elif not (viewset.add_permission and user.has_perm(viewset.add_permission)):
            continue
        request = APIClient().request().wsgi_request
        request.user = user
        request.method = "POST" if creating else "PATCH"
        fields = _walkable_fields(viewset.serializer_class, _DrfRequest(request))
        for change in _changes(fields):
            field_name, value = next(iter(change.items())) if len(change) == 1 else ("+".join(change), change)
            if True:
                payload = {**base_payload, **change}
                headers = {} if creating else {"HTTP_IF_MATCH": f'"{obj.version}"'}  # type: ignore[union-attr]
                with transaction.atomic():
                    status, created = _attempt(client, "post" if creating else "patch", url, payload, headers)
                    attempts += 1
                    gate.forget(user)
                    if status < 300:
                        after = _reach(user)
                        own = f"{viewset.gate_model.__name__}."
                        for key in after:
                            if key.startswith(own):
                                after[key] -= {created}
                        wider = _widening(before, after)
                        if wider:
                            problems.append(f"{code} {field_name}={value!r}: {wider}")
                    transaction.set_rollback(True)
                if obj is not None:
                    obj.refresh_from_db()
    return attempts, problems


def _changes(fields: dict[str, serializers.Field]) -> Iterator[dict[str, Any]]:  # type: ignore[type-arg]
    """Every field alone with every candidate; and every choice together with the nullable relations
    set to null (a kind that is only valid detached, like the association's board)."""
    for name, field in fields.items():
        for value in _candidates(field):
            yield {name: value}
    detachable = [
        name
        for name, field in fields.items()
        if isinstance(field, serializers.PrimaryKeyRelatedField) and field.allow_null
    ]
    if detachable:
        for name, field in fields.items():
            if isinstance(field, serializers.ChoiceField):
                for value in _candidates(field):
                    yield {name: value, **dict.fromkeys(detachable)}


class _DrfRequest:
    """Enough of a DRF request for a serializer's ``__init__`` (it reads ``method`` and ``user``)."""

    def __init__(self, request: Any) -> None:
        self.method = request.method
        self.user = request.user


@pytest.mark.exhaustive
@pytest.mark.parametrize(("name", "row"), list(_routes("detail")))
def test_no_change_of_an_object_widens_its_writers_reach(world: Any, name: str, row: Any) -> None:
    attempts, problems = _walk(world, name, row, creating=False)
    assert problems == [], f"{name} ({attempts} writes tried): {problems}"


@pytest.mark.exhaustive
@pytest.mark.parametrize(("name", "row"), list(_routes("list")))
def test_no_new_object_widens_its_writers_reach(world: Any, name: str, row: Any) -> None:
    attempts, problems = _walk(world, name, row, creating=True)
    assert problems == [], f"{name} ({attempts} writes tried): {problems}"


def test_the_walk_finds_the_escalation_of_issue_10_when_the_after_check_is_off(
    world: Any, monkeypatch: Any
) -> None:
    """Without the check of the object after the write, the walk reports the coordinator (and the
    program manager) who turn their steering group into the board."""
    monkeypatch.setattr(services, "_keep_reach", lambda *args, **kwargs: None)
    row = API[("api:body-detail", "patch")]

    _attempts, problems = _walk(world, "api:body-detail", row, creating=False)

    assert any(
        problem.startswith("C ") and "'kind': 'board'" in problem and "board" in problem
        for problem in problems
    ), problems
