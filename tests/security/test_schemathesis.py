"""Schemathesis against the OpenAPI schema, in-process (WSGI): every operation, as the secretariat
(alice), a product coordinator (carol) and an anonymous reader, with generated valid and invalid input.

No answer may be a server error, and every answer must match what the schema says of it: its body
(``response_schema_conformance``), content type and headers. Each case runs in a savepoint that is
rolled back, so a DELETE or a write leaves the shared test world as it was for the next case.

The schema documents the successful answers only, so the status-code check and the checks that
expect every schema-valid request to succeed are not run: a request that names a row that does not
exist, or breaks a rule of the domain (one product or one program, a version to change), is
rightly refused with 400/404/409/428 although the schema cannot express that.

Hypothesis settings keep the run short and reproducible: a few derandomized examples per operation
after schemathesis's deterministic boundary cases (the coverage phase: zero, huge and malformed
numbers, empty and over-long strings), which is what found the 500s of issue 10.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

from programkontor.accounts.services import create_api_token
from programkontor.api_urls import router
from programkontor.wsgi import application
from tests import factories as f
from tests.conftest import World, build_world, kept_for_module
from tests.economy.factories import economy_of
from tests.governance.factories import AgendaItemFactory, CycleEventFactory, MeetingFactory
from tests.planning.factories import planning_world

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    response_headers_conformance,
]
ROLES = ["alice", "carol", None]

#: Boundary cases (the coverage phase) for the query parameters of every GET; generated examples only
#: for writes, whose bodies would give hundreds of boundary cases each. No stateful phase: each case
#: stands alone in its savepoint.
CONFIG = """
[phases.stateful]
enabled = false
[phases.coverage]
enabled = false
[[operations]]
include-method = "GET"
phases.coverage.enabled = true
"""

schema = schemathesis.openapi.from_wsgi(
    "/api/schema/?format=json",
    application,
    config=SchemathesisConfig.from_str(CONFIG),
)


@pytest.fixture
def in_process(db: Any) -> Iterator[None]:
    """Requests through the WSGI handler share the test's connection and transaction (as with Django's
    test client, the handler must not close the connection after a request)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def tokens_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, str]]:
    """API tokens of the roles, in a world with rows of every app for the detail routes to answer
    with: the permission matrix's economy and planning, and governance rows whose answers leave
    fields out for some readers (a meeting and an agenda item with private people, an annual-cycle
    event with a time of day). Built once for the module's cases; each case's writes roll back."""
    with kept_for_module(django_db_blocker):
        yield _filled(build_world())


@pytest.fixture
def tokens(tokens_once: dict[str, str], db: Any) -> dict[str, str]:
    return tokens_once


def _filled(world: World) -> dict[str, str]:
    economy_of(world)
    planning_world(world)
    private = f.PersonFactory(first_name="Privat", last_name="Person", is_public=False)
    meeting = MeetingFactory(body=world.steering, chair=private, minute_taker=private, is_published=True)
    AgendaItemFactory(meeting=meeting, owner=private)
    CycleEventFactory(product=world.product, start_time=datetime.time(9, 30), duration_minutes=90)
    return {name: create_api_token(user=world[name], name="schemathesis")[1] for name in ROLES if name}


#: The model behind each route, to find its rows.
MODELS = {f"/api/{prefix}/": viewset.gate_model for prefix, viewset, _basename in router.registry}


def existing_row(case: Any) -> dict[str, str]:
    """Point a generated numeric ``{id}`` at a row that exists (the same number always picks the same
    row), so that detail routes answer with a row rather than 404; a write names the row's version
    (``If-Match``) so that it is tried rather than refused with 428. Other ids are left as generated."""
    value = str((case.path_parameters or {}).get("id", ""))
    model = MODELS.get(case.operation.path.split("{id}", 1)[0])
    if not value.isdigit() or model is None:
        return {}
    versioned = any(field.name == "version" for field in model._meta.fields)  # a sync has none
    fields = ("pk", "version") if versioned else ("pk", "pk")
    rows = list(model._base_manager.order_by("pk").values_list(*fields))
    if not rows:
        return {}
    pk, version = rows[int(value) % len(rows)]
    case.path_parameters["id"] = str(pk)
    return {"If-Match": f'"{version}"'} if case.method.upper() in ("PUT", "PATCH", "DELETE") else {}


@pytest.mark.exhaustive
@schema.parametrize()
@settings(
    max_examples=3,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_schema_says(case: Any, tokens: dict[str, str], in_process: None) -> None:
    """Each generated request is sent once per role (the same case: generating it is the costly part)."""
    written = existing_row(case)
    for role in ROLES:
        headers = {**written, "Authorization": f"Token {tokens[role]}"} if role else dict(written)
        savepoint = transaction.savepoint()
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        finally:
            transaction.savepoint_rollback(savepoint)
