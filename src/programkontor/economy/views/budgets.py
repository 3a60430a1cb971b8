"""Budgets and their versions: create, edit the lines of a draft, propose, approve, publish."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from programkontor.core import gate, services
from programkontor.core.views import GatedObjectMixin, ObjectDetailView, ObjectListView
from programkontor.economy.filters import BudgetFilter
from programkontor.economy.forms import ApproveForm, BudgetForm, BudgetLinesForm, BudgetVersionForm
from programkontor.economy.models import Account, Budget, BudgetVersion, VersionStatus
from programkontor.economy.selectors.decisions import visible_decision
from programkontor.economy.services import budgets as budget_services
from programkontor.economy.urls_helpers import ledger_url
from programkontor.economy.views.common import ActionView, error_messages


def version_totals(lines: list[Any]) -> dict[str, int]:
    income = sum(line.amount for line in lines if line.account.kind == "income")
    expenses = sum(line.amount for line in lines if line.account.kind != "income")
    return {"income": income, "expenses": expenses, "result": income - expenses}


class BudgetListView(ObjectListView):
    model = Budget
    filterset_class = BudgetFilter
    add_permission = "economy.add_budget"
    add_url_name = "economy:budget_add"
    template_name = "economy/budget_list.html"
    results_template_name = "economy/_budget_results.html"
    export_columns = ("product__name", "year")

    def get_base_queryset(self) -> Any:
        versions = gate.restrict(BudgetVersion, self.request.user, "view").order_by("-number")
        return (
            super()
            .get_base_queryset()
            .select_related("product")
            .prefetch_related(Prefetch("versions", queryset=versions, to_attr="visible_versions"))
            .order_by("-year", "product__name")
        )


class BudgetAddView(LoginRequiredMixin, TemplateView):
    template_name = "economy/object_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not request.user.has_perm("economy.add_budget"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", BudgetForm(user=self.request.user))
        context["verbose_name"] = Budget._meta.verbose_name
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = BudgetForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                budget = budget_services.create_budget(
                    actor=request.user,
                    product=form.cleaned_data["product"],
                    year=form.cleaned_data["year"],
                    notes=form.cleaned_data["notes"],
                    copy_previous_year=form.cleaned_data["copy_previous_year"],
                )
            except DjangoValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("%(name)s was created.") % {"name": budget})
                return HttpResponseRedirect(budget.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class BudgetDetailView(ObjectDetailView):
    model = Budget
    template_name = "economy/budget_detail.html"

    def visible(self) -> Any:
        return super().visible().select_related("product")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        budget = self.object
        versions = list(
            BudgetVersion.objects.restrict(self.request.user, "view")
            .filter(budget=budget)
            .select_related("approved_by")
            .prefetch_related("lines__account", visible_decision(self.request.user))
            .order_by("-number")
        )
        context["versions"] = [(version, version_totals(list(version.lines.all()))) for version in versions]
        context["current"] = next((v for v in versions if v.status == VersionStatus.APPROVED), None)
        context["has_open_version"] = any(v.status != VersionStatus.APPROVED for v in versions)
        context["ledger_url"] = ledger_url(budget.product, budget.year)
        return context


class BudgetDeleteView(ActionView):
    model = Budget
    title = gettext_lazy("Remove the budget")
    explanation = gettext_lazy(
        "The budget and its versions are removed; their history is kept. A budget with an approved "
        "version cannot be removed."
    )
    button = gettext_lazy("Remove")
    button_class = "button-warning"

    def perform(self, form: Any) -> str:
        budget_services.delete_budget(
            actor=self.request.user, budget=self.object, expected_version=form.cleaned_data["version"]
        )
        messages.success(self.request, _("%(name)s was removed.") % {"name": self.object})
        return reverse("economy:budget_list")


class BudgetVersionAddView(LoginRequiredMixin, GatedObjectMixin, TemplateView):
    model = Budget
    template_name = "economy/object_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.budget = self.get_object()
        if not gate.allows(request.user, "change", self.budget):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", BudgetVersionForm(budget=self.budget))
        context.update(
            verbose_name=BudgetVersion._meta.verbose_name,
            parent=self.budget,
            cancel_url=self.budget.get_absolute_url(),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = BudgetVersionForm(request.POST, budget=self.budget)
        if form.is_valid():
            try:
                version = budget_services.create_version(
                    actor=request.user,
                    budget=self.budget,
                    based_on=form.cleaned_data["based_on"],
                    note=form.cleaned_data["note"],
                )
            except DjangoValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("%(name)s was created.") % {"name": version})
                return HttpResponseRedirect(version.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class BudgetVersionDetailView(ObjectDetailView):
    model = BudgetVersion
    template_name = "economy/budget_version_detail.html"

    def visible(self) -> Any:
        return (
            super()
            .visible()
            .select_related("budget__product", "approved_by", "based_on")
            .prefetch_related(visible_decision(self.request.user))
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        version = self.object
        lines = list(version.lines.select_related("account").order_by("account__kind", "account__number"))
        lines.sort(key=lambda line: (line.account.kind != "income", line.account.number))
        context["lines"] = lines
        context["totals"] = version_totals(lines)
        context["ledger_url"] = ledger_url(version.budget.product, version.budget.year)
        context["budget_visible"] = gate.allows(self.request.user, "view", version.budget)
        return context


class BudgetVersionLinesView(LoginRequiredMixin, GatedObjectMixin, TemplateView):
    """Edit a draft's lines: one amount per account of the product's chart, saved in one go."""

    model = BudgetVersion
    template_name = "economy/budget_lines_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.version = get_object_or_404(self.visible().select_related("budget__product"), pk=kwargs["pk"])
        if not gate.allows(request.user, "change", self.version):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data: Any = None) -> BudgetLinesForm:
        version = self.version
        lines = {line.account_id: line for line in version.lines.all()}
        accounts = [
            account
            for account in Account.objects.filter(product_id=version.budget.product_id).order_by(
                "kind", "number"
            )
            if not account.is_archived or account.pk in lines
        ]
        accounts.sort(key=lambda account: (account.kind != "income", account.number))
        return BudgetLinesForm(data, accounts=accounts, lines=lines, initial={"version": version.version})

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context["object"] = self.version
        context["editable"] = self.version.status == VersionStatus.DRAFT
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                budget_services.save_lines(
                    actor=request.user,
                    version=self.version,
                    expected_version=form.cleaned_data["version"],
                    amounts=form.amounts(),
                    notes=form.notes(),
                )
            except services.ConflictError:
                form.add_error(
                    None,
                    _(
                        "Someone changed this budget version while you were editing it. Nothing was "
                        "saved. Reload the page to see the current lines."
                    ),
                )
                return self.render_to_response(self.get_context_data(form=form), status=409)
            except DjangoValidationError as exc:
                for message in error_messages(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, _("The budget lines were saved."))
                return HttpResponseRedirect(self.version.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class VersionActionView(ActionView):
    model = BudgetVersion

    def visible(self) -> Any:
        return super().visible().select_related("budget__product")


class BudgetVersionProposeView(VersionActionView):
    title = gettext_lazy("Propose the budget")
    explanation = gettext_lazy(
        "The version is locked for editing and put forward for approval. You can withdraw it again."
    )
    button = gettext_lazy("Propose")

    def perform(self, form: Any) -> str:
        budget_services.propose(
            actor=self.request.user, version=self.object, expected_version=form.cleaned_data["version"]
        )
        messages.success(self.request, _("%(name)s was proposed.") % {"name": self.object})
        return str(self.object.get_absolute_url())


class BudgetVersionWithdrawView(VersionActionView):
    title = gettext_lazy("Withdraw the proposal")
    explanation = gettext_lazy("The version becomes a draft again and can be edited.")
    button = gettext_lazy("Withdraw")
    button_class = "button-secondary"

    def perform(self, form: Any) -> str:
        budget_services.withdraw(
            actor=self.request.user, version=self.object, expected_version=form.cleaned_data["version"]
        )
        messages.success(self.request, _("%(name)s is a draft again.") % {"name": self.object})
        return str(self.object.get_absolute_url())


class BudgetVersionApproveView(VersionActionView):
    form_class = ApproveForm
    title = gettext_lazy("Record the approval")
    explanation = gettext_lazy(
        "Name the decision (of the steering group, the board or the general assembly) that approved "
        "this version. "
        "An approved version can never change: a later change is a new version."
    )
    button = gettext_lazy("Approve")

    def get_form(self, data: Any = None) -> Any:
        return ApproveForm(
            data,
            decisions=budget_services.decisions_for(self.object.budget, self.request.user),
            initial={"version": self.object.version},
        )

    def perform(self, form: Any) -> str:
        budget_services.approve(
            actor=self.request.user,
            version=self.object,
            expected_version=form.cleaned_data["version"],
            decision=form.cleaned_data["decision"],
        )
        messages.success(self.request, _("%(name)s was approved.") % {"name": self.object})
        return str(self.object.get_absolute_url())


class BudgetVersionPublishView(VersionActionView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        published = self.object.is_published
        context = super().get_context_data(**kwargs)
        context["title"] = (_("Unpublish %(name)s") if published else _("Publish %(name)s")) % {
            "name": self.object
        }
        context["explanation"] = (
            _("Anonymous visitors will no longer see it.")
            if published
            else _(
                "Anyone, also without logging in, will see the approved budget. The act is recorded in "
                "history."
            )
        )
        context["button"] = _("Unpublish") if published else _("Publish")
        return context

    def perform(self, form: Any) -> str:
        published = not self.object.is_published
        budget_services.set_published(
            actor=self.request.user,
            version=self.object,
            expected_version=form.cleaned_data["version"],
            published=published,
        )
        messages.success(
            self.request,
            (_("%(name)s was published.") if published else _("%(name)s was unpublished."))
            % {"name": self.object},
        )
        return str(self.object.get_absolute_url())


class BudgetVersionDeleteView(VersionActionView):
    title = gettext_lazy("Remove the version")
    explanation = gettext_lazy("A version that was never approved can be removed; its history is kept.")
    button = gettext_lazy("Remove")
    button_class = "button-warning"

    def perform(self, form: Any) -> str:
        budget = self.object.budget
        budget_services.delete_version(
            actor=self.request.user, version=self.object, expected_version=form.cleaned_data["version"]
        )
        messages.success(self.request, _("%(name)s was removed.") % {"name": self.object})
        return (
            budget.get_absolute_url()
            if Budget.objects.filter(pk=budget.pk).exists()
            else reverse("economy:budget_list")
        )
