"""Who may see and change the economy: the scopes behind ``restrict(user, action)``.

The brief's table read for money:

* the **secretariat** reads and writes all of it; the chart of accounts, the association's own tariff
  and the *check* of invoices received are the secretariat's alone;
* the **board** reads all of it;
* a **program manager** reads and writes the economy of the products in their program (budgets,
  actuals, forecasts, tariff sheets, the invoice plan);
* a **product coordinator / product owner**, **community manager**, and the **steering and
  coordination groups** read the economy of their product; coordinators and owners may *approve*
  invoices received for their product (the second step, never by the one who checked);
* a **supplier** sees nothing of the economy, except the invoices its own company sent for the
  products it is contact on;
* an authority's people see **their own authority's** contribution invoices;
* **anyone** sees budget versions that are approved and published (and the budget they belong to),
  tariff sheets and association tariffs once published — of published products only.

Rows without a product are the association's: the secretariat's and the board's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone
from rules.permissions import add_perm
from rules.predicates import predicate

from programkontor.core import gate
from programkontor.core.access import Access, access_for, active_on
from programkontor.core.gate import EVERYTHING, NOTHING
from programkontor.economy.models import (
    Account,
    Actual,
    ActualImport,
    AssociationTariff,
    Budget,
    BudgetLine,
    BudgetVersion,
    ContributionInvoice,
    Forecast,
    ReceivedInvoice,
    TariffSheet,
    VersionStatus,
)
from programkontor.portfolio.models import Role, RoleAssignment
from programkontor.portfolio.rules import any_of, ids_q, published_q

if TYPE_CHECKING:
    from programkontor.core.actors import Actor, AnyUser


def economy_q(access: Access, action: str, prefix: str = "") -> Q:
    """The economy of products (``<prefix>product``) and, for the secretariat and board, the association.

    ``view`` and ``view_internal`` are the same here: money is internal until something is
    explicitly published (each model adds its public part).
    """
    if access.is_secretariat or (access.is_board and action != "change"):
        return EVERYTHING
    product = f"{prefix}product__"
    if action == "change":
        return ids_q(product, "program_id", access.programs_write)
    return any_of(
        ids_q(product, "pk", access.products_internal),
        ids_q(product, "program_id", access.programs_internal),
    )


def approver_q(access: Access, prefix: str = "") -> Q:
    """Who may approve an invoice received (the second step): the product's writers, or the secretariat."""
    if access.is_secretariat:
        return EVERYTHING
    product = f"{prefix}product__"
    return any_of(
        ids_q(product, "pk", access.products_write),
        ids_q(product, "program_id", access.programs_write),
    )


def published_owner_q(prefix: str = "") -> Q:
    """Rows of the association, or of a product that is published and not archived."""
    return Q(**{f"{prefix}product__isnull": True}) | published_q(f"{prefix}product__")


def published_version_q(prefix: str = "") -> Q:
    return Q(
        **{f"{prefix}is_published": True, f"{prefix}status": VersionStatus.APPROVED}
    ) & published_owner_q(f"{prefix}budget__")


def _supplier_q(access: Access) -> Q:
    """Invoices from a supplier the user is an active supplier contact for, on that product."""
    if not (access.products_supplier and access.person_id):
        return NOTHING
    suppliers = RoleAssignment.objects.filter(
        active_on(timezone.localdate()), person_id=access.person_id, role=Role.SUPPLIER_CONTACT
    ).values("organisation_id")
    return Q(product_id__in=sorted(access.products_supplier), supplier_id__in=suppliers)


def _secretariat_only(access: Access, action: str) -> Q:
    return EVERYTHING if access.is_secretariat else NOTHING


@gate.register(Account)
def account_q(access: Access, action: str) -> Q:
    if action == "change":
        return _secretariat_only(access, action)
    internal = economy_q(access, action)
    if action == "view_internal":
        return internal
    # The chart itself is in OS2's public handbook; a private product's accounts stay hidden.
    return any_of(internal, published_owner_q())


@gate.register(Budget)
def budget_q(access: Access, action: str) -> Q:
    internal = economy_q(access, action)
    if action != "view":
        return internal
    public = Q(pk__in=BudgetVersion.objects.filter(published_version_q()).values("budget_id"))
    return any_of(internal, public)


@gate.register(BudgetVersion)
def budget_version_q(access: Access, action: str) -> Q:
    internal = economy_q(access, action, "budget__")
    return any_of(internal, published_version_q()) if action == "view" else internal


@gate.register(BudgetLine)
def budget_line_q(access: Access, action: str) -> Q:
    internal = economy_q(access, action, "budget_version__budget__")
    return any_of(internal, published_version_q("budget_version__")) if action == "view" else internal


@gate.register(Actual)
def actual_q(access: Access, action: str) -> Q:
    return economy_q(access, action)


@gate.register(ActualImport)
def actual_import_q(access: Access, action: str) -> Q:
    return economy_q(access, action)


@gate.register(Forecast)
def forecast_q(access: Access, action: str) -> Q:
    return economy_q(access, action)


@gate.register(TariffSheet)
def tariff_sheet_q(access: Access, action: str) -> Q:
    internal = economy_q(access, action)
    if action == "view":
        return any_of(internal, Q(is_published=True) & published_q("product__"))
    return internal


@gate.register(AssociationTariff)
def association_tariff_q(access: Access, action: str) -> Q:
    if action == "change":
        return _secretariat_only(access, action)
    internal = EVERYTHING if access.reads_everything else NOTHING
    return any_of(internal, Q(is_published=True)) if action == "view" else internal


@gate.register(ContributionInvoice)
def contribution_invoice_q(access: Access, action: str) -> Q:
    internal = economy_q(access, action)
    if action == "view" and access.organisation_id:
        # An authority's people see what their own authority is invoiced.
        return any_of(internal, Q(organisation_id=access.organisation_id))
    return internal


@gate.register(ReceivedInvoice)
def received_invoice_q(access: Access, action: str) -> Q:
    internal = economy_q(access, action)
    return any_of(internal, _supplier_q(access)) if action == "view" else internal


def may_check_invoices(user: Actor) -> bool:
    return access_for(user).is_secretariat


def may_approve_invoice(user: Actor, invoice: ReceivedInvoice) -> bool:
    q = approver_q(access_for(user))
    if q is EVERYTHING:
        return True
    if q is NOTHING:
        return False
    return ReceivedInvoice.objects.filter(q, pk=invoice.pk).exists()


def has_economy(access: Access) -> bool:
    """Does the user read any product's (or the association's) economy?"""
    return access.reads_everything or bool(access.products_internal or access.programs_internal)


# Model-level permissions: may the user create one at all? (Where it may hang is limited by the
# forms' and serializers' choices of products the user may change.)


@predicate
def is_secretariat(user: AnyUser) -> bool:
    return access_for(user).is_secretariat


@predicate
def writes_economy(user: AnyUser) -> bool:
    access = access_for(user)
    return access.is_secretariat or bool(access.programs_write)


@predicate
def reads_economy(user: AnyUser) -> bool:
    return has_economy(access_for(user))


add_perm("economy.add_account", is_secretariat)
add_perm("economy.add_budget", writes_economy)
add_perm("economy.add_budgetversion", writes_economy)
add_perm("economy.add_budgetline", writes_economy)
add_perm("economy.add_actual", writes_economy)
add_perm("economy.add_actualimport", writes_economy)
add_perm("economy.add_forecast", writes_economy)
add_perm("economy.add_tariffsheet", writes_economy)
add_perm("economy.add_associationtariff", is_secretariat)
add_perm("economy.add_contributioninvoice", writes_economy)
add_perm("economy.add_receivedinvoice", writes_economy)
add_perm("economy.view_overview", reads_economy)


def may_change_economy_of(user: Actor, product: Any) -> bool:
    """May ``user`` write the economy of ``product`` (None: the association's)?"""
    access = access_for(user)
    if access.is_secretariat:
        return True
    if product is None:
        return False
    return product.program_id is not None and product.program_id in access.programs_write
