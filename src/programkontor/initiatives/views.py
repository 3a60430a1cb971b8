"""The initiative list, an initiative's page (business case and requirement specification), their
forms, and the specification's export for a tender (PDF and DOCX)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views import View

from programkontor.core import gate
from programkontor.core.views import (
    ArchiveView,
    DeleteView,
    GatedObjectMixin,
    ObjectDetailView,
    ObjectFormView,
    ObjectListView,
)
from programkontor.initiatives import export, selectors
from programkontor.initiatives.filters import InitiativeFilter
from programkontor.initiatives.forms import CaseLineForm, InitiativeForm, RequirementForm
from programkontor.initiatives.models import CaseLine, Initiative, Requirement
from programkontor.portfolio.models import Product, Program


class InitiativeListView(ObjectListView):
    model = Initiative
    filterset_class = InitiativeFilter
    add_permission = "initiatives.add_initiative"
    add_url_name = "initiatives:initiative_add"
    template_name = "initiatives/initiative_list.html"
    results_template_name = "initiatives/_initiative_results.html"
    export_columns = (
        "title",
        "product__name",
        "program__name",
        "status",
        "first_year",
        "horizon",
    )

    def get_base_queryset(self) -> QuerySet[Initiative]:
        initiatives: QuerySet[Initiative] = super().get_base_queryset()
        return initiatives.select_related("product", "program", "owner", "decision")


class InitiativeDetailView(ObjectDetailView):
    model = Initiative
    template_name = "initiatives/initiative_detail.html"

    def visible(self) -> QuerySet[Initiative]:
        initiatives: QuerySet[Initiative] = super().visible()
        return initiatives.select_related("product", "program", "owner", "decision")

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context: dict[str, object] = super().get_context_data(**kwargs)
        initiative: Initiative = self.object
        user = self.request.user
        context["case"] = selectors.business_case(initiative, user)
        context["requirements"] = selectors.requirements(initiative, user)
        decision = initiative.decision if initiative.decision_id else None
        context["decision_visible"] = decision is not None and gate.allows(user, "view", decision)
        return context


class InitiativeFormView(ObjectFormView):
    """Add and edit; a new initiative starts with the ``?product=`` or ``?program=`` of its address and
    this year as its first."""

    model = Initiative
    form_class = InitiativeForm
    add_permission = "initiatives.add_initiative"

    def get_initial(self) -> dict[str, object]:
        if self.object is not None:
            return {}
        user, query = self.request.user, self.request.GET
        initial: dict[str, object] = {"first_year": timezone.localdate().year}
        if slug := query.get("product"):
            initial["product"] = gate.restrict(Product, user, "view").filter(slug=slug).first()
        if slug := query.get("program"):
            initial["program"] = gate.restrict(Program, user, "view").filter(slug=slug).first()
        return {key: value for key, value in initial.items() if value is not None}


class InitiativeArchiveView(ArchiveView):
    model = Initiative


class CaseLineEditView(ObjectFormView):
    model = CaseLine
    form_class = CaseLineForm


class CaseLineAddView(CaseLineEditView):
    add_permission = "initiatives.add_caseline"
    parent_model = Initiative
    parent_lookup = "pk"
    parent_field = "initiative"

    def get_initial(self) -> dict[str, object]:
        return {"year": self.parent.first_year}


class CaseLineDeleteView(DeleteView):
    model = CaseLine


class RequirementEditView(ObjectFormView):
    model = Requirement
    form_class = RequirementForm


class RequirementAddView(RequirementEditView):
    add_permission = "initiatives.add_requirement"
    parent_model = Initiative
    parent_lookup = "pk"
    parent_field = "initiative"

    def get_initial(self) -> dict[str, object]:
        return {"number": f"K-{self.parent.requirements.count() + 1:02d}"}


class RequirementDeleteView(DeleteView):
    model = Requirement


class SpecificationExportView(GatedObjectMixin, View):
    """The requirement specification as a PDF or a DOCX, for those who read the initiative."""

    model = Initiative
    kind = "pdf"

    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        initiative: Initiative = self.get_object(self.visible().select_related("product", "program"))
        rows = [row.requirement for row in selectors.requirements(initiative, request.user)]
        spec = export.specification(initiative, rows)
        if self.kind == "docx":
            content = export.specification_docx(spec)
            content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        else:
            content = export.specification_pdf(spec)
            content_type = "application/pdf"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{spec.filename}.{self.kind}"'
        return response
