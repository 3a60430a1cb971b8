"""Self-evaluations: the list, one version, the Danish form, submitting, importing, exporting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from programkontor.core import gate, services
from programkontor.core.views import (
    DeleteView,
    GatedObjectMixin,
    ObjectActionView,
    ObjectDetailView,
    ObjectFormView,
    ObjectListView,
    PublishView,
)
from programkontor.evaluation import scoring
from programkontor.evaluation import services as evaluation_services
from programkontor.evaluation.filters import SelfEvaluationFilter
from programkontor.evaluation.formats import governance_report as governance_report_format
from programkontor.evaluation.formats import self_evaluation as fmt
from programkontor.evaluation.forms import (
    ImportSelfEvaluationForm,
    SelfEvaluationForm,
    StartSelfEvaluationForm,
)
from programkontor.evaluation.models import SelfEvaluation, SelfEvaluationAnswer
from programkontor.evaluation.selectors import may_write_self_evaluation
from programkontor.evaluation.views import imports
from programkontor.evaluation.views.common import ProductActionView, download, read_import


class SelfEvaluationListView(ObjectListView):
    model = SelfEvaluation
    filterset_class = SelfEvaluationFilter
    template_name = "evaluation/selfevaluation_list.html"
    results_template_name = "evaluation/_selfevaluation_results.html"
    export_columns = (
        "product__name",
        "catalogue__name",
        "number",
        "status",
        "filled_by",
        "filled_on",
        "submitted_at",
        "is_published",
    )

    def get_base_queryset(self) -> Any:
        return (
            super()
            .get_base_queryset()
            .select_related("product", "catalogue")
            .order_by("product__name", "-number")
        )


def answers_of(self_evaluation: SelfEvaluation) -> list[SelfEvaluationAnswer]:
    return list(
        self_evaluation.answers.select_related("requirement__theme").order_by(
            "requirement__order", "requirement_id"
        )
    )


def grouped(answers: list[SelfEvaluationAnswer]) -> list[dict[str, Any]]:
    groups: dict[int, dict[str, Any]] = {}
    for answer in answers:
        theme = answer.requirement.theme
        groups.setdefault(theme.pk, {"theme": theme, "rows": []})["rows"].append(answer)
    return list(groups.values())


class SelfEvaluationDetailView(ObjectDetailView):
    model = SelfEvaluation
    template_name = "evaluation/selfevaluation_detail.html"

    def visible(self) -> Any:
        return super().visible().select_related("product", "catalogue", "submitted_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        self_evaluation = self.object
        answers = answers_of(self_evaluation)
        counts = dict.fromkeys((*scoring.ANSWERS, ""), 0)
        for row in answers:
            counts[row.answer] += 1
        versions = list(
            SelfEvaluation.objects.restrict(self.request.user, "view")
            .filter(product=self_evaluation.product)
            .order_by("-number")
        )
        user = self.request.user
        context.update(
            groups=grouped(answers),
            counts=counts,
            answered=len(answers) - counts[""],
            total=len(answers),
            versions=versions,
            can_evaluate=user.has_perm("evaluation.add_evaluation") and not self_evaluation.is_draft,
            draft_lights=scoring.draft_ratings(
                {row.requirement.code: row.answer or None for row in answers},
                [row.requirement.code for row in answers],
            ),
        )
        return context


class SelfEvaluationStartView(ProductActionView):
    """Start a new draft of the product's self-evaluation, carrying over the latest submitted answers."""

    template_name = "evaluation/selfevaluation_start.html"

    def allowed(self, product: Any) -> bool:
        return bool(
            self.request.user.has_perm("evaluation.add_selfevaluation")
            and may_write_self_evaluation(self.request.user, product)
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        draft = SelfEvaluation.objects.filter(product=self.product, status="draft").first()
        return self.render_to_response(self.get_context_data(form=StartSelfEvaluationForm(), draft=draft))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = StartSelfEvaluationForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            draft = evaluation_services.start_self_evaluation(
                product=self.product, actor=request.user, catalogue=form.cleaned_data["catalogue"]
            )
        except DjangoValidationError as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("A new draft was started. Fill it in and submit it when it is ready."))
        return HttpResponseRedirect(draft_edit_url(draft))


def draft_edit_url(self_evaluation: SelfEvaluation) -> str:
    from django.urls import reverse

    return reverse("evaluation:selfevaluation_edit", kwargs={"pk": self_evaluation.pk})


class SelfEvaluationEditView(ObjectFormView):
    """The Danish form: per theme, per requirement Ja / Nej / Ikke relevant / Ved ikke and documentation."""

    model = SelfEvaluation
    form_class = SelfEvaluationForm
    template_name = "evaluation/selfevaluation_form.html"

    def visible(self) -> Any:
        return super().visible().select_related("product", "catalogue")

    def get_object(self, queryset: Any = None) -> Any:
        obj = super().get_object(queryset)
        if not obj.is_draft and gate.allows(self.request.user, "change", obj):
            raise PermissionDenied(
                _("A submitted self-evaluation cannot change; start a new version instead.")
            )
        return obj

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["groups"] = form.groups()
        context["answer_choices"] = fmt.ANSWER_TEXT
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        assert isinstance(form, SelfEvaluationForm)
        expected = form.cleaned_data.get("version")
        answers = {code: (choice or None, text) for code, (choice, text) in form.requirement_values().items()}
        try:
            saved = evaluation_services.save_self_evaluation(
                self_evaluation=self.object,
                actor=request.user,
                expected_version=expected if expected is not None else -1,
                changes=form.writable_data(),
                answers=answers,
            )
            if request.POST.get("submit") == "1":
                saved = evaluation_services.submit_self_evaluation(
                    self_evaluation=saved, actor=request.user, expected_version=saved.version
                )
                messages.success(request, _("The self-evaluation was submitted."))
            else:
                messages.success(request, _("The draft was saved."))
        except services.ConflictError as conflict:
            return self.conflict_response(form, conflict.current)
        except DjangoValidationError as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return HttpResponseRedirect(saved.get_absolute_url())


class SelfEvaluationSubmitView(ObjectActionView):
    model = SelfEvaluation

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.title = _("Submit %(name)s") % {"name": self.object}
        self.explanation = _(
            "A submitted version cannot be changed. The secretariat evaluates from the latest submitted "
            "version."
        )
        self.button = _("Submit")
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.object.is_draft:
            messages.error(request, _("The self-evaluation was submitted already."))
            return HttpResponseRedirect(self.object.get_absolute_url())
        return super().post(request, *args, **kwargs)

    def perform(self, *, version: int, reason: str) -> str:
        evaluation_services.submit_self_evaluation(
            self_evaluation=self.object, actor=self.request.user, expected_version=version
        )
        messages.success(self.request, _("The self-evaluation was submitted."))
        return self.object.get_absolute_url()  # type: ignore[no-any-return]


class SelfEvaluationPublishView(PublishView):
    model = SelfEvaluation

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.object.is_draft:
            messages.error(request, _("Only a submitted self-evaluation can be published."))
            return HttpResponseRedirect(self.object.get_absolute_url())
        return super().post(request, *args, **kwargs)


class SelfEvaluationDeleteView(DeleteView):
    model = SelfEvaluation

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.object.is_draft:
            messages.error(request, _("Submitted versions are kept; only a draft can be removed."))
            return HttpResponseRedirect(self.object.get_absolute_url())
        return super().post(request, *args, **kwargs)

    def perform(self, *, version: int, reason: str) -> str:
        target = self.object.product.get_absolute_url()
        services.delete(self.object, actor=self.request.user, expected_version=version, reason=reason)
        messages.success(self.request, _("The draft was removed."))
        return target  # type: ignore[no-any-return]


class SelfEvaluationImportView(ProductActionView):
    template_name = "evaluation/selfevaluation_import.html"

    def allowed(self, product: Any) -> bool:
        return bool(
            self.request.user.has_perm("evaluation.add_selfevaluation")
            and may_write_self_evaluation(self.request.user, product)
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=ImportSelfEvaluationForm()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ImportSelfEvaluationForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data, problems = read_import(form.cleaned_data["file"])
        if problems:
            return self.render_to_response(self.get_context_data(form=form, problems=problems), status=400)
        catalogue, as_draft = form.cleaned_data["catalogue"], form.cleaned_data["draft"]
        try:
            reading = evaluation_services.read_self_evaluation(
                product=self.product, data=data, catalogue=catalogue
            )
            if reading.parsed.unresolved and not self.imported_before(reading.checksum):
                token = imports.stash(
                    request,
                    kind=imports.SELF_EVALUATION,
                    product=self.product,
                    data=data,
                    filename=form.cleaned_data["file"].name,
                    catalogue=catalogue,
                    flag=as_draft,
                )
                return HttpResponseRedirect(imports.review_url(self.product, token))
            result = evaluation_services.import_self_evaluation(
                product=self.product, data=data, actor=request.user, catalogue=catalogue, as_draft=as_draft
            )
        except evaluation_services.ImportFailed as exc:
            return self.render_to_response(
                self.get_context_data(form=form, problems=exc.messages), status=400
            )
        for warning in result.warnings:
            messages.warning(request, warning)
        if result.created:
            messages.success(request, _("%(name)s was imported.") % {"name": result.self_evaluation})
        else:
            messages.info(
                request, _("The file was imported before: %(name)s.") % {"name": result.self_evaluation}
            )
        return HttpResponseRedirect(result.self_evaluation.get_absolute_url())

    def imported_before(self, digest: str) -> bool:
        return SelfEvaluation.objects.filter(product=self.product, source_checksum=digest).exists()


class _Export(GatedObjectMixin, View):
    model = SelfEvaluation

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self_evaluation = get_object_or_404(
            SelfEvaluation.objects.restrict(request.user, "view")
            .select_related("product", "catalogue")
            .prefetch_related(
                Prefetch("answers", queryset=SelfEvaluationAnswer.objects.select_related("requirement"))
            ),
            pk=kwargs["pk"],
        )
        answers = {
            a.requirement.code: (a.answer or None, a.documentation) for a in self_evaluation.answers.all()
        }
        return self.render(self_evaluation, answers)

    def render(
        self, self_evaluation: SelfEvaluation, answers: dict[str, tuple[str | None, str]]
    ) -> HttpResponse:
        raise NotImplementedError


class SelfEvaluationMarkdownView(_Export):
    def render(
        self, self_evaluation: SelfEvaluation, answers: dict[str, tuple[str | None, str]]
    ) -> HttpResponse:
        text = governance_report_format.governance_report(
            self_evaluation.catalogue.data(),
            product_name=self_evaluation.product.name,
            filled_by=self_evaluation.filled_by,
            filled_on=self_evaluation.filled_on,
            git_url=self_evaluation.git_url,
            answers={code: answer for code, (answer, _doc) in answers.items()},
            documentation={code: doc for code, (_answer, doc) in answers.items()},
        )
        return download(
            text,
            filename=f"governancerapport-{self_evaluation.product.slug}-{self_evaluation.number}.md",
            content_type="text/markdown; charset=utf-8",
        )


class SelfEvaluationJsonView(_Export):
    def render(
        self, self_evaluation: SelfEvaluation, answers: dict[str, tuple[str | None, str]]
    ) -> HttpResponse:
        text = fmt.form_json(
            self_evaluation.catalogue.data(),
            product_name=self_evaluation.product.name,
            filled_by=self_evaluation.filled_by,
            filled_on=self_evaluation.filled_on,
            generated_at=timezone.now(),
            answers={code: answer for code, (answer, _doc) in answers.items()},
            documentation={code: doc for code, (_answer, doc) in answers.items()},
        )
        return download(
            text,
            filename=f"selvevaluering-{self_evaluation.product.slug}-{self_evaluation.number}.json",
            content_type="application/json; charset=utf-8",
        )
