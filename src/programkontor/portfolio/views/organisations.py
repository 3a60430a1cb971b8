from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView

from programkontor.core import uploads
from programkontor.core.views import (
    ArchiveView,
    ObjectDetailView,
    ObjectFormView,
    ObjectListView,
    PublishView,
)
from programkontor.portfolio.filters import OrganisationFilter
from programkontor.portfolio.forms import OrganisationForm, PopulationImportForm
from programkontor.portfolio.models import Organisation, Person, PopulationFigure, SizeClassRule
from programkontor.portfolio.views.selectors import visible_participations


class OrganisationListView(ObjectListView):
    model = Organisation
    filterset_class = OrganisationFilter
    add_permission = "portfolio.add_organisation"
    add_url_name = "portfolio:organisation_add"
    template_name = "portfolio/organisation_list.html"
    results_template_name = "portfolio/_organisation_results.html"
    export_columns = ("name", "kind", "municipality_code", "cvr", "is_member", "website", "email", "phone")

    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("region").prefetch_related("population_figures")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = timezone.localdate().year
        boundaries = SizeClassRule.boundaries_for(year)
        context["invoicing_year"] = year
        context["rows"] = [
            (
                organisation,
                organisation.size_class_for(
                    year, boundaries, [(f.date, f.population) for f in organisation.population_figures.all()]
                ),
            )
            for organisation in context["object_list"]
        ]
        context["can_import"] = self.request.user.has_perm("portfolio.import_population")
        return context


class OrganisationDetailView(ObjectDetailView):
    model = Organisation
    lookup_field = "slug"
    template_name = "portfolio/organisation_detail.html"

    def visible(self) -> Any:
        return super().visible().select_related("region")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        organisation = self.object
        figures = list(
            PopulationFigure.objects.restrict(user, "view")
            .filter(organisation=organisation)
            .order_by("-date")
        )
        pairs = [(f.date, f.population) for f in figures]
        this_year = timezone.localdate().year
        context["figures"] = figures
        context["size_classes"] = [
            (year, organisation.size_class_for(year, SizeClassRule.boundaries_for(year), pairs))
            for year in (this_year, this_year + 1)
        ]
        context["participations"] = (
            visible_participations(user).filter(organisation=organisation).order_by("product__name")
        )
        context["people"] = Person.objects.restrict(user, "view").filter(
            organisation=organisation, archived_at__isnull=True
        )
        context["municipalities"] = (
            Organisation.objects.restrict(user, "view").filter(region=organisation)
            if organisation.kind == "region"
            else []
        )
        return context


class OrganisationFormView(ObjectFormView):
    model = Organisation
    lookup_field = "slug"
    form_class = OrganisationForm
    add_permission = "portfolio.add_organisation"


class OrganisationArchiveView(ArchiveView):
    model = Organisation
    lookup_field = "slug"


class OrganisationPublishView(PublishView):
    model = Organisation
    lookup_field = "slug"


class PopulationImportView(LoginRequiredMixin, FormView):  # type: ignore[type-arg]
    """Upload a Statistics Denmark CSV; all rows are saved, or none with a row-numbered report."""

    form_class = PopulationImportForm
    template_name = "portfolio/population_import.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not request.user.has_perm("portfolio.import_population"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_invalid(self, form: PopulationImportForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form: PopulationImportForm) -> HttpResponse:
        from programkontor.portfolio.population_import import PopulationImportError, import_population

        try:
            data = uploads.read_upload(form.cleaned_data["file"], "population")
        except uploads.UploadRefused as refused:
            form.add_error("file", refused.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            report = import_population(
                data=data, actor=self.request.user, default_date=form.cleaned_data["date"]
            )
        except PopulationImportError as failure:
            return self.render_to_response(
                self.get_context_data(form=form, errors=failure.errors), status=400
            )
        messages.success(self.request, _("The population figures were imported."))
        return self.render_to_response(self.get_context_data(form=self.form_class(), report=report))
