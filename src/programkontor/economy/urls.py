from django.urls import path

from programkontor.economy.views import (
    accounts,
    actuals,
    budgets,
    contributions,
    home,
    invoices,
    ledger,
    tariffs,
)

app_name = "economy"

urlpatterns = [
    path("", home.EconomyHomeView.as_view(), name="home"),
    path("kvartal/", home.OverviewView.as_view(), name="overview"),
    path("kvartal/oekonomi.xlsx", home.OverviewXlsxView.as_view(), name="overview_xlsx"),
    # Chart of accounts
    path("kontoplan/", accounts.AccountListView.as_view(), name="account_list"),
    path("kontoplan/ny/", accounts.AccountFormView.as_view(), name="account_add"),
    path("kontoplan/standard/", accounts.ChartSeedView.as_view(), name="chart_seed"),
    path("kontoplan/<int:pk>/rediger/", accounts.AccountFormView.as_view(), name="account_edit"),
    path("kontoplan/<int:pk>/arkiver/", accounts.AccountArchiveView.as_view(), name="account_archive"),
    # Budgets and versions
    path("budgetter/", budgets.BudgetListView.as_view(), name="budget_list"),
    path("budgetter/ny/", budgets.BudgetAddView.as_view(), name="budget_add"),
    path("budgetter/<int:pk>/", budgets.BudgetDetailView.as_view(), name="budget_detail"),
    path("budgetter/<int:pk>/fjern/", budgets.BudgetDeleteView.as_view(), name="budget_delete"),
    path("budgetter/<int:pk>/ny-version/", budgets.BudgetVersionAddView.as_view(), name="budget_version_add"),
    path(
        "budgetversioner/<int:pk>/", budgets.BudgetVersionDetailView.as_view(), name="budget_version_detail"
    ),
    path(
        "budgetversioner/<int:pk>/linjer/",
        budgets.BudgetVersionLinesView.as_view(),
        name="budget_version_lines",
    ),
    path(
        "budgetversioner/<int:pk>/foreslaa/",
        budgets.BudgetVersionProposeView.as_view(),
        name="budget_version_propose",
    ),
    path(
        "budgetversioner/<int:pk>/traek-tilbage/",
        budgets.BudgetVersionWithdrawView.as_view(),
        name="budget_version_withdraw",
    ),
    path(
        "budgetversioner/<int:pk>/godkend/",
        budgets.BudgetVersionApproveView.as_view(),
        name="budget_version_approve",
    ),
    path(
        "budgetversioner/<int:pk>/publicer/",
        budgets.BudgetVersionPublishView.as_view(),
        name="budget_version_publish",
    ),
    path(
        "budgetversioner/<int:pk>/fjern/",
        budgets.BudgetVersionDeleteView.as_view(),
        name="budget_version_delete",
    ),
    # Budget against actual, and forecasts
    path("regnskab/produkt/<slug:slug>/<int:year>/", ledger.LedgerView.as_view(), name="ledger"),
    path("regnskab/foreningen/<int:year>/", ledger.LedgerView.as_view(), name="association_ledger"),
    path("prognoser/ny/", ledger.ForecastAddView.as_view(), name="forecast_add"),
    path("prognoser/<int:pk>/rediger/", ledger.ForecastEditView.as_view(), name="forecast_edit"),
    path("prognoser/<int:pk>/fjern/", ledger.ForecastDeleteView.as_view(), name="forecast_delete"),
    # Actuals
    path("posteringer/", actuals.ActualListView.as_view(), name="actual_list"),
    path("posteringer/ny/", actuals.ActualAddView.as_view(), name="actual_add"),
    path("posteringer/<int:pk>/rediger/", actuals.ActualEditView.as_view(), name="actual_edit"),
    path("posteringer/<int:pk>/fjern/", actuals.ActualDeleteView.as_view(), name="actual_delete"),
    path("posteringer/import/", actuals.ActualImportView.as_view(), name="actual_import"),
    path(
        "posteringer/import/<int:pk>/", actuals.ActualImportDetailView.as_view(), name="actual_import_detail"
    ),
    path(
        "posteringer/import/<int:pk>/gem/",
        actuals.ActualImportConfirmView.as_view(),
        name="actual_import_confirm",
    ),
    path(
        "posteringer/import/<int:pk>/kasser/",
        actuals.ActualImportDiscardView.as_view(),
        name="actual_import_discard",
    ),
    # Tariff sheets
    path("takstblade/", tariffs.TariffListView.as_view(), name="tariff_list"),
    path("takstblade/ny/", tariffs.TariffFormView.as_view(), name="tariff_add"),
    path("takstblade/<int:pk>/", tariffs.TariffDetailView.as_view(), name="tariff_detail"),
    path("takstblade/<int:pk>/rediger/", tariffs.TariffFormView.as_view(), name="tariff_edit"),
    path("takstblade/<int:pk>/publicer/", tariffs.TariffPublishView.as_view(), name="tariff_publish"),
    path("takstblade/<int:pk>/fjern/", tariffs.TariffDeleteView.as_view(), name="tariff_delete"),
    path("foreningstakster/ny/", tariffs.AssociationTariffFormView.as_view(), name="association_tariff_add"),
    path(
        "foreningstakster/<int:pk>/",
        tariffs.AssociationTariffDetailView.as_view(),
        name="association_tariff_detail",
    ),
    path(
        "foreningstakster/<int:pk>/rediger/",
        tariffs.AssociationTariffFormView.as_view(),
        name="association_tariff_edit",
    ),
    path(
        "foreningstakster/<int:pk>/publicer/",
        tariffs.AssociationTariffPublishView.as_view(),
        name="association_tariff_publish",
    ),
    # Contributions and the invoice plan
    path(
        "bidrag/produkt/<slug:slug>/<int:year>/",
        contributions.ContributionsView.as_view(),
        name="contributions",
    ),
    path(
        "bidrag/produkt/<slug:slug>/<int:year>/planlaeg/",
        contributions.PlanView.as_view(),
        name="contributions_plan",
    ),
    path("kontingent/<int:year>/", contributions.MembershipFeesView.as_view(), name="membership_fees"),
    path("kontingent/<int:year>/planlaeg/", contributions.PlanView.as_view(), name="membership_fees_plan"),
    path(
        "opkraevninger/",
        contributions.ContributionInvoiceListView.as_view(),
        name="contribution_invoice_list",
    ),
    path(
        "opkraevninger/<int:pk>/rediger/",
        contributions.ContributionInvoiceEditView.as_view(),
        name="contribution_invoice_edit",
    ),
    # Invoices received
    path("fakturaer/", invoices.ReceivedInvoiceListView.as_view(), name="received_invoice_list"),
    path("fakturaer/ny/", invoices.ReceivedInvoiceAddView.as_view(), name="received_invoice_add"),
    path("fakturaer/<int:pk>/", invoices.ReceivedInvoiceDetailView.as_view(), name="received_invoice_detail"),
    path(
        "fakturaer/<int:pk>/rediger/",
        invoices.ReceivedInvoiceEditView.as_view(),
        name="received_invoice_edit",
    ),
    path(
        "fakturaer/<int:pk>/kontroller/",
        invoices.ReceivedInvoiceCheckView.as_view(),
        name="received_invoice_check",
    ),
    path(
        "fakturaer/<int:pk>/godkend/",
        invoices.ReceivedInvoiceApproveView.as_view(),
        name="received_invoice_approve",
    ),
    path(
        "fakturaer/<int:pk>/afvis/",
        invoices.ReceivedInvoiceRejectView.as_view(),
        name="received_invoice_reject",
    ),
    path(
        "fakturaer/<int:pk>/genaabn/",
        invoices.ReceivedInvoiceReopenView.as_view(),
        name="received_invoice_reopen",
    ),
    path(
        "fakturaer/<int:pk>/fjern/",
        invoices.ReceivedInvoiceDeleteView.as_view(),
        name="received_invoice_delete",
    ),
]
