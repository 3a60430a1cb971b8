"""Actuals: the postings list, manual entry, and the import of a file (preview first, then all or nothing)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from programkontor.core import uploads
from programkontor.core.views import DeleteView, ObjectDetailView, ObjectListView
from programkontor.economy.filters import ActualFilter
from programkontor.economy.forms import ActualForm, ActualImportForm, OwnerChoiceForm
from programkontor.economy.labels import import_error_line
from programkontor.economy.models import Actual, ActualImport, ImportStatus
from programkontor.economy.rules import may_change_economy_of
from programkontor.economy.services import actuals as actual_services
from programkontor.economy.urls_helpers import ledger_url
from programkontor.economy.views.common import ActionView, OwnerFormView, resolve_owner

MAX_ERRORS_SHOWN = 200


class ActualListView(ObjectListView):
    model = Actual
    filterset_class = ActualFilter
    add_permission = "economy.add_actual"
    add_url_name = "economy:actual_add"
    template_name = "economy/actual_list.html"
    results_template_name = "economy/_actual_results.html"
    export_columns = (
        "date",
        "product__name",
        "account__number",
        "account__name",
        "amount",
        "text",
        "document_number",
    )

    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("product", "account", "imported_from")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_import"] = self.request.user.has_perm("economy.add_actualimport")
        context["imports"] = list(
            ActualImport.objects.restrict(self.request.user, "view")
            .select_related("product", "uploaded_by")
            .defer("content", "preview")
            .order_by("-created_at")[:10]
        )
        return context


class ActualAddView(OwnerFormView):
    model = Actual
    form_class = ActualForm
    add_permission = "economy.add_actual"

    def get_initial(self) -> dict[str, Any]:
        return {"date": timezone.localdate()}

    def success_url(self, saved: Any) -> str:
        return ledger_url(saved.product, saved.date.year)


class ActualEditView(OwnerFormView):
    model = Actual
    form_class = ActualForm

    def success_url(self, saved: Any) -> str:
        return ledger_url(saved.product, saved.date.year)


class ActualDeleteView(DeleteView):
    model = Actual

    def perform(self, *, version: int, reason: str) -> str:
        super().perform(version=version, reason=reason)
        return ledger_url(self.object.product, self.object.date.year)


class ActualImportView(LoginRequiredMixin, TemplateView):
    """Upload a file for a product (``?product=``) or the association (``?association=1``): it is checked
    in full; a good file is shown as a preview to confirm, a bad one with its errors by row."""

    template_name = "economy/actual_import.html"
    owner: Any = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm("economy.add_actualimport"):
            raise PermissionDenied
        self.named, self.owner = resolve_owner(request)
        if self.named and not may_change_economy_of(request.user, self.owner):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ActualImportForm())
        context["owner"] = self.owner
        return context

    def render_chooser(self) -> HttpResponse:
        form = OwnerChoiceForm(user=self.request.user, association=True)
        return self.response_class(
            request=self.request,
            template=["economy/owner_chooser.html"],
            context={"form": form, "verbose_name": _("import of actuals"), "extra": self.request.GET},
            using=self.template_engine,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.named:
            return self.render_chooser()
        return self.render_to_response(self.get_context_data())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.named:
            return self.render_chooser()
        form = ActualImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        try:
            data = uploads.read_upload(upload, "actuals")
        except uploads.UploadRefused as refused:
            form.add_error("file", refused.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            staged = actual_services.stage_import(
                actor=request.user,
                product=self.owner,
                data=data,
                filename=upload.name,
                skip_duplicates=form.cleaned_data["skip_duplicates"],
            )
        except actual_services.ImportFailed as failure:
            errors = [import_error_line(error) for error in failure.check.errors]
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    errors=errors[:MAX_ERRORS_SHOWN],
                    more_errors=max(0, len(errors) - MAX_ERRORS_SHOWN),
                    error_count=len(errors),
                    filename=upload.name,
                ),
                status=400,
            )
        return HttpResponseRedirect(staged.get_absolute_url())


class ActualImportDetailView(ObjectDetailView):
    model = ActualImport
    template_name = "economy/actual_import_detail.html"

    def visible(self) -> Any:
        return super().visible().select_related("product", "uploaded_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        staged = self.object
        preview = staged.preview or {}
        context["preview"] = preview
        context["pending"] = staged.status == ImportStatus.PREVIEWED
        year = (preview.get("date_to") or "")[:4]
        context["ledger_url"] = ledger_url(
            staged.product, int(year) if year.isdigit() else timezone.localdate().year
        )
        return context


class ActualImportConfirmView(ActionView):
    model = ActualImport
    title = gettext_lazy("Save the postings")
    explanation = gettext_lazy(
        "Every row of the file is checked again and saved in one go, or nothing is saved."
    )
    button = gettext_lazy("Save the postings")

    def visible(self) -> Any:
        return super().visible().select_related("product")

    def perform(self, form: Any) -> str:
        try:
            staged = actual_services.confirm_import(
                actor=self.request.user, staged=self.object, expected_version=form.cleaned_data["version"]
            )
        except actual_services.ImportFailed as failure:
            lines = [import_error_line(error) for error in failure.check.errors]
            raise ValidationError(
                [_("The file no longer fits the ledger. Nothing was saved."), *lines[:MAX_ERRORS_SHOWN]]
            ) from failure
        messages.success(
            self.request,
            _("%(count)s postings were saved from %(file)s.")
            % {"count": staged.rows_imported, "file": staged.filename},
        )
        date_to = (staged.preview or {}).get("date_to")
        year = datetime.date.fromisoformat(date_to).year if date_to else timezone.localdate().year
        return ledger_url(staged.product, year)


class ActualImportDiscardView(ActionView):
    model = ActualImport
    title = gettext_lazy("Discard the file")
    explanation = gettext_lazy("The uploaded file is discarded; nothing was saved in the ledger.")
    button = gettext_lazy("Discard")
    button_class = "button-warning"

    def perform(self, form: Any) -> str:
        actual_services.discard_import(
            actor=self.request.user, staged=self.object, expected_version=form.cleaned_data["version"]
        )
        messages.success(self.request, _("The file was discarded."))
        return reverse("economy:actual_list")
