"""Evaluations: the list, the report page, starting from a self-evaluation, the lights form, deciding
the level, repository findings, importing published reports, and the Markdown and PDF exports."""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from programkontor.core import gate, services
from programkontor.core.views import DeleteView, ObjectDetailView, ObjectFormView, ObjectListView, PublishView
from programkontor.evaluation import scoring
from programkontor.evaluation import services as evaluation_services
from programkontor.evaluation.filters import EvaluationFilter
from programkontor.evaluation.forms import (
    EvaluationForm,
    FindingForm,
    ImportEvaluationForm,
    LevelForm,
    StartEvaluationForm,
)
from programkontor.evaluation.models import (
    Evaluation,
    EvaluationStatus,
    Finding,
    RepositoryCheck,
)
from programkontor.evaluation.selectors import (
    EvaluationView,
    evaluation_views,
    level_label,
    lights_of,
    report_markdown,
    self_evaluation_answers,
)
from programkontor.evaluation.views import imports
from programkontor.evaluation.views.common import ProductActionView, download, read_import

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

# WeasyPrint reports each layout step at INFO; the PDF export needs only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class EvaluationListView(ObjectListView):
    model = Evaluation
    filterset_class = EvaluationFilter
    template_name = "evaluation/evaluation_list.html"
    results_template_name = "evaluation/_evaluation_results.html"
    export_columns = (
        "product__name",
        "catalogue__name",
        "status",
        "evaluated_on",
        "evaluator",
        "decided_level",
        "decided_on",
        "is_published",
    )

    def get_base_queryset(self) -> Any:
        return (
            super()
            .get_base_queryset()
            .select_related("product", "catalogue")
            .order_by("-evaluated_on", "-pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        views = evaluation_views(list(context["object_list"]))
        context["rows"] = views
        return context


def report_rows(view: EvaluationView, user: AnyUser) -> dict[str, Any]:
    """The requirement rows of an evaluation page, grouped by theme, with the self-evaluation's
    answers and the latest repository check's findings beside each light. A fixed number of queries."""
    evaluation = view.evaluation
    ratings = list(
        evaluation.ratings.select_related("requirement__theme", "finding").order_by("requirement__order")
    )
    # The self-evaluation's answers only for those who may open it (a public evaluation may rest on an
    # unpublished self-evaluation).
    self_evaluation = evaluation.self_evaluation
    if self_evaluation is not None and not gate.allows(user, "view", self_evaluation):
        self_evaluation = None
    answers = self_evaluation_answers(self_evaluation.pk if self_evaluation is not None else None)
    check = (
        RepositoryCheck.objects.restrict(user, "view")
        .filter(product_id=evaluation.product_id)
        .order_by("-checked_at", "-pk")
        .first()
    )
    findings: dict[str, list[Finding]] = defaultdict(list)
    if check is not None:
        for finding in check.findings.order_by("pk"):
            findings[finding.requirement_code].append(finding)
    groups: dict[int, dict[str, Any]] = {}
    for rating in ratings:
        requirement = rating.requirement
        group = groups.setdefault(requirement.theme_id, {"theme": requirement.theme, "rows": []})
        group["rows"].append(
            {
                "rating": rating,
                "requirement": requirement,
                "level": view.catalogue.level_label(requirement.level),
                "answer": answers.get(requirement.code),
                "findings": findings.get(requirement.code, []),
            }
        )
    return {"groups": list(groups.values()), "repository_check": check, "self_evaluation": self_evaluation}


class EvaluationDetailView(ObjectDetailView):
    model = Evaluation
    template_name = "evaluation/evaluation_detail.html"

    def visible(self) -> Any:
        return (
            super().visible().select_related("product__program", "catalogue", "self_evaluation", "decision")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        evaluation = self.object
        user = self.request.user
        view = evaluation_views([evaluation])[0]
        previous = (
            Evaluation.objects.restrict(user, "view")
            .filter(product_id=evaluation.product_id, status=EvaluationStatus.FINAL)
            .exclude(pk=evaluation.pk)
            .filter(evaluated_on__lte=evaluation.evaluated_on)
            .order_by("-evaluated_on", "-pk")
            .first()
        )
        diff = None
        if previous is not None:
            before = lights_of([previous.pk])[previous.pk]
            diff = scoring.diff(
                before, view.lights, scoring.order_of_both(view.catalogue.codes, list(before))
            )
        decision_visible = bool(evaluation.decision_id and gate.allows(user, "view", evaluation.decision))
        context.update(
            report_rows(view, user),
            view=view,
            summary=view.summary,
            data=view.catalogue,
            level_rows=[
                {
                    "key": level.key,
                    "label": level.label,
                    "requirements": view.summary.requirement_counts[level.key],
                    "exact": view.summary.exact[level.key],
                    "cumulative": view.summary.cumulative[level.key],
                }
                for level in view.catalogue.levels
            ],
            theme_rows=[
                {
                    "name": theme.name,
                    "cells": [view.summary.by_theme[theme.key][level.key] for level in view.catalogue.levels],
                    "total": view.summary.theme_totals[theme.key],
                }
                for theme in view.catalogue.themes
            ],
            strict_level=level_label(view.summary.strict_level, view.catalogue),
            strict_level_lenient=level_label(
                view.summary.strict_level_without_recommendations, view.catalogue
            ),
            previous=previous,
            diff=diff,
            decision_visible=decision_visible,
            can_decide=context["can_change"]
            and evaluation.is_draft
            and user.has_perm("evaluation.set_level"),
        )
        return context


class EvaluationStartView(ProductActionView):
    template_name = "evaluation/evaluation_start.html"

    def allowed(self, product: Any) -> bool:
        return bool(self.request.user.has_perm("evaluation.add_evaluation"))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = StartEvaluationForm(product=self.product, user=request.user)
        chosen = request.GET.get("self_evaluation", "")
        field = form.fields["self_evaluation"]
        if chosen.isdigit() and isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
            field.initial = field.queryset.filter(pk=int(chosen)).first() or field.initial
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = StartEvaluationForm(request.POST, product=self.product, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            evaluation = evaluation_services.start_evaluation(
                product=self.product,
                actor=request.user,
                self_evaluation=form.cleaned_data["self_evaluation"],
                use_latest_self_evaluation=False,
                catalogue=form.cleaned_data["catalogue"],
                evaluated_on=form.cleaned_data["evaluated_on"],
            )
        except DjangoValidationError as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request, _("The draft evaluation was made from the self-evaluation. Check every light.")
        )
        return HttpResponseRedirect(reverse("evaluation:evaluation_edit", kwargs={"pk": evaluation.pk}))


class _DraftOnly:
    def get_object(self, queryset: Any = None) -> Any:
        obj = super().get_object(queryset)  # type: ignore[misc]
        if not obj.is_draft and gate.allows(self.request.user, "change", obj):  # type: ignore[attr-defined]
            raise PermissionDenied(_("The evaluation is final; its lights can no longer change."))
        return obj


class EvaluationEditView(_DraftOnly, ObjectFormView):
    model = Evaluation
    form_class = EvaluationForm
    template_name = "evaluation/evaluation_form.html"

    def visible(self) -> Any:
        return super().visible().select_related("product", "catalogue")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        answers = {
            code: {"answer": answer, "documentation": documentation}
            for code, (answer, documentation) in self_evaluation_answers(
                self.object.self_evaluation_id
            ).items()
        }
        context["groups"] = form.groups(answers)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        assert isinstance(form, EvaluationForm)
        expected = form.cleaned_data.get("version")
        ratings = {
            code: evaluation_services.RatingInput(light, evidence)
            for code, (light, evidence) in form.requirement_values().items()
        }
        try:
            saved = evaluation_services.save_evaluation(
                evaluation=self.object,
                actor=request.user,
                expected_version=expected if expected is not None else -1,
                changes=form.writable_data(),
                ratings=ratings,
            )
        except services.ConflictError as conflict:
            return self.conflict_response(form, conflict.current)
        except DjangoValidationError as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("The evaluation was saved."))
        return HttpResponseRedirect(saved.get_absolute_url())


class _EvaluationChangeView(LoginRequiredMixin, TemplateView):
    """A page that changes an evaluation: 404 unless visible, 403 unless the user may change it."""

    evaluation: Evaluation

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.evaluation = get_object_or_404(
            Evaluation.objects.restrict(request.user, "view").select_related("product__program", "catalogue"),
            pk=kwargs["pk"],
        )
        if not gate.allows(request.user, "change", self.evaluation):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class EvaluationLevelView(_EvaluationChangeView):
    """Decide the product's level: records a decision in the decision log and sets the product's level."""

    template_name = "evaluation/evaluation_level.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["object"] = self.evaluation
        context["view_data"] = self.view_data
        context["strict_level"] = level_label(self.view_data.summary.strict_level, self.view_data.catalogue)
        return context

    def form(self, data: Any = None) -> LevelForm:
        self.view_data = evaluation_views([self.evaluation])[0]
        return LevelForm(
            data,
            evaluation=self.evaluation,
            user=self.request.user,
            strict_level=self.view_data.summary.strict_level,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.evaluation.is_draft or not request.user.has_perm("evaluation.set_level"):
            raise PermissionDenied
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.evaluation.is_draft or not request.user.has_perm("evaluation.set_level"):
            raise PermissionDenied
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        role, body = form.decider()
        try:
            evaluation_services.decide_level(
                evaluation=self.evaluation,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"],
                decided_on=form.cleaned_data["decided_on"],
                decided_by_role=role,
                decided_by_body=body,
                base_url=request.build_absolute_uri("/"),
            )
        except services.ConflictError:
            messages.error(
                request, _("Someone changed the evaluation in the meantime. Look at it again first.")
            )
            return HttpResponseRedirect(self.evaluation.get_absolute_url())
        except DjangoValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
            for name, problems in errors.items():
                form.add_error(name if name in form.fields else None, problems)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("The level was decided and recorded in the decision log."))
        return HttpResponseRedirect(self.evaluation.get_absolute_url())


class FindingView(_EvaluationChangeView):
    """Accept a repository finding's proposed light for its requirement, or override it."""

    template_name = "evaluation/finding_apply.html"

    def finding(self) -> Finding:
        return get_object_or_404(
            Finding.objects.restrict(self.request.user, "view")
            .filter(repository_check__product_id=self.evaluation.product_id)
            .select_related("repository_check"),
            pk=self.kwargs["finding"],
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        finding = self.finding()
        form = FindingForm(initial={"version": self.evaluation.version})
        return self.render_to_response(
            self.get_context_data(form=form, finding=finding, object=self.evaluation)
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        finding = self.finding()
        form = FindingForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, finding=finding, object=self.evaluation), status=400
            )
        try:
            evaluation_services.apply_finding(
                evaluation=self.evaluation,
                finding=finding,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                light=form.cleaned_data["light"] or None,
            )
        except services.ConflictError:
            messages.error(
                request, _("Someone changed the evaluation in the meantime. Look at it again first.")
            )
        except DjangoValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The finding was applied to %(code)s.") % {"code": finding.requirement_code}
            )
        return HttpResponseRedirect(self.evaluation.get_absolute_url() + f"#req-{finding.requirement_code}")


class EvaluationPublishView(PublishView):
    model = Evaluation

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.object.is_draft and not self.object.is_published:
            messages.error(request, _("Decide the level first: only a final evaluation can be published."))
            return HttpResponseRedirect(self.object.get_absolute_url())
        return super().post(request, *args, **kwargs)


class EvaluationDeleteView(DeleteView):
    model = Evaluation

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.object.is_draft:
            messages.error(request, _("A final evaluation is part of the record and cannot be removed."))
            return HttpResponseRedirect(self.object.get_absolute_url())
        return super().post(request, *args, **kwargs)

    def perform(self, *, version: int, reason: str) -> str:
        target = reverse("evaluation:product_history", kwargs={"slug": self.object.product.slug})
        services.delete(self.object, actor=self.request.user, expected_version=version, reason=reason)
        messages.success(self.request, _("The draft evaluation was removed."))
        return target


class EvaluationImportView(ProductActionView):
    template_name = "evaluation/evaluation_import.html"

    def allowed(self, product: Any) -> bool:
        return bool(self.request.user.has_perm("evaluation.import_evaluation"))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=ImportEvaluationForm()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ImportEvaluationForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data, problems = read_import(form.cleaned_data["file"])
        if problems:
            return self.render_to_response(self.get_context_data(form=form, problems=problems), status=400)
        catalogue, publish = form.cleaned_data["catalogue"], form.cleaned_data["publish"]
        try:
            reading = evaluation_services.read_evaluation_report(
                product=self.product, data=data, catalogue=catalogue
            )
            imported = Evaluation.objects.filter(product=self.product, source_checksum=reading.checksum)
            if reading.parsed.unresolved and not imported.exists():
                token = imports.stash(
                    request,
                    kind=imports.EVALUATION,
                    product=self.product,
                    data=data,
                    filename=form.cleaned_data["file"].name,
                    catalogue=catalogue,
                    flag=publish,
                )
                return HttpResponseRedirect(imports.review_url(self.product, token))
            result = evaluation_services.import_evaluation(
                product=self.product, data=data, actor=request.user, catalogue=catalogue, publish=publish
            )
        except evaluation_services.ImportFailed as exc:
            return self.render_to_response(
                self.get_context_data(form=form, problems=exc.messages), status=400
            )
        for warning in result.warnings:
            messages.warning(request, warning)
        if result.mismatches:
            messages.warning(
                request,
                _("%(count)d row(s) of the published count tables disagree with the lights; see below.")
                % {"count": len(result.mismatches)},
            )
        if result.created:
            messages.success(request, _("%(name)s was imported.") % {"name": result.evaluation})
        else:
            messages.info(request, _("The file was imported before: %(name)s.") % {"name": result.evaluation})
        return HttpResponseRedirect(result.evaluation.get_absolute_url())


class _ReportExport(View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        evaluation = get_object_or_404(
            Evaluation.objects.restrict(request.user, "view").select_related("product", "catalogue"),
            pk=kwargs["pk"],
        )
        view = evaluation_views([evaluation])[0]
        return self.render(request, evaluation, view)

    def render(self, request: HttpRequest, evaluation: Evaluation, view: EvaluationView) -> HttpResponse:
        raise NotImplementedError

    @staticmethod
    def filename(evaluation: Evaluation, extension: str) -> str:
        return f"evaluering-{evaluation.product.slug}-{evaluation.evaluated_on:%Y-%m-%d}.{extension}"


class EvaluationMarkdownView(_ReportExport):
    def render(self, request: HttpRequest, evaluation: Evaluation, view: EvaluationView) -> HttpResponse:
        text = report_markdown(view)
        return download(
            text, filename=self.filename(evaluation, "md"), content_type="text/markdown; charset=utf-8"
        )


class EvaluationPdfView(_ReportExport):
    def render(self, request: HttpRequest, evaluation: Evaluation, view: EvaluationView) -> HttpResponse:
        from weasyprint import HTML

        context = report_rows(view, request.user)
        html = render_to_string(
            "evaluation/report_pdf.html",
            {
                **context,
                "object": evaluation,
                "view": view,
                "summary": view.summary,
                "data": view.catalogue,
                "strict_level": level_label(view.summary.strict_level, view.catalogue),
                "decided_level": level_label(evaluation.decided_level, view.catalogue),
            },
            request=request,
        )
        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
        return download(pdf, filename=self.filename(evaluation, "pdf"), content_type="application/pdf")
