"""Requirement catalogues: the list, a version with its requirements (and what it changed), imports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from programkontor.core.uploads import UploadRefused, read_upload
from programkontor.core.uploads import limits as upload_limits
from programkontor.core.views import ObjectActionView, ObjectDetailView, ObjectListView
from programkontor.evaluation import scoring, services
from programkontor.evaluation.filters import CatalogueFilter
from programkontor.evaluation.formats.catalogue import (
    catalogue_from_json,
    catalogue_from_templates,
    is_json,
    parse_template,
)
from programkontor.evaluation.formats.common import FormatError, decode
from programkontor.evaluation.forms import CatalogueImportForm
from programkontor.evaluation.models import Catalogue
from programkontor.evaluation.selectors import DEFAULT_STANDARD, catalogue_data_for, current_catalogue


class CatalogueListView(ObjectListView):
    model = Catalogue
    filterset_class = CatalogueFilter
    template_name = "evaluation/catalogue_list.html"
    results_template_name = "evaluation/_catalogue_results.html"
    export_columns = ("standard", "name", "standard_version", "released", "is_current")

    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().order_by("standard", "-created_at")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_import"] = self.request.user.has_perm("evaluation.add_catalogue")
        return context


class CatalogueDetailView(ObjectDetailView):
    model = Catalogue
    template_name = "evaluation/catalogue_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        catalogue = self.object
        previous = (
            Catalogue.objects.filter(standard=catalogue.standard, created_at__lt=catalogue.created_at)
            .order_by("-created_at")
            .first()
        )
        data = catalogue_data_for([catalogue.pk] + ([previous.pk] if previous else []))
        mine = data[catalogue.pk]
        groups = []
        for theme in mine.themes:
            rows = [r for r in mine.requirements if r.theme == theme.key]
            groups.append({"theme": theme, "rows": rows})
        context.update(
            data=mine,
            groups=groups,
            level_counts=[
                (level, sum(1 for r in mine.requirements if r.level == level.key)) for level in mine.levels
            ],
            previous=previous,
            changes=scoring.compare_catalogues(data[previous.pk].items(), mine.items()) if previous else None,
            used_by=catalogue.evaluations.count() + catalogue.self_evaluations.count(),
        )
        return context


class CatalogueCurrentView(ObjectActionView):
    model = Catalogue

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.title = _("Make %(name)s the current version") % {"name": self.object}
        self.explanation = _(
            "New self-evaluations and evaluations will use this version. Existing ones keep theirs."
        )
        self.button = _("Make current")
        return super().get_context_data(**kwargs)

    def perform(self, *, version: int, reason: str) -> str:
        services.set_current_catalogue(catalogue=self.object, actor=self.request.user)
        messages.success(self.request, _("%(name)s is now the current version.") % {"name": self.object})
        return self.object.get_absolute_url()  # type: ignore[no-any-return]


class CatalogueImportView(LoginRequiredMixin, TemplateView):
    template_name = "evaluation/catalogue_import.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm("evaluation.add_catalogue"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=CatalogueImportForm()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CatalogueImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        files = [
            f
            for f in (form.cleaned_data["governance_template"], form.cleaned_data["assessment_template"])
            if f
        ]
        problems: list[str] = []
        limits = upload_limits("evaluation")
        try:
            texts = [(upload.name, decode(read_upload(upload, "evaluation"), limits)) for upload in files]
            if any(is_json(text) for _name, text in texts):
                if len(texts) > 1:
                    raise FormatError([])
                data = catalogue_from_json(texts[0][1], limits=limits)
            else:
                current = current_catalogue()
                data = catalogue_from_templates(
                    [parse_template(text, limits=limits) for _name, text in texts],
                    standard=current.standard if current else DEFAULT_STANDARD,
                    name=current.name if current else DEFAULT_STANDARD,
                    version=form.cleaned_data["catalogue_version"],
                    source=", ".join(name for name, _text in texts),
                )
            result = services.import_catalogue(
                data=data, actor=request.user, make_current=form.cleaned_data["make_current"]
            )
        except UploadRefused as exc:
            problems = [exc.message]
        except FormatError as exc:
            problems = exc.messages(_) or [_("Give one JSON catalogue, or one or two Markdown templates.")]
        except ValidationError as exc:
            problems = exc.messages
        if problems:
            return self.render_to_response(self.get_context_data(form=form, problems=problems), status=400)
        if result.created:
            messages.success(request, _("%(name)s was imported.") % {"name": result.catalogue})
        else:
            messages.success(
                request,
                _("%(name)s exists already; %(count)d requirements got the texts of the file.")
                % {"name": result.catalogue, "count": result.updated_texts},
            )
        return HttpResponseRedirect(result.catalogue.get_absolute_url())
