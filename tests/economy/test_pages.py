"""The economy's pages, read as their users read them: what each page shows to whom, and what the
forms do."""

from __future__ import annotations

import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programkontor.core import services
from programkontor.economy.models import (
    Actual,
    ActualImport,
    BudgetLine,
    BudgetVersion,
    ContributionInvoice,
    ReceivedInvoice,
    VersionStatus,
)
from programkontor.economy.services import budgets as budget_services
from tests import factories as f
from tests.economy.factories import YEAR, accounts_for, decision, economy_of


def text(response: Any) -> str:
    return response.content.decode()


def login(client: Any, world: Any, name: str) -> Any:
    client.force_login(world[name])
    return client


def ledger_url(world: Any, year: int = YEAR) -> str:
    return reverse("economy:ledger", args=[world.product.slug, year])


# --- Budget against actual -------------------------------------------------------------------------


def test_the_ledger_shows_budget_actual_and_forecast_per_account(world: Any, client: Any) -> None:
    economy_of(world)
    page = text(login(client, world, "carol").get(ledger_url(world) + f"?as_of={YEAR}-02-28"))
    row = page[page.index("00005 Drift") : page.index("</tr>", page.index("00005 Drift"))]
    assert "20.000,00 kr." in row  # the approved budget
    assert "1.234,56 kr." in row  # the actual of 3 February
    assert "3.232,88 kr." in row  # the budget to 28 February: 20.000 x 59/365
    development = page[page.index("00008 Udvikling") : page.index("</tr>", page.index("00008 Udvikling"))]
    assert "25.000,00 kr." in development  # the manual forecast
    assert 'id="ledger-expenses-title"' in page  # the SVG chart


def _year_arrows(page: str) -> tuple[str | None, str | None]:
    def label(rel: str) -> str | None:
        at = page.find(f'rel="{rel}">')
        return None if at < 0 else page[at + len(rel) + 7 : page.index("</a>", at)].strip()

    return label("prev"), label("next")


@pytest.mark.parametrize("page", ["economy:ledger", "economy:contributions"])
def test_the_year_arrows_stop_at_the_years_with_data(world: Any, client: Any, page: str) -> None:
    """The product has budgets for YEAR and the year after: its pages step from YEAR to the year
    after the last of them (or after this year), never to an empty 1999 or 2101."""
    economy_of(world)
    client.force_login(world["alice"])
    this_year = datetime.date.today().year

    def arrows(year: int) -> tuple[str | None, str | None]:
        return _year_arrows(client.get(reverse(page, args=[world.product.slug, year])).content.decode())

    assert arrows(YEAR)[0] is None  # nothing before the first budget
    last = max(YEAR + 1, this_year) + 1
    assert arrows(last) == (f"← {last - 1}", None)
    assert arrows(2000) == (None, "2001 →")
    assert arrows(2100) == ("← 2099", None)


def test_the_ledger_can_compare_with_another_version(world: Any, client: Any) -> None:
    economy = economy_of(world)
    accounts = economy.accounts
    budget_services.save_lines(
        actor=world["alice"],
        version=economy.draft,
        expected_version=economy.draft.version,
        amounts={accounts["00005"].pk: 77_000_00},
    )
    login(client, world, "alice")
    assert "77.000,00 kr." not in text(client.get(ledger_url(world)))
    assert "77.000,00 kr." in text(client.get(ledger_url(world) + "?version=2"))


def test_the_ledger_is_not_found_for_those_outside_the_economy(world: Any, client: Any) -> None:
    economy_of(world)
    assert login(client, world, "erin").get(ledger_url(world)).status_code == 404
    Product = type(world.product)
    Product.objects.filter(pk=world.product.pk).update(is_published=True)
    client.logout()
    assert client.get(ledger_url(world)).status_code == 404


# --- Budgets ----------------------------------------------------------------------------------------


def test_a_program_manager_creates_a_budget_and_edits_its_lines(world: Any, client: Any) -> None:
    accounts = accounts_for(world.product)
    login(client, world, "bob")
    response = client.post(
        reverse("economy:budget_add"), {"product": world.product.pk, "year": YEAR, "notes": "Første udkast"}
    )
    assert response.status_code == 302
    version = BudgetVersion.objects.get(budget__product=world.product, budget__year=YEAR)
    lines_url = reverse("economy:budget_version_lines", args=[version.pk])
    response = client.post(
        lines_url,
        {
            "version": version.version,
            f"amount_{accounts['00005'].pk}": "12.500,50",
            f"note_{accounts['00005'].pk}": "Hosting",
            f"amount_{accounts['00008'].pk}": "1000.25",
            f"amount_{accounts['00006'].pk}": "",
        },
    )
    assert response.status_code == 302
    assert {line.account.number: line.amount for line in version.lines.select_related("account")} == {
        "00005": 12_500_50,
        "00008": 1_000_25,
    }
    response = client.post(
        lines_url, {"version": version.version, f"amount_{accounts['00005'].pk}": "12,3,4"}
    )
    assert response.status_code == 400  # the form shows the bad amount; nothing changes
    assert BudgetLine.objects.get(budget_version=version, account=accounts["00005"]).amount == 12_500_50


def test_a_stale_lines_form_is_refused_with_409(world: Any, client: Any) -> None:
    economy = economy_of(world)
    accounts = economy.accounts
    url = reverse("economy:budget_version_lines", args=[economy.draft.pk])
    login(client, world, "bob")
    stale = economy.draft.version
    client.post(url, {"version": stale, f"amount_{accounts['00005'].pk}": "1"})
    response = client.post(url, {"version": stale, f"amount_{accounts['00005'].pk}": "2"})
    assert response.status_code == 409
    assert BudgetLine.objects.get(budget_version=economy.draft, account=accounts["00005"]).amount == 100


def test_proposing_and_approving_through_the_pages(world: Any, client: Any) -> None:
    economy = economy_of(world)
    draft = economy.draft
    login(client, world, "bob")
    client.post(reverse("economy:budget_version_propose", args=[draft.pk]), {"version": draft.version})
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PROPOSED
    page = text(client.get(reverse("economy:budget_version_approve", args=[draft.pk])))
    assert economy.decision.title in page
    response = client.post(
        reverse("economy:budget_version_approve", args=[draft.pk]),
        {"version": draft.version, "decision": economy.decision.pk},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.APPROVED and draft.decision == economy.decision
    detail = text(client.get(draft.get_absolute_url()))
    assert economy.decision.title in detail
    assert reverse("economy:budget_version_lines", args=[draft.pk]) not in detail  # no more editing


def test_the_approved_version_cannot_be_edited_through_the_lines_form(world: Any, client: Any) -> None:
    economy = economy_of(world)
    approved = economy.approved
    accounts = economy.accounts
    login(client, world, "alice")
    response = client.post(
        reverse("economy:budget_version_lines", args=[approved.pk]),
        {"version": approved.version, f"amount_{accounts['00005'].pk}": "1"},
    )
    assert response.status_code == 400
    assert BudgetLine.objects.get(budget_version=approved, account=accounts["00005"]).amount == 20_000_00


def test_a_published_approved_budget_is_public_and_a_draft_is_not(world: Any, client: Any) -> None:
    economy = economy_of(world)
    Product = type(world.product)
    Product.objects.filter(pk=world.product.pk).update(is_published=True)
    approved_url = economy.approved.get_absolute_url()
    assert client.get(approved_url).status_code == 404
    budget_services.set_published(
        actor=world["alice"],
        version=economy.approved,
        expected_version=economy.approved.version,
        published=True,
    )
    page = text(client.get(approved_url))
    assert "20.000,00 kr." in page and "00005 Drift" in page
    assert "Budget against actual" not in page and "Budget mod regnskab" not in page  # internal links
    assert client.get(economy.draft.get_absolute_url()).status_code == 404
    home = text(client.get(reverse("economy:home")))
    assert approved_url in home
    # Published budgets of private products stay hidden.
    Product.objects.filter(pk=world.product.pk).update(is_published=False)
    assert client.get(approved_url).status_code == 404


# --- Actuals: import -------------------------------------------------------------------------------


def upload(client: Any, world: Any, content: str, name: str = "posteringer.csv") -> Any:
    url = reverse("economy:actual_import") + f"?product={world.product.slug}"
    return client.post(url, {"file": SimpleUploadedFile(name, content.encode())})


BAD = "dato;konto;beløb;tekst;bilagsnummer\n01.03.2026;00005;100,00;A;X-1\n02.03.2026;00005;1,2,3;B;X-2\n"
GOOD = "dato;konto;beløb;tekst;bilagsnummer\n01.03.2026;00005;100,00;A;X-1\n02.03.2026;00005;1,23;B;X-2\n"


def test_importing_a_file_with_a_bad_row_shows_the_row_and_saves_nothing(world: Any, client: Any) -> None:
    accounts_for(world.product)
    login(client, world, "bob")
    response = upload(client, world, BAD)
    assert response.status_code == 400
    page = text(response)
    assert 'id="import-errors"' in page
    assert "3: " in page and "1,2,3" in page
    assert Actual.objects.count() == 0 and ActualImport.objects.count() == 0


def test_importing_a_good_file_previews_it_then_saves_it_on_confirmation(world: Any, client: Any) -> None:
    accounts_for(world.product)
    login(client, world, "bob")
    response = upload(client, world, GOOD)
    assert response.status_code == 302
    staged = ActualImport.objects.get()
    preview = text(client.get(response["Location"]))
    assert "101,23 kr." in preview and 'id="confirm-import"' in preview
    assert Actual.objects.count() == 0
    response = client.post(
        reverse("economy:actual_import_confirm", args=[staged.pk]), {"version": staged.version}
    )
    assert response.status_code == 302 and response["Location"] == ledger_url(world)
    assert sorted(Actual.objects.values_list("amount", flat=True)) == [123, 100_00]
    assert "101,23 kr." in text(client.get(ledger_url(world)))


def test_the_import_page_asks_for_the_product_first(world: Any, client: Any) -> None:
    login(client, world, "bob")
    page = text(client.get(reverse("economy:actual_import")))
    assert 'name="product"' in page and world.product.name in page
    assert world.other_product.name not in page  # grace's program


def test_entering_a_posting_by_hand(world: Any, client: Any) -> None:
    accounts = accounts_for(world.product)
    login(client, world, "bob")
    url = reverse("economy:actual_add") + f"?product={world.product.slug}"
    response = client.post(
        url,
        {
            "account": accounts["00009"].pk,
            "date": f"{YEAR}-04-01",
            "amount": "7.500",
            "document_number": "H-1",
        },
    )
    assert response.status_code == 302
    actual = Actual.objects.get(document_number="H-1")
    assert (actual.amount, actual.product) == (7_500_00, world.product)
    duplicate = client.post(
        url,
        {"account": accounts["00009"].pk, "date": f"{YEAR}-04-02", "amount": "1", "document_number": "H-1"},
    )
    assert duplicate.status_code == 400


# --- Contributions -----------------------------------------------------------------------------------


def test_the_contributions_page_shows_the_calculation_per_authority(world: Any, client: Any) -> None:
    economy_of(world)
    f.PopulationFigureFactory(
        organisation=world.municipality, date=datetime.date(YEAR - 1, 1, 1), population=25_000
    )
    page = text(
        login(client, world, "dave").get(reverse("economy:contributions", args=[world.product.slug, YEAR]))
    )
    row = page[page.index("Testrup Kommune") : page.index("</tr>", page.index("Testrup Kommune"))]
    assert "25.000" in row and "01.01.2025" in row
    assert "34.880,00 kr." in row  # Mellem, member, whole year
    assert "12/12 = 34.880,00 kr." in row  # the calculation written out
    assert (
        reverse("economy:contributions_plan", args=[world.product.slug, YEAR]) not in page
    )  # dave reads only


def test_planning_the_invoices_from_the_page(world: Any, client: Any) -> None:
    economy_of(world)
    ContributionInvoice.objects.all().delete()
    f.PopulationFigureFactory(
        organisation=world.municipality, date=datetime.date(YEAR - 1, 1, 1), population=5_000
    )
    login(client, world, "bob")
    response = client.post(reverse("economy:contributions_plan", args=[world.product.slug, YEAR]))
    assert response.status_code == 302
    invoice = ContributionInvoice.objects.get()
    assert (invoice.organisation, invoice.amount, invoice.account.number) == (
        world.municipality,
        23_980_00,
        "00002",
    )


def test_an_authoritys_people_see_their_own_invoices_only(world: Any, client: Any) -> None:
    economy = economy_of(world)
    other = f.MunicipalityFactory(name="Andeby Kommune")
    services.create(
        ContributionInvoice,
        actor=None,
        fields={
            "product": world.product,
            "year": YEAR,
            "organisation": other,
            "kind": "annual_fee",
            "account": economy.accounts["00002"],
            "amount": 1_00,
            "planned_on": datetime.date(YEAR, 1, 1),
        },
    )
    user = f.UserFactory(username="kommune")
    f.PersonFactory(user=user, organisation=world.municipality)
    client.force_login(user)
    page = text(client.get(reverse("economy:contribution_invoice_list")))
    table = page[page.index('id="contribution-invoices"') :]
    assert "Testrup Kommune" in table and "23.980,00 kr." in table
    assert "Andeby Kommune" not in table
    assert client.get(reverse("economy:contributions", args=[world.product.slug, YEAR])).status_code == 404


# --- Invoices received -----------------------------------------------------------------------------


def test_the_two_step_approval_through_the_pages(world: Any, client: Any) -> None:
    invoice = economy_of(world).received
    detail = invoice.get_absolute_url()
    login(client, world, "alice")
    assert reverse("economy:received_invoice_check", args=[invoice.pk]) in text(client.get(detail))
    client.post(reverse("economy:received_invoice_check", args=[invoice.pk]), {"version": invoice.version})
    invoice.refresh_from_db()
    assert invoice.status == "checked"
    page = text(client.get(detail))
    assert reverse("economy:received_invoice_approve", args=[invoice.pk]) not in page  # alice checked it
    response = client.post(
        reverse("economy:received_invoice_approve", args=[invoice.pk]), {"version": invoice.version}
    )
    assert response.status_code == 400  # alice may approve in general, but the step refuses the checker
    invoice.refresh_from_db()
    assert invoice.status == "checked"
    login(client, world, "carol")
    assert reverse("economy:received_invoice_approve", args=[invoice.pk]) in text(client.get(detail))
    client.post(reverse("economy:received_invoice_approve", args=[invoice.pk]), {"version": invoice.version})
    invoice.refresh_from_db()
    assert (invoice.status, invoice.approved_by) == ("approved", world["carol"])
    trail = text(client.get(detail))
    assert "Alice Testsen" in trail and "Carol Testsen" in trail


def test_the_postings_offer_edit_only_on_the_rows_the_reader_may_change(world: Any, client: Any) -> None:
    economy = economy_of(world)
    edit = reverse("economy:actual_edit", args=[economy.actual.pk])
    login(client, world, "frank")  # the board reads every posting and changes none
    page = text(client.get(reverse("economy:actual_list")))
    assert "1.234,56" in page and edit not in page
    login(client, world, "bob")  # the program manager of the posting's program
    assert edit in text(client.get(reverse("economy:actual_list")))


def test_a_supplier_sees_its_own_invoice_but_nothing_else_of_the_economy(world: Any, client: Any) -> None:
    economy = economy_of(world)
    login(client, world, "erin")
    page = text(client.get(reverse("economy:received_invoice_list")))
    assert "F-1" in page and "F-2" in page
    detail = text(client.get(economy.received.get_absolute_url()))
    assert "10.000,00 kr." in detail
    assert client.get(economy.approved.get_absolute_url()).status_code == 404
    assert "1.234,56" not in text(client.get(reverse("economy:actual_list")))
    assert client.get(reverse("economy:contributions", args=[world.product.slug, YEAR])).status_code == 404
    other_supplier = f.SupplierFactory()
    ReceivedInvoice.objects.filter(pk=economy.received.pk).update(supplier=other_supplier)
    assert client.get(economy.received.get_absolute_url()).status_code == 404


# --- The overview and its export ---------------------------------------------------------------------


def test_the_overview_flags_deviations_above_the_threshold(world: Any, client: Any) -> None:
    economy = economy_of(world)
    services.create(
        Actual,
        actor=None,
        fields={
            "product": world.product,
            "account": economy.accounts["00008"],
            "date": datetime.date(YEAR, 3, 1),
            "amount": 29_000_00,
            "document_number": "BIG",
        },
    )
    login(client, world, "frank")
    page = text(client.get(reverse("economy:overview") + f"?year={YEAR}&quarter=1&threshold=10"))
    row = page[page.index(ledger_url(world)) : page.index("</tr>", page.index(ledger_url(world)))]
    assert "pk-flag" in row
    assert "30.234,56 kr." in row  # actual expenses to the end of the quarter
    assert 'id="overview-deviations-title"' in page
    calm = text(client.get(reverse("economy:overview") + f"?year={YEAR}&quarter=1&threshold=1000"))
    calm_row = calm[calm.index(ledger_url(world)) : calm.index("</tr>", calm.index(ledger_url(world)))]
    assert "pk-flag" not in calm_row


def test_the_overview_shows_only_products_whose_economy_the_user_reads(world: Any, client: Any) -> None:
    economy_of(world)
    other = accounts_for(world.other_product)
    services.create(
        Actual,
        actor=None,
        fields={
            "product": world.other_product,
            "account": other["00005"],
            "date": datetime.date(YEAR, 2, 1),
            "amount": 1,
        },
    )
    page = text(login(client, world, "grace").get(reverse("economy:overview") + f"?year={YEAR}&quarter=1"))
    assert "OS2beta" in page and "OS2alpha" not in page
    page = text(login(client, world, "alice").get(reverse("economy:overview") + f"?year={YEAR}&quarter=1"))
    assert "OS2beta" in page and "OS2alpha" in page


def test_the_overview_exports_one_sheet_per_product_values_only_and_neutralised(
    world: Any, client: Any
) -> None:
    economy = economy_of(world)
    services.update(
        economy.accounts["00005"],
        actor=None,
        expected_version=economy.accounts["00005"].version,
        changes={"name": '=HYPERLINK("http://evil")'},
    )
    type(world.product).objects.filter(pk=world.product.pk).update(name="@OS2alpha")
    response = login(client, world, "alice").get(reverse("economy:overview_xlsx") + f"?year={YEAR}&quarter=1")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'oekonomi-{YEAR}-k1.xlsx"')
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] in ("All products", "Alle produkter")
    assert "@OS2alpha" in workbook.sheetnames
    summary = workbook.worksheets[0]
    names = [row[0] for row in summary.iter_rows(values_only=True)]
    assert "'@OS2alpha" in names
    product_sheet = workbook["@OS2alpha"]
    values = [cell for row in product_sheet.iter_rows(values_only=True) for cell in row]
    assert '\'=HYPERLINK("http://evil")' in values
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    drift = next(row for row in product_sheet.iter_rows(values_only=True) if row[0] == "00005")
    assert drift[3] == 20000  # the budget, as a number of kroner


# --- The product page's panel ------------------------------------------------------------------------


def test_the_product_page_shows_the_economy_panel_to_its_readers(world: Any, client: Any) -> None:
    economy_of(world)
    page = text(login(client, world, "dave").get(world.product.get_absolute_url()))
    assert 'id="economy-panel"' in page
    assert ledger_url(world, datetime.date.today().year) in page
    page = text(login(client, world, "erin").get(world.product.get_absolute_url()))
    assert 'id="economy-panel"' not in page


def test_anonymous_visitors_see_the_published_budget_in_the_panel(world: Any, client: Any) -> None:
    this_year = datetime.date.today().year
    accounts = accounts_for(world.published_product)
    budget = budget_services.create_budget(
        actor=world["alice"], product=world.published_product, year=this_year
    )
    version = budget.versions.get()
    version = budget_services.save_lines(
        actor=world["alice"],
        version=version,
        expected_version=version.version,
        amounts={accounts["00005"].pk: 9_000_00},
    )
    version = budget_services.propose(actor=world["alice"], version=version, expected_version=version.version)
    version = budget_services.approve(
        actor=world["alice"],
        version=version,
        expected_version=version.version,
        decision=decision(product=world.published_product),
    )
    page = text(client.get(world.published_product.get_absolute_url()))
    assert 'id="economy-panel"' not in page
    budget_services.set_published(
        actor=world["alice"], version=version, expected_version=version.version, published=True
    )
    page = text(client.get(world.published_product.get_absolute_url()))
    assert 'id="economy-panel"' in page and "9.000,00 kr." in page
    assert version.get_absolute_url() in page


def test_the_menu_has_the_economy(world: Any, client: Any) -> None:
    page = text(client.get(reverse("portfolio:overview")))
    assert f'href="{reverse("economy:home")}"' in page


@pytest.mark.parametrize("name", ["bob", "alice"])
def test_the_chart_of_accounts_is_the_secretariats_to_edit(world: Any, client: Any, name: str) -> None:
    accounts = accounts_for(world.product)
    login(client, world, name)
    response = client.get(reverse("economy:account_edit", args=[accounts["00005"].pk]))
    assert response.status_code == (200 if name == "alice" else 403)


def test_the_invoice_form_offers_the_products_work_items_and_the_page_links_the_chosen_one(
    world: Any, client: Any
) -> None:
    from tests.planning.factories import WorkItemFactory

    invoice = economy_of(world).received
    ours = WorkItemFactory(timebox=None, product=world.product, title="Bedre søgning")
    theirs = WorkItemFactory(timebox=None, product=world.other_product, title="Andet produkts opgave")
    client.force_login(world["alice"])
    edit = reverse("economy:received_invoice_edit", args=[invoice.pk])
    form = client.get(edit).context["form"]
    offered = set(form.fields["work_item"].queryset)
    assert ours in offered
    assert theirs not in offered
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"version": invoice.version, "work_item": theirs.pk, "amount": "1000,00", "vat": "0,00"})
    refused = client.post(edit, data)
    assert refused.status_code == 400
    assert "work_item" in refused.context["form"].errors
    assert ReceivedInvoice.objects.get(pk=invoice.pk).work_item is None
    data["work_item"] = ours.pk
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = text(client.get(reverse("economy:received_invoice_detail", args=[invoice.pk])))
    assert "Bedre søgning" in page
    assert ours.get_absolute_url() in page
