"""The chart of accounts: the association's and each product's accounts (edited by the secretariat)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from programkontor.core.views import ArchiveView, ObjectFormView, ObjectListView
from programkontor.economy.filters import AccountFilter
from programkontor.economy.forms import AccountForm, OwnerChoiceForm, VersionForm
from programkontor.economy.models import Account
from programkontor.economy.services.accounts import seed_chart
from programkontor.economy.views.common import resolve_owner


class AccountListView(ObjectListView):
    model = Account
    filterset_class = AccountFilter
    add_permission = "economy.add_account"
    add_url_name = "economy:account_add"
    template_name = "economy/account_list.html"
    results_template_name = "economy/_account_results.html"
    export_columns = ("number", "name", "kind", "product__name")
    paginate_by = 100

    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("product").order_by("product__name", "number")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_seed"] = self.request.user.has_perm("economy.add_account")
        return context


class AccountFormView(ObjectFormView):
    model = Account
    form_class = AccountForm
    add_permission = "economy.add_account"

    def get_initial(self) -> dict[str, Any]:
        named, product = resolve_owner(self.request)
        return {"product": product} if named and product is not None else {}


class AccountArchiveView(ArchiveView):
    model = Account


class ChartSeedView(LoginRequiredMixin, TemplateView):
    """Create OS2's standard accounts for a product (``?product=``) or the association
    (``?association=1``).
    """

    template_name = "economy/chart_seed.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not request.user.has_perm("economy.add_account"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        named, product = resolve_owner(self.request)
        context.update(
            named=named,
            owner=product,
            chooser=OwnerChoiceForm(user=self.request.user, association=True),
            form=VersionForm(initial={"version": 0}),
        )
        if named:
            context["existing"] = list(Account.objects.filter(product=product).order_by("number"))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        named, product = resolve_owner(request)
        if not named:
            return self.render_to_response(self.get_context_data(), status=400)
        created = seed_chart(actor=request.user, product=product)
        messages.success(request, _("%(count)s standard accounts were created.") % {"count": len(created)})
        query = f"?product={product.slug}" if product is not None else "?association=true"
        return HttpResponseRedirect(reverse("economy:account_list") + query)
