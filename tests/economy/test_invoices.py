"""Invoices received: two-step approval — checked by one, approved by another, never the same person."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from programkontor.core import services
from programkontor.core.services import ConflictError
from programkontor.economy.models import ApprovalStatus, ReceivedInvoice
from programkontor.economy.services import invoices as invoice_services
from tests.economy.factories import economy_of


def test_the_secretariat_checks_and_the_product_coordinator_approves(world: Any) -> None:
    invoice = economy_of(world).received
    alice, carol = world["alice"], world["carol"]
    invoice = invoice_services.check(actor=alice, invoice=invoice, expected_version=invoice.version)
    assert (invoice.status, invoice.checked_by) == (ApprovalStatus.CHECKED, alice)
    invoice = invoice_services.approve(actor=carol, invoice=invoice, expected_version=invoice.version)
    assert (invoice.status, invoice.approved_by) == (ApprovalStatus.APPROVED, carol)
    trail = [(r.history_change_reason, r.history_user) for r in invoice.history.order_by("history_date")]
    assert trail == [(None, alice), ("checked", alice), ("approved", carol)]


def test_the_checker_can_never_approve_the_same_invoice(world: Any) -> None:
    invoice = economy_of(world).checked  # checked by alice
    with pytest.raises(ValidationError):
        invoice_services.approve(actor=world["alice"], invoice=invoice, expected_version=invoice.version)
    # Nor by going round the services: the model and the database refuse it too.
    with pytest.raises(ValidationError):
        services.update(
            invoice,
            actor=world["alice"],
            expected_version=invoice.version,
            changes={"status": ApprovalStatus.APPROVED, "approved_by": world["alice"]},
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ReceivedInvoice.objects.filter(pk=invoice.pk).update(approved_by=world["alice"], status="approved")


def test_only_the_secretariat_checks_and_only_the_products_writers_approve(world: Any) -> None:
    economy = economy_of(world)
    for user in ("bob", "carol", "dave", "erin", "frank", "grace", "mallory"):
        with pytest.raises(PermissionDenied):
            invoice_services.check(
                actor=world[user], invoice=economy.received, expected_version=economy.received.version
            )
    for user in ("dave", "erin", "frank", "grace", "mallory"):
        with pytest.raises(PermissionDenied):
            invoice_services.approve(
                actor=world[user], invoice=economy.checked, expected_version=economy.checked.version
            )


def test_an_invoice_must_be_checked_before_it_is_approved(world: Any) -> None:
    invoice = economy_of(world).received
    with pytest.raises(ValidationError):
        invoice_services.approve(actor=world["carol"], invoice=invoice, expected_version=invoice.version)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReceivedInvoice.objects.filter(pk=invoice.pk).update(status="approved")


def test_a_checked_invoice_cannot_change_until_it_is_rejected_and_reopened(world: Any) -> None:
    invoice = economy_of(world).checked
    with pytest.raises(ValidationError):
        services.update(
            invoice, actor=world["alice"], expected_version=invoice.version, changes={"amount": 1}
        )
    with pytest.raises(ValidationError):
        invoice_services.reject(
            actor=world["carol"], invoice=invoice, expected_version=invoice.version, reason=" "
        )
    invoice = invoice_services.reject(
        actor=world["carol"], invoice=invoice, expected_version=invoice.version, reason="Forkert beløb"
    )
    assert (invoice.status, invoice.rejected_by, invoice.rejection_reason) == (
        "rejected",
        world["carol"],
        "Forkert beløb",
    )
    with pytest.raises(PermissionDenied):  # reopening is for those who write the product's economy
        invoice_services.reopen(actor=world["carol"], invoice=invoice, expected_version=invoice.version)
    invoice = invoice_services.reopen(actor=world["bob"], invoice=invoice, expected_version=invoice.version)
    assert (invoice.status, invoice.checked_by) == ("registered", None)
    invoice = services.update(
        invoice, actor=world["bob"], expected_version=invoice.version, changes={"amount": 1}
    )
    assert invoice.amount == 1


def test_a_stale_step_changes_nothing(world: Any) -> None:
    invoice = economy_of(world).received
    seen = invoice.version
    invoice_services.check(actor=world["alice"], invoice=invoice, expected_version=seen)
    with pytest.raises(ConflictError):
        invoice_services.reject(actor=world["alice"], invoice=invoice, expected_version=seen, reason="Nej")


def test_an_approved_invoice_stays(world: Any) -> None:
    invoice = economy_of(world).checked
    invoice = invoice_services.approve(actor=world["bob"], invoice=invoice, expected_version=invoice.version)
    with pytest.raises(ValidationError):
        invoice_services.delete(actor=world["alice"], invoice=invoice, expected_version=invoice.version)
    with pytest.raises(ValidationError):
        invoice_services.reject(
            actor=world["alice"], invoice=invoice, expected_version=invoice.version, reason="x"
        )


def test_an_invoice_is_booked_on_an_expense_account_of_its_own_product(world: Any) -> None:
    economy = economy_of(world)
    with pytest.raises(ValidationError):
        services.update(
            economy.received,
            actor=world["alice"],
            expected_version=economy.received.version,
            changes={"account": economy.accounts["00002"]},
        )
    from tests.economy.factories import accounts_for

    other = accounts_for(world.other_product)["00008"]
    with pytest.raises(ValidationError):
        services.update(
            economy.received,
            actor=world["alice"],
            expected_version=economy.received.version,
            changes={"account": other},
        )


def test_an_invoice_points_at_a_work_item_of_its_product_or_program_only(world: Any) -> None:
    from tests.planning.factories import WorkItemFactory

    invoice = economy_of(world).received
    ours = WorkItemFactory(timebox=None, product=world.product, title="Bedre søgning")
    programs = WorkItemFactory(
        timebox=None, product=None, program=world.product.program, title="Fælles login"
    )
    theirs = WorkItemFactory(timebox=None, product=world.other_product, title="Andet produkt")
    for item in (ours, programs):
        invoice = services.update(
            invoice, actor=world["alice"], expected_version=invoice.version, changes={"work_item": item}
        )
        assert ReceivedInvoice.objects.get(pk=invoice.pk).work_item == item
    with pytest.raises(ValidationError) as refused:
        services.update(
            invoice, actor=world["alice"], expected_version=invoice.version, changes={"work_item": theirs}
        )
    assert "work_item" in refused.value.message_dict
    assert ReceivedInvoice.objects.get(pk=invoice.pk).work_item == programs
