"""The economy's demo data: loaded after the demo portfolio, idempotent, rich enough for every page."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command
from django.utils import timezone

from programkontor.economy import demo
from programkontor.economy.demo.invoices import approval_mandate_titles
from programkontor.economy.models import (
    Account,
    Actual,
    ActualImport,
    ApprovalStatus,
    AssociationTariff,
    Budget,
    BudgetVersion,
    ContributionInvoice,
    Forecast,
    ReceivedInvoice,
    TariffSheet,
)

MODELS = (Account, Budget, BudgetVersion, Actual, ActualImport, Forecast, TariffSheet, AssociationTariff)


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count() for model in (*MODELS, ContributionInvoice, ReceivedInvoice)
    }


def test_the_demo_has_every_kind_of_economy_and_is_idempotent(db: Any) -> None:
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "Økonomi:" in out.getvalue()
    first = counts()
    assert all(first.values()), first

    year = timezone.localdate().year
    statuses = set(BudgetVersion.objects.filter(budget__year=year).values_list("status", flat=True))
    assert statuses == {"approved", "draft"}
    approved = BudgetVersion.objects.filter(status="approved", budget__product__slug="os2rollekatalog").get()
    assert approved.decision is not None and approved.is_published
    assert set(ReceivedInvoice.objects.values_list("status", flat=True)) == {
        ApprovalStatus.REGISTERED,
        ApprovalStatus.CHECKED,
        ApprovalStatus.APPROVED,
        ApprovalStatus.REJECTED,
    }
    assert Actual.objects.filter(date__year=year).exists()
    assert TariffSheet.objects.filter(
        annual_small_member=23_980_00, joining_very_large_member=350_000_00
    ).exists()
    assert ContributionInvoice.objects.filter(product__isnull=True, kind="membership_fee").exists()
    assert ContributionInvoice.objects.filter(kind="joining_fee").exists()  # two authorities joined this year

    call_command("demo", stdout=io.StringIO())
    assert counts() == first

    demo.delete_demo()
    assert not any(model.objects.exists() for model in (*MODELS, ContributionInvoice, ReceivedInvoice))


def test_the_demo_approvers_hold_mandates_so_the_checked_invoice_can_be_approved(db: Any) -> None:
    from programkontor.accounts.models import User
    from programkontor.economy.services import invoices as invoice_services
    from programkontor.governance.models import Mandate

    call_command("demo", stdout=io.StringIO())
    coordinator = User.objects.get(username="produktkoordinator")
    approved = ReceivedInvoice.objects.get(status=ApprovalStatus.APPROVED)
    assert approved.approved_under_mandate is not None  # the demo's approval rests on a mandate
    checked = ReceivedInvoice.objects.get(status=ApprovalStatus.CHECKED)
    done = invoice_services.approve(actor=coordinator, invoice=checked, expected_version=checked.version)
    assert done.approved_under_mandate == approved.approved_under_mandate
    assert Mandate.objects.filter(kind="invoice_approval", holder_role="product_owner").exists()

    demo.delete_demo()
    assert not Mandate.objects.filter(title__in=approval_mandate_titles()).exists()
