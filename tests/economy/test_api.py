"""The economy's API: reading through the gate, the domain steps by PATCH, the upload of actuals,
the calculation and the invoice plan, and the inherited optimistic locking."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from programkontor.economy.models import (
    Actual,
    ActualImport,
    BudgetVersion,
    ContributionInvoice,
    ReceivedInvoice,
)
from tests import factories as f
from tests.economy.factories import YEAR, economy_of


def client_for(world: Any, name: str | None) -> APIClient:
    client = APIClient()
    if name:
        client.force_authenticate(world[name])
    return client


def detail(basename: str, pk: int) -> str:
    return reverse(f"api:{basename}-detail", args=[pk])


def listing(basename: str) -> str:
    return reverse(f"api:{basename}-list")


def test_lists_show_only_what_the_reader_may_see(world: Any) -> None:
    economy_of(world)
    for name, expected in (("alice", 1), ("dave", 1), ("erin", 0), ("grace", 0), (None, 0)):
        response = client_for(world, name).get(listing("actual"))
        assert response.status_code == 200
        assert response.json()["count"] == expected, name
    received = client_for(world, "erin").get(listing("receivedinvoice")).json()
    assert {row["supplier_invoice_number"] for row in received["results"]} == {"F-1", "F-2"}
    assert "notes" not in received["results"][0]  # internal to the economy's readers


def test_amounts_are_exact_integers_of_ore(world: Any) -> None:
    economy = economy_of(world)
    body = client_for(world, "alice").get(detail("actual", economy.actual.pk)).json()
    assert body["amount"] == 123456 and body["amount_dkk"] == "1.234,56 kr."


def test_a_budget_version_is_proposed_and_approved_by_patch(world: Any) -> None:
    economy = economy_of(world)
    draft = economy.draft
    client = client_for(world, "bob")
    response = client.patch(
        detail("budgetversion", draft.pk), {"status": "proposed"}, HTTP_IF_MATCH=f'"{draft.version}"'
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "proposed"
    version = response.json()["version"]
    response = client.patch(
        detail("budgetversion", draft.pk), {"status": "approved"}, HTTP_IF_MATCH=f'"{version}"'
    )
    assert response.status_code == 400 and "decision" in response.json()
    response = client.patch(
        detail("budgetversion", draft.pk),
        {"status": "approved", "decision": economy.decision.pk},
        HTTP_IF_MATCH=f'"{version}"',
    )
    assert response.status_code == 200, response.content
    assert response.json()["decision"] == economy.decision.pk
    assert response["ETag"] == f'"{response.json()["version"]}"'
    approved = BudgetVersion.objects.get(pk=draft.pk)
    response = client.patch(
        detail("budgetversion", draft.pk), {"note": "Ændret"}, HTTP_IF_MATCH=f'"{approved.version}"'
    )
    assert response.status_code == 400  # an approved version never changes
    response = client.patch(
        detail("budgetversion", draft.pk), {"is_published": True}, HTTP_IF_MATCH=f'"{approved.version}"'
    )
    assert response.status_code == 200 and response.json()["is_published"] is True


def test_budget_lines_of_an_approved_version_cannot_be_changed(world: Any) -> None:
    economy = economy_of(world)
    line = economy.approved.lines.first()
    assert line is not None
    response = client_for(world, "alice").patch(
        detail("budgetline", line.pk), {"amount": 1}, HTTP_IF_MATCH=f'"{line.version}"'
    )
    assert response.status_code == 400
    response = client_for(world, "alice").post(
        listing("budgetline"),
        {"budget_version": economy.approved.pk, "account": economy.accounts["00011"].pk, "amount": 1},
    )
    assert response.status_code == 400


def test_optimistic_locking_is_inherited(world: Any) -> None:
    economy = economy_of(world)
    client = client_for(world, "alice")
    url = detail("forecast", economy.forecast.pk)
    assert client.patch(url, {"note": "x"}).status_code == 428
    assert client.patch(url, {"note": "x"}, HTTP_IF_MATCH='"99"').status_code == 412
    assert client.patch(url, {"note": "x", "version": 99}).status_code == 409
    response = client.patch(url, {"note": "x"}, HTTP_IF_MATCH=f'"{economy.forecast.version}"')
    assert response.status_code == 200 and response.json()["note"] == "x"


def test_an_invoice_received_is_checked_and_approved_by_patch_by_two_people(world: Any) -> None:
    economy = economy_of(world)
    invoice = economy.received
    response = client_for(world, "alice").patch(
        detail("receivedinvoice", invoice.pk), {"status": "checked"}, HTTP_IF_MATCH=f'"{invoice.version}"'
    )
    assert response.status_code == 200, response.content
    version = response.json()["version"]
    response = client_for(world, "alice").patch(
        detail("receivedinvoice", invoice.pk), {"status": "approved"}, HTTP_IF_MATCH=f'"{version}"'
    )
    assert response.status_code == 400  # the checker cannot approve
    response = client_for(world, "dave").patch(
        detail("receivedinvoice", invoice.pk), {"status": "approved"}, HTTP_IF_MATCH=f'"{version}"'
    )
    assert response.status_code == 403  # a steering-group member reads, but does not approve invoices
    response = client_for(world, "carol").patch(
        detail("receivedinvoice", invoice.pk), {"status": "approved"}, HTTP_IF_MATCH=f'"{version}"'
    )
    assert response.status_code == 200, response.content
    stored = ReceivedInvoice.objects.get(pk=invoice.pk)
    assert (stored.checked_by, stored.approved_by) == (world["alice"], world["carol"])


def test_actuals_are_uploaded_checked_and_saved(world: Any) -> None:
    economy_of(world)
    client = client_for(world, "bob")
    header = "dato;konto;beløb;tekst;bilagsnummer\n"
    bad = (header + "01.05.2026;00005;10,00;A;U-1\n02.05.2026;00005;1,2,3;B;U-2\n").encode()
    response = client.post(
        listing("actualimport"),
        {"product": world.product.pk, "file": SimpleUploadedFile("maj.csv", bad)},
        format="multipart",
    )
    assert response.status_code == 400
    assert [(e["row"], e["field"]) for e in response.json()["errors"]] == [(3, "amount")]
    assert Actual.objects.filter(document_number__startswith="U-").count() == 0

    good = bad.replace(b"1,2,3", b"1,23")
    response = client.post(
        listing("actualimport"),
        {"product": world.product.pk, "file": SimpleUploadedFile("maj.csv", good)},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    staged = response.json()
    assert staged["status"] == "previewed" and staged["preview"]["total"] == 1123
    response = client.patch(
        detail("actualimport", staged["id"]), {"status": "imported"}, HTTP_IF_MATCH=f'"{staged["version"]}"'
    )
    assert response.status_code == 200, response.content
    assert ActualImport.objects.get(pk=staged["id"]).rows_imported == 2
    assert Actual.objects.filter(document_number__startswith="U-").count() == 2


def test_the_calculation_and_the_invoice_plan(world: Any) -> None:
    economy_of(world)
    ContributionInvoice.objects.all().delete()
    f.PopulationFigureFactory(
        organisation=world.municipality, date=datetime.date(YEAR - 1, 1, 1), population=130_000
    )
    response = client_for(world, "dave").get(
        reverse("api:contributioninvoice-calculation"), {"product": world.product.slug, "year": YEAR}
    )
    assert response.status_code == 200
    data = response.json()
    testrup = data["authorities"][0]
    assert (testrup["code"], testrup["size_class"], testrup["member"], testrup["months_charged"]) == (
        "999",
        "very_large",
        True,
        12,
    )
    assert testrup["annual_fee"] == 56680.00 and data["grand_total"] == 56680.00
    assert (
        client_for(world, "dave")
        .post(reverse("api:contributioninvoice-plan"), {"product": world.product.slug, "year": YEAR})
        .status_code
        == 403
    )
    response = client_for(world, "bob").post(
        reverse("api:contributioninvoice-plan"), {"product": world.product.slug, "year": YEAR}
    )
    assert response.status_code == 200 and response.json()["created"] == 1
    assert ContributionInvoice.objects.get().amount == 56_680_00


def test_an_authoritys_people_read_their_own_contribution_invoices(world: Any) -> None:
    economy = economy_of(world)
    user = f.UserFactory(username="kommune")
    f.PersonFactory(user=user, organisation=world.municipality)
    client = APIClient()
    client.force_authenticate(user)
    rows = client.get(listing("contributioninvoice")).json()["results"]
    assert [row["id"] for row in rows] == [economy.invoice.pk]
    assert "notes" not in rows[0]
    assert (
        client.patch(
            detail("contributioninvoice", economy.invoice.pk), {"notes": "x"}, HTTP_IF_MATCH='"1"'
        ).status_code
        == 403
    )


def test_a_budget_cannot_move_to_another_product_or_year(world: Any) -> None:
    economy = economy_of(world)
    response = client_for(world, "alice").patch(
        detail("budget", economy.budget.pk), {"year": YEAR + 7}, HTTP_IF_MATCH=f'"{economy.budget.version}"'
    )
    assert response.status_code == 400


def test_a_tariff_sheet_is_published_by_patch_and_then_public(world: Any) -> None:
    economy = economy_of(world)
    sheet = economy.sheet
    type(world.product).objects.filter(pk=world.product.pk).update(is_published=True)
    assert client_for(world, None).get(detail("tariffsheet", sheet.pk)).status_code == 404
    response = client_for(world, "bob").patch(
        detail("tariffsheet", sheet.pk), {"is_published": True}, HTTP_IF_MATCH=f'"{sheet.version}"'
    )
    assert response.status_code == 200, response.content
    public = client_for(world, None).get(detail("tariffsheet", sheet.pk))
    assert public.status_code == 200
    assert public.json()["annual_small_member"] == 23_980_00
    assert "notes" not in public.json()
