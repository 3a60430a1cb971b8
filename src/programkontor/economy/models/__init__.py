"""The economy: chart of accounts, budgets, actuals, tariff sheets, contributions and invoices."""

from programkontor.economy.models.accounts import Account, AccountKind
from programkontor.economy.models.actuals import Actual, ActualImport, Forecast, ImportStatus
from programkontor.economy.models.budgets import (
    OPEN_STATUSES,
    Budget,
    BudgetLine,
    BudgetVersion,
    VersionStatus,
)
from programkontor.economy.models.invoices import (
    ApprovalStatus,
    ContributionInvoice,
    ContributionKind,
    InvoiceStatus,
    ReceivedInvoice,
    overdue_q,
)
from programkontor.economy.models.tariffs import AssociationTariff, ProRataRule, TariffSheet

__all__ = [
    "OPEN_STATUSES",
    "Account",
    "AccountKind",
    "Actual",
    "ActualImport",
    "ApprovalStatus",
    "AssociationTariff",
    "Budget",
    "BudgetLine",
    "BudgetVersion",
    "ContributionInvoice",
    "ContributionKind",
    "Forecast",
    "ImportStatus",
    "InvoiceStatus",
    "ProRataRule",
    "ReceivedInvoice",
    "TariffSheet",
    "VersionStatus",
    "overdue_q",
]
