"""Budgets and their versions: draft → proposed → approved by a decision, and then never changed —
by the services, by ``clean`` and by the database itself."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from programkontor.core import services
from programkontor.core.services import ConflictError
from programkontor.economy.models import BudgetLine, BudgetVersion, VersionStatus
from programkontor.economy.services import budgets as budget_services
from programkontor.governance.models import Decision
from tests import factories as f
from tests.economy.factories import YEAR, accounts_for, approve, budget_with_lines, decision


@pytest.fixture
def draft(world: Any) -> BudgetVersion:
    _budget, version = budget_with_lines(
        world["bob"], world.product, {"00002": 100_000_00, "00005": 40_000_00}
    )
    return version


def test_a_program_manager_drafts_proposes_and_records_the_approval(world: Any, draft: BudgetVersion) -> None:
    bob = world["bob"]
    assert {line.account.number: line.amount for line in draft.lines.select_related("account")} == {
        "00002": 100_000_00,
        "00005": 40_000_00,
    }
    proposed = budget_services.propose(actor=bob, version=draft, expected_version=draft.version)
    assert proposed.status == VersionStatus.PROPOSED
    the_decision = decision(product=world.product)
    approved = budget_services.approve(
        actor=bob, version=proposed, expected_version=proposed.version, decision=the_decision
    )
    assert approved.status == VersionStatus.APPROVED
    assert approved.decision == the_decision and approved.approved_by == bob and approved.approved_at
    assert [r.history_change_reason for r in approved.history.order_by("history_date")][-2:] == [
        "proposed",
        "approved",
    ]
    assert budget_services.current_version(approved.budget) == approved


def test_a_product_coordinator_may_read_but_not_write_the_budget(world: Any, draft: BudgetVersion) -> None:
    with pytest.raises(PermissionDenied):
        budget_services.propose(actor=world["carol"], version=draft, expected_version=draft.version)
    with pytest.raises(PermissionDenied):
        budget_services.create_budget(actor=world["carol"], product=world.product, year=YEAR + 1)


def test_approval_needs_a_proposal_and_a_decision_about_this_product(
    world: Any, draft: BudgetVersion
) -> None:
    alice = world["alice"]
    with pytest.raises(ValidationError):
        budget_services.approve(
            actor=alice, version=draft, expected_version=draft.version, decision=decision()
        )
    proposed = budget_services.propose(actor=alice, version=draft, expected_version=draft.version)
    for wrong in (
        decision(product=world.other_product),
        decision(program=world.other_program),
        decision(product=world.product, status="proposed"),
    ):
        with pytest.raises(ValidationError):
            budget_services.approve(
                actor=alice, version=proposed, expected_version=proposed.version, decision=wrong
            )
    # A decision of the product's program, or of the association (board, general assembly), may approve it.
    assert decision(program=world.program) in budget_services.decisions_for(proposed.budget, alice)
    budget_services.approve(
        actor=alice,
        version=proposed,
        expected_version=proposed.version,
        decision=decision(title="Generalforsamlingen"),
    )


def test_only_a_budget_decision_of_the_steering_group_or_the_board_approves_a_product_budget(
    world: Any, draft: BudgetVersion
) -> None:
    alice = world["alice"]
    proposed = budget_services.propose(actor=alice, version=draft, expected_version=draft.version)
    coordination = f.BodyFactory(kind="coordination", product=world.product, name="Koordinationsgruppen")
    other_steering = f.BodyFactory(kind="steering", product=world.other_product, name="Anden styregruppe")
    refused = {
        "coordination group": decision(product=world.product, body=coordination),
        "another product's steering group": decision(product=world.product, body=other_steering),
        "not a budget decision": decision(product=world.product, kind="general"),
    }
    offered = set(budget_services.decisions_for(proposed.budget, alice))
    for why, wrong in refused.items():
        assert wrong not in offered, why
        with pytest.raises(ValidationError):
            budget_services.approve(
                actor=alice, version=proposed, expected_version=proposed.version, decision=wrong
            )
    proposed.refresh_from_db()
    assert proposed.status == "proposed"
    by_steering = decision(product=world.product)
    assert by_steering in offered or by_steering in budget_services.decisions_for(proposed.budget, alice)
    approved = budget_services.approve(
        actor=alice, version=proposed, expected_version=proposed.version, decision=by_steering
    )
    assert approved.status == "approved" and approved.decision == by_steering


def test_an_approved_version_never_changes_through_the_services(world: Any, draft: BudgetVersion) -> None:
    alice = world["alice"]
    approved = approve(alice, draft, decision(product=world.product))
    account = accounts_for(world.product)["00008"]
    with pytest.raises(ValidationError):
        budget_services.save_lines(
            actor=alice, version=approved, expected_version=approved.version, amounts={account.pk: 1}
        )
    with pytest.raises(ValidationError):
        budget_services.add_line(actor=alice, version=approved, account=account, amount=1)
    line = approved.lines.first()
    assert line is not None
    with pytest.raises(ValidationError):
        budget_services.change_line(
            actor=alice, line=line, expected_version=line.version, changes={"amount": 5}
        )
    with pytest.raises(ValidationError):
        budget_services.remove_line(actor=alice, line=line, expected_version=line.version)
    with pytest.raises(ValidationError):
        budget_services.withdraw(actor=alice, version=approved, expected_version=approved.version)
    with pytest.raises(ValidationError):
        budget_services.delete_version(actor=alice, version=approved, expected_version=approved.version)
    with pytest.raises(ValidationError):
        services.update(approved, actor=alice, expected_version=approved.version, changes={"note": "Ændret"})
    with pytest.raises(ValidationError):
        services.update(line, actor=alice, expected_version=line.version, changes={"amount": 5})
    # Publishing stays possible.
    published = budget_services.set_published(
        actor=alice, version=approved, expected_version=approved.version, published=True
    )
    assert published.is_published


def test_the_database_refuses_to_change_an_approved_version(world: Any, draft: BudgetVersion) -> None:
    approved = approve(world["alice"], draft, decision(product=world.product))
    line = approved.lines.first()
    assert line is not None
    for attempt in (
        lambda: BudgetLine.objects.filter(pk=line.pk).update(amount=1),
        lambda: BudgetLine.objects.create(
            budget_version=approved, account=accounts_for(world.product)["00008"], amount=1
        ),
        lambda: BudgetVersion.objects.filter(pk=approved.pk).update(note="Ændret i smug"),
        lambda: BudgetVersion.objects.filter(pk=approved.pk).update(status=VersionStatus.DRAFT),
        lambda: BudgetVersion.objects.filter(pk=approved.pk).update(decision=decision(product=world.product)),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            attempt()
    # The columns that publishing and locking touch stay writable.
    BudgetVersion.objects.filter(pk=approved.pk).update(
        is_published=True, published_at=timezone.now(), version=99
    )


def test_the_database_refuses_an_approval_without_a_decision(world: Any, draft: BudgetVersion) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetVersion.objects.filter(pk=draft.pk).update(status=VersionStatus.APPROVED)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetVersion.objects.filter(pk=draft.pk).update(is_published=True)


def test_a_change_after_approval_is_a_new_version(world: Any, draft: BudgetVersion) -> None:
    alice = world["alice"]
    approved = approve(alice, draft, decision(product=world.product))
    second = budget_services.create_version(actor=alice, budget=approved.budget, note="Mere til drift")
    assert (second.number, second.status, second.based_on) == (2, VersionStatus.DRAFT, approved)
    assert sorted(second.lines.values_list("amount", flat=True)) == [40_000_00, 100_000_00]
    with pytest.raises(ValidationError):
        budget_services.create_version(actor=alice, budget=approved.budget)  # one open version at a time
    accounts = accounts_for(world.product)
    budget_services.save_lines(
        actor=alice,
        version=second,
        expected_version=second.version,
        amounts={accounts["00005"].pk: 55_000_00},
    )
    approved.refresh_from_db()
    assert approved.lines.get(account=accounts["00005"]).amount == 40_000_00
    assert budget_services.current_version(approved.budget) == approved  # until the new version is approved


def test_the_associations_budget_is_approved_by_the_board_or_the_general_assembly(world: Any) -> None:
    alice = world["alice"]
    _budget, draft = budget_with_lines(alice, None, {"00005": 1_000_00}, year=YEAR + 3)
    version = budget_services.propose(actor=alice, version=draft, expected_version=draft.version)
    steering = decision(body=world.steering)  # a steering group does not approve the association's budget
    assembly = Decision.objects.create(
        date=datetime.date(YEAR, 5, 1),
        title="Generalforsamlingen godkender budgettet",
        kind="budget",
        status="decided",
        decided_by_role="general_assembly",
    )
    offered = set(budget_services.decisions_for(version.budget, alice))
    assert assembly in offered and steering not in offered
    with pytest.raises(ValidationError):
        budget_services.approve(
            actor=alice, version=version, expected_version=version.version, decision=steering
        )
    approved = budget_services.approve(
        actor=alice, version=version, expected_version=version.version, decision=assembly
    )
    assert approved.status == "approved"


def test_the_budget_page_shows_an_earlier_approved_version_as_replaced(
    world: Any, draft: BudgetVersion, client: Any
) -> None:
    alice = world["alice"]
    first = approve(alice, draft, decision(product=world.product))
    second = budget_services.create_version(actor=alice, budget=first.budget, note="Mere til drift")
    approve(alice, second, decision(product=world.product))
    client.force_login(alice)
    page = client.get(first.budget.get_absolute_url()).content.decode()
    rows = {number: page[page.index(f">{number}</a>") :].split("</tr>")[0] for number in (1, 2)}
    assert "Erstattet af version 2" in rows[1] and "data-replaced" in rows[1]
    assert "Godkendt" in rows[2] and "data-replaced" not in rows[2]


def test_a_stale_editor_or_approver_changes_nothing(world: Any, draft: BudgetVersion) -> None:
    alice, bob = world["alice"], world["bob"]
    accounts = accounts_for(world.product)
    seen = draft.version
    budget_services.save_lines(
        actor=alice, version=draft, expected_version=seen, amounts={accounts["00005"].pk: 1}
    )
    with pytest.raises(ConflictError):
        budget_services.save_lines(
            actor=bob, version=draft, expected_version=seen, amounts={accounts["00005"].pk: 2}
        )
    draft.refresh_from_db()
    proposed = budget_services.propose(actor=alice, version=draft, expected_version=draft.version)
    stale = proposed.version
    budget_services.withdraw(actor=bob, version=proposed, expected_version=stale)
    with pytest.raises(ConflictError):
        budget_services.approve(
            actor=alice, version=proposed, expected_version=stale, decision=decision(product=world.product)
        )
    assert BudgetVersion.objects.get(pk=draft.pk).status == VersionStatus.DRAFT
    assert BudgetLine.objects.get(budget_version=draft, account=accounts["00005"]).amount == 1


def test_editing_a_line_through_the_api_path_invalidates_an_approval_based_on_the_old_content(
    world: Any, draft: BudgetVersion
) -> None:
    alice = world["alice"]
    proposed = budget_services.propose(actor=alice, version=draft, expected_version=draft.version)
    seen = proposed.version
    budget_services.withdraw(actor=alice, version=proposed, expected_version=seen)
    line = proposed.lines.first()
    assert line is not None
    budget_services.change_line(actor=alice, line=line, expected_version=line.version, changes={"amount": 7})
    version = BudgetVersion.objects.get(pk=proposed.pk)
    assert version.version > seen + 1  # the line edit claimed the version


def test_removing_versions_and_budgets(world: Any, draft: BudgetVersion) -> None:
    alice = world["alice"]
    budget = draft.budget
    budget_services.delete_version(actor=alice, version=draft, expected_version=draft.version)
    assert not type(budget).objects.filter(pk=budget.pk).exists()  # the last version took the budget with it

    _budget, other = budget_with_lines(alice, world.product, {"00005": 1}, year=YEAR + 1)
    approve(alice, other, decision(product=world.product))
    with pytest.raises(ValidationError):
        budget_services.delete_budget(actor=alice, budget=other.budget, expected_version=other.budget.version)


def test_a_new_budget_can_start_from_last_years_budget_in_force(world: Any, draft: BudgetVersion) -> None:
    alice = world["alice"]
    approve(alice, draft, decision(product=world.product))
    following = budget_services.create_budget(
        actor=alice, product=world.product, year=YEAR + 1, copy_previous_year=True
    )
    first = following.versions.get()
    assert first.based_on == draft
    assert first.lines.count() == 2


def test_the_association_budget_is_the_secretariats(world: Any) -> None:
    accounts_for(None)
    with pytest.raises(PermissionDenied):
        budget_services.create_budget(actor=world["bob"], product=None, year=YEAR)
    budget = budget_services.create_budget(actor=world["alice"], product=None, year=YEAR)
    assert str(budget.owner_label)
    proposed = budget_services.propose
    version = budget.versions.get()
    accounts = accounts_for(None)
    version = budget_services.save_lines(
        actor=world["alice"],
        version=version,
        expected_version=version.version,
        amounts={accounts["00014"].pk: 1},
    )
    version = proposed(actor=world["alice"], version=version, expected_version=version.version)
    with pytest.raises(ValidationError):  # a product's decision cannot approve the association's budget
        budget_services.approve(
            actor=world["alice"],
            version=version,
            expected_version=version.version,
            decision=decision(product=world.product),
        )


def test_an_empty_draft_cannot_be_proposed(world: Any) -> None:
    accounts_for(f.ProductFactory(program=world.program))
    budget = budget_services.create_budget(actor=world["alice"], product=world.product, year=YEAR)
    version = budget.versions.get()
    with pytest.raises(ValidationError):
        budget_services.propose(actor=world["alice"], version=version, expected_version=version.version)
