"""Two people changing the same budget version at the same moment cannot both win.

These tests open a second database connection in a thread and make the two writes overlap: the
first holds its transaction open (and the version's row lock) while the second tries. They need
PostgreSQL (SQLite serialises all writers at BEGIN, so there is nothing to overlap) and are skipped
on SQLite. Run them with ``DATABASE_URL=postgres://… make test``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from programkontor.core.services import ConflictError
from programkontor.economy.models import BudgetLine, BudgetVersion, ReceivedInvoice, VersionStatus
from programkontor.economy.services import budgets as budget_services
from programkontor.economy.services import invoices as invoice_services
from tests.economy.factories import accounts_for, budget_with_lines, decision, economy_of

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: two real connections"),
]

WAIT = 10  # seconds; only reached if something hangs


def overlap(first: Callable[[], Any], second: Callable[[], Any]) -> tuple[Any, Any, bool]:
    """Run ``first`` in a thread's transaction and keep it open while ``second`` runs in another thread.

    Returns what each returned (or raised) and whether ``second`` was seen waiting for a lock held by
    the first transaction (PostgreSQL says so in ``pg_stat_activity``; no sleeping and guessing).
    """
    holding, release = threading.Event(), threading.Event()
    results: dict[str, Any] = {}

    def run_first() -> None:
        try:
            with transaction.atomic():
                results["first"] = first()
                holding.set()
                release.wait(WAIT)
        except Exception as exc:
            results["first"] = exc
            holding.set()
        finally:
            connection.close()

    def run_second() -> None:
        try:
            results["second"] = second()
        except Exception as exc:
            results["second"] = exc
        finally:
            connection.close()

    one = threading.Thread(target=run_first)
    one.start()
    assert holding.wait(WAIT)
    two = threading.Thread(target=run_second)
    two.start()
    waited = blocked_on_a_lock(two)
    release.set()
    one.join(WAIT)
    two.join(WAIT)
    return results["first"], results["second"], waited


def blocked_on_a_lock(thread: threading.Thread) -> bool:
    """Whether another backend of this database waits for a lock while ``thread`` still runs."""
    deadline = time.monotonic() + WAIT
    while thread.is_alive() and time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.01)
    return False


def proposed_version(world: Any) -> BudgetVersion:
    _budget, version = budget_with_lines(world["alice"], world.product, {"00005": 100_00, "00008": 200_00})
    return budget_services.propose(actor=world["alice"], version=version, expected_version=version.version)


def test_two_approvals_of_the_same_version_at_once(world: Any) -> None:
    version = proposed_version(world)
    seen = version.version
    the_decision = decision(product=world.product)

    def approve_as(user: Any) -> Callable[[], Any]:
        return lambda: (
            budget_services.approve(
                actor=user, version=version, expected_version=seen, decision=the_decision
            ).status
        )

    first, second, waited = overlap(approve_as(world["alice"]), approve_as(world["bob"]))

    assert first == VersionStatus.APPROVED
    assert isinstance(second, ConflictError)
    assert waited, "the second approval should wait for the first one's row lock"
    stored = BudgetVersion.objects.get(pk=version.pk)
    assert stored.approved_by == world["alice"]
    assert stored.history.filter(history_change_reason="approved").count() == 1


def test_an_approval_during_an_edit_of_the_lines_fails(world: Any) -> None:
    _budget, draft = budget_with_lines(world["alice"], world.product, {"00005": 100_00})
    accounts = accounts_for(world.product)
    seen = draft.version

    def edit() -> Any:
        return budget_services.save_lines(
            actor=world["bob"], version=draft, expected_version=seen, amounts={accounts["00005"].pk: 999_00}
        ).version

    def propose_what_was_seen() -> Any:
        return budget_services.propose(actor=world["alice"], version=draft, expected_version=seen).status

    first, second, waited = overlap(edit, propose_what_was_seen)

    assert isinstance(first, int)
    assert isinstance(second, ConflictError)
    assert waited
    assert BudgetVersion.objects.get(pk=draft.pk).status == VersionStatus.DRAFT
    assert BudgetLine.objects.get(budget_version=draft).amount == 999_00


def test_two_edits_of_the_same_lines_at_once(world: Any) -> None:
    _budget, draft = budget_with_lines(world["alice"], world.product, {"00005": 100_00})
    accounts = accounts_for(world.product)
    seen = draft.version

    def edit_to(amount: int) -> Callable[[], Any]:
        return lambda: (
            budget_services.save_lines(
                actor=world["alice"],
                version=draft,
                expected_version=seen,
                amounts={accounts["00005"].pk: amount},
            ).version
        )

    first, second, waited = overlap(edit_to(1), edit_to(2))

    assert isinstance(first, int) and isinstance(second, ConflictError) and waited
    assert BudgetLine.objects.get(budget_version=draft).amount == 1


def test_a_line_added_through_the_api_path_blocks_a_concurrent_proposal(world: Any) -> None:
    _budget, draft = budget_with_lines(world["alice"], world.product, {"00005": 100_00})
    seen = draft.version
    account = accounts_for(world.product)["00011"]

    def add() -> Any:
        return budget_services.add_line(actor=world["bob"], version=draft, account=account, amount=5).pk

    def propose_what_was_seen() -> Any:
        return budget_services.propose(actor=world["alice"], version=draft, expected_version=seen).status

    first, second, waited = overlap(add, propose_what_was_seen)
    assert isinstance(first, int) and isinstance(second, ConflictError) and waited
    assert BudgetVersion.objects.get(pk=draft.pk).status == VersionStatus.DRAFT


def test_two_approvers_of_the_same_invoice_at_once(world: Any) -> None:
    economy = economy_of(world)
    invoice = economy.checked
    seen = invoice.version

    def approve_as(user: Any) -> Callable[[], Any]:
        return lambda: invoice_services.approve(actor=user, invoice=invoice, expected_version=seen).status

    first, second, waited = overlap(approve_as(world["bob"]), approve_as(world["carol"]))
    assert first == "approved"
    assert isinstance(second, (ConflictError, ValidationError)) and waited
    assert ReceivedInvoice.objects.get(pk=invoice.pk).approved_by == world["bob"]
