"""Approving an invoice received rests on a governance mandate: the approver's role (or a body they act
for) must hold an invoice-approval mandate with room for the amount; the secretariat approves as the
association's administration unless a mandate of its own limits it.

The shared economy (``economy_of``) gives carol (product coordinator of OS2alpha) a mandate of
50.000 kr. per invoice and bob (program manager of Velfærd) one of 100.000 kr. per invoice, both
granted by OS2alpha's steering group.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from programkontor.economy.models import ApprovalStatus, ReceivedInvoice
from programkontor.economy.selectors.mandates import approval_check
from programkontor.economy.services import invoices as invoice_services
from tests import factories as f
from tests.economy.factories import YEAR, economy_of
from tests.governance.factories import MandateFactory

_numbers = iter(range(100, 10_000))


def checked_invoice(world: Any, kroner: int, *, vat: int = 0) -> ReceivedInvoice:
    """An invoice of OS2alpha of ``kroner`` (excluding VAT), registered and checked by alice."""
    economy = economy_of(world)
    invoice = invoice_services.register(
        actor=world["alice"],
        fields={
            "product": world.product,
            "supplier": world.supplier,
            "supplier_invoice_number": f"M-{next(_numbers)}",
            "invoice_date": datetime.date(YEAR, 3, 1),
            "description": "Udvikling",
            "account": economy.accounts["00008"],
            "amount": kroner * 100,
            "vat": vat * 100,
        },
    )
    return invoice_services.check(actor=world["alice"], invoice=invoice, expected_version=invoice.version)


def approve(user: Any, invoice: ReceivedInvoice) -> ReceivedInvoice:
    return invoice_services.approve(actor=user, invoice=invoice, expected_version=invoice.version)


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def test_an_approval_within_the_coordinators_mandate_passes_and_names_it(world: Any) -> None:
    mandate = economy_of(world).mandates["coordinator"]
    invoice = approve(world["carol"], checked_invoice(world, 50_000, vat=12_500))  # exactly the limit
    assert (invoice.status, invoice.approved_by) == (ApprovalStatus.APPROVED, world["carol"])
    assert invoice.approved_under_mandate == mandate
    assert invoice.history.first().approved_under_mandate_id == mandate.pk


def test_above_the_limit_the_approval_is_refused_naming_the_mandate_and_nothing_is_saved(
    world: Any,
) -> None:
    invoice = checked_invoice(world, 50_001)
    seen = invoice.version
    with pytest.raises(PermissionDenied) as refused:
        approve(world["carol"], invoice)
    message = str(refused.value)
    assert "Produktkoordinatoren godkender fakturaer for OS2alpha" in message
    assert "50.000 kr." in message and "50.001 kr." in message
    assert "Styregruppen for OS2alpha" in message  # where to route it
    stored = ReceivedInvoice.objects.get(pk=invoice.pk)
    assert (stored.status, stored.approved_by, stored.version) == (ApprovalStatus.CHECKED, None, seen)
    assert not stored.history.filter(history_change_reason="approved").exists()


def test_the_amount_measured_is_the_amount_excluding_vat(world: Any) -> None:
    # 45.000 kr. + 25 % VAT is 56.250 kr. to pay, but the mandate (50.000 kr.) is measured without VAT.
    check = approval_check(world["carol"], checked_invoice(world, 45_000, vat=11_250))
    assert check.within and check.amount == Decimal("45000.00")


def test_an_expired_mandate_does_not_apply(world: Any) -> None:
    mandate = economy_of(world).mandates["coordinator"]
    mandate.valid_to = yesterday()
    mandate.save()
    invoice = checked_invoice(world, 1_000)
    with pytest.raises(PermissionDenied) as refused:
        approve(world["carol"], invoice)
    assert mandate.title not in str(refused.value)  # no mandate applies any more
    assert "Styregruppen for OS2alpha" in str(refused.value)
    assert ReceivedInvoice.objects.get(pk=invoice.pk).status == ApprovalStatus.CHECKED

    # A mandate that has not started yet does not apply either; a current one does.
    MandateFactory(
        title="Fremtidigt mandat",
        holder_role="product_coordinator",
        product=world.product,
        valid_from=timezone.localdate() + datetime.timedelta(days=1),
        limit_amount=Decimal("1000000"),
    )
    assert not approval_check(world["carol"], invoice).within
    current = MandateFactory(
        title="Nyt mandat", holder_role="product_coordinator", product=world.product, valid_from=yesterday()
    )
    assert approve(world["carol"], invoice).approved_under_mandate == current


def test_a_total_mandate_counts_what_was_approved_under_it(world: Any) -> None:
    economy = economy_of(world)
    economy.mandates["coordinator"].delete()
    total = MandateFactory(
        title="Udviklingsrammen 2026",
        holder_role="product_coordinator",
        product=world.product,
        grantor_body=world.steering,
        limit_amount=Decimal("12000"),
        limit_basis="total",
    )
    first = approve(world["carol"], checked_invoice(world, 5_000))
    assert first.approved_under_mandate == total
    # Approved by the secretariat without a mandate: it does not use the coordinator's total.
    sara = f.UserFactory(username="sara", is_secretariat=True)
    assert approve(sara, checked_invoice(world, 30_000)).approved_under_mandate is None

    too_much = checked_invoice(world, 8_000)  # 5.000 + 8.000 > 12.000
    check = approval_check(world["carol"], too_much)
    assert not check.within and check.mandate == total and check.used == Decimal("5000.00")
    with pytest.raises(PermissionDenied, match="Udviklingsrammen 2026"):
        approve(world["carol"], too_much)

    fits = approve(world["carol"], checked_invoice(world, 7_000))  # 5.000 + 7.000 = 12.000
    assert fits.approved_under_mandate == total
    assert not approval_check(world["carol"], checked_invoice(world, 1)).within  # nothing left


def test_the_most_specific_mandate_with_room_applies(world: Any) -> None:
    # bob has the program's 100.000 kr.; a product mandate of his role wins over the program's.
    product_mandate = MandateFactory(
        title="Programlederen godkender for OS2alpha",
        holder_role="program_manager",
        product=world.product,
        limit_amount=Decimal("20000"),
    )
    small = approve(world["bob"], checked_invoice(world, 15_000))
    assert small.approved_under_mandate == product_mandate
    with pytest.raises(PermissionDenied, match="Programlederen godkender for OS2alpha"):
        approve(world["bob"], checked_invoice(world, 60_000))


def test_a_body_the_approver_acts_for_may_hold_the_mandate(world: Any) -> None:
    group = f.BodyFactory(kind="coordination", product=world.product, name="Koordinationsgruppen OS2alpha")
    f.MembershipFactory(person=world["carol"].person, body=group)
    body_mandate = MandateFactory(
        title="Koordinationsgruppen godkender udviklingsfakturaer",
        holder_role="",
        holder_body=group,
        grantor_body=world.steering,
        product=world.product,
        limit_amount=Decimal("80000"),
    )
    carol = type(world["carol"]).objects.get(pk=world["carol"].pk)  # fresh: her access includes the group
    invoice = approve(carol, checked_invoice(world, 70_000))  # above her role's 50.000, within the group's
    assert invoice.approved_under_mandate == body_mandate
    with pytest.raises(PermissionDenied):
        approve(carol, checked_invoice(world, 90_000))


def test_the_secretariat_approves_without_a_mandate_unless_one_of_its_own_applies(world: Any) -> None:
    sara = f.UserFactory(username="sara", is_secretariat=True)
    big = approve(sara, checked_invoice(world, 900_000))
    assert big.status == ApprovalStatus.APPROVED and big.approved_under_mandate is None
    assert approval_check(sara, checked_invoice(world, 1)).without_mandate

    # The association's mandate for the secretariat limits it on every product.
    own = MandateFactory(
        title="Sekretariatet godkender fakturaer",
        holder_role="secretariat",
        grantor_description="Bestyrelsen",
        limit_amount=Decimal("250000"),
    )
    assert approve(sara, checked_invoice(world, 200_000)).approved_under_mandate == own
    refused = checked_invoice(world, 300_000)
    with pytest.raises(PermissionDenied, match="Sekretariatet godkender fakturaer"):
        approve(sara, refused)
    assert ReceivedInvoice.objects.get(pk=refused.pk).status == ApprovalStatus.CHECKED
    # Once it has expired, the secretariat approves as the administration again.
    own.valid_to = yesterday()
    own.save()
    assert approve(sara, refused).approved_under_mandate is None


def test_the_invoice_page_shows_the_mandate_before_the_approve_button(world: Any, client: Any) -> None:
    within = checked_invoice(world, 20_000)
    client.force_login(world["carol"])
    page = client.get(within.get_absolute_url()).content.decode()
    panel = page.index('id="invoice-mandate"')
    button = page.index(reverse("economy:received_invoice_approve", args=[within.pk]))
    assert panel < button
    assert 'data-within="true"' in page
    assert "Produktkoordinatoren godkender fakturaer for OS2alpha" in page
    assert "50.000,00 kr." in page and "20.000,00 kr." in page  # the limit and this invoice

    above = checked_invoice(world, 75_000)
    page = client.get(above.get_absolute_url()).content.decode()
    assert 'data-within="false"' in page and "Styregruppen for OS2alpha" in page
    assert reverse("economy:received_invoice_approve", args=[above.pk]) not in page

    # bob (program manager) is within his own mandate for the same invoice.
    client.force_login(world["bob"])
    page = client.get(above.get_absolute_url()).content.decode()
    assert 'data-within="true"' in page and "Programlederen godkender fakturaer i Velfærd" in page


def test_approving_above_the_mandate_on_the_page_is_refused_with_the_reason(world: Any, client: Any) -> None:
    invoice = checked_invoice(world, 75_000)
    url = reverse("economy:received_invoice_approve", args=[invoice.pk])
    client.force_login(world["carol"])
    confirm = client.get(url).content.decode()
    assert 'id="invoice-mandate"' in confirm and 'data-within="false"' in confirm
    response = client.post(url, {"version": invoice.version})
    assert response.status_code == 403
    assert "Produktkoordinatoren godkender fakturaer for OS2alpha" in response.content.decode()
    assert ReceivedInvoice.objects.get(pk=invoice.pk).status == ApprovalStatus.CHECKED

    within = checked_invoice(world, 10_000)
    response = client.post(
        reverse("economy:received_invoice_approve", args=[within.pk]), {"version": within.version}
    )
    assert response.status_code == 302
    within.refresh_from_db()
    assert within.status == ApprovalStatus.APPROVED
    trail = client.get(within.get_absolute_url()).content.decode()
    assert "Produktkoordinatoren godkender fakturaer for OS2alpha" in trail[trail.index("approval-trail") :]


def test_the_secretariat_sees_that_it_approves_without_a_mandate(world: Any, client: Any) -> None:
    sara = f.UserFactory(username="sara", is_secretariat=True)
    invoice = checked_invoice(world, 900_000)
    client.force_login(sara)
    page = client.get(invoice.get_absolute_url()).content.decode()
    assert 'data-within="true"' in page
    assert reverse("economy:received_invoice_approve", args=[invoice.pk]) in page


def test_the_api_refuses_an_approval_above_the_mandate_with_403_and_the_message(world: Any) -> None:
    invoice = checked_invoice(world, 75_000)
    api = APIClient()
    api.force_authenticate(world["carol"])
    url = reverse("api:receivedinvoice-detail", args=[invoice.pk])
    response = api.patch(url, {"status": "approved"}, format="json", HTTP_IF_MATCH=f'"{invoice.version}"')
    assert response.status_code == 403
    detail = response.json()["detail"]
    assert "Produktkoordinatoren godkender fakturaer for OS2alpha" in detail and "50.000 kr." in detail
    assert ReceivedInvoice.objects.get(pk=invoice.pk).status == ApprovalStatus.CHECKED

    # A plain refusal (not an approver at all) still says no more than the default.
    api.force_authenticate(world["dave"])
    response = api.patch(url, {"status": "approved"}, format="json", HTTP_IF_MATCH=f'"{invoice.version}"')
    assert response.status_code == 403 and "OS2alpha" not in response.json()["detail"]

    within = checked_invoice(world, 10_000)
    api.force_authenticate(world["carol"])
    response = api.patch(
        reverse("api:receivedinvoice-detail", args=[within.pk]),
        {"status": "approved"},
        format="json",
        HTTP_IF_MATCH=f'"{within.version}"',
    )
    assert response.status_code == 200, response.content
    assert response.json()["approved_under_mandate"] == economy_of(world).mandates["coordinator"].pk
