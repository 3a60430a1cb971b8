"""REST endpoints of the evaluation app: catalogues, self-evaluations, evaluations (with their computed
counts) and repository checks. ``ROUTES`` is picked up by ``programkontor/api_urls.py``."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Model, Prefetch, QuerySet
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from programkontor.core import services
from programkontor.core.api import Conflict, GatedViewSet, _django_errors
from programkontor.core.git import GitError
from programkontor.evaluation import filters, serializers
from programkontor.evaluation import services as evaluation_services
from programkontor.evaluation.formats.catalogue import JSON_FORMAT, catalogue_from_json
from programkontor.evaluation.formats.common import FormatError
from programkontor.evaluation.models import (
    Catalogue,
    Evaluation,
    Rating,
    RepositoryCheck,
    SelfEvaluation,
    SelfEvaluationAnswer,
    SelfEvaluationStatus,
)
from programkontor.evaluation.selectors import evaluation_views


class _CompactListViewSet(GatedViewSet):
    """Lists leave out the per-requirement rows (answers, ratings); a single object has them, each
    with its requirement, in the catalogue's order."""

    #: The related name of the per-requirement rows, and their model.
    requirement_rows: tuple[str, type[SelfEvaluationAnswer | Rating]]

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        if self.action == "list":
            return queryset
        name, model = self.requirement_rows
        rows: QuerySet[Model] = model.objects.select_related("requirement").order_by("requirement__order")
        return queryset.prefetch_related(Prefetch(name, queryset=rows))

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["compact"] = self.action == "list"
        return context


class CatalogueViewSet(GatedViewSet):
    """Requirement catalogues. POST takes a whole catalogue in Programkontor's JSON form."""

    gate_model = Catalogue
    serializer_class = serializers.CatalogueSerializer
    filterset_class = filters.CatalogueFilter
    add_permission = "evaluation.add_catalogue"

    def get_queryset(self) -> Any:
        return super().get_queryset().annotate(requirement_count=Count("requirements"))

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return serializers.CatalogueDetailSerializer
        return super().get_serializer_class()

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = dict(request.data) if hasattr(request.data, "keys") else {}
        payload.setdefault("format", JSON_FORMAT)
        payload.setdefault("version", payload.get("standard_version"))
        try:
            data = catalogue_from_json(json.dumps(payload))
            result = evaluation_services.import_catalogue(
                data=data, actor=request.user, make_current=bool(payload.get("is_current", True))
            )
        except FormatError as exc:
            raise ValidationError({"non_field_errors": exc.messages(_)}) from exc
        except DjangoValidationError as exc:
            raise _django_errors(exc) from exc
        body = serializers.CatalogueDetailSerializer(
            result.catalogue, context=self.get_serializer_context()
        ).data
        return Response(body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


class SelfEvaluationViewSet(_CompactListViewSet):
    """Self-evaluations. POST starts a draft for a product (carrying over the latest submitted answers);
    PATCH changes the draft's fields and ``answers``; ``"status": "submitted"`` submits it."""

    gate_model = SelfEvaluation
    serializer_class = serializers.SelfEvaluationSerializer
    filterset_class = filters.SelfEvaluationFilter
    add_permission = "evaluation.add_selfevaluation"
    select_related = ("product", "catalogue")
    requirement_rows = ("answers", SelfEvaluationAnswer)

    def create_object(self, fields: dict[str, Any]) -> Any:
        return evaluation_services.start_self_evaluation(
            product=fields["product"], actor=self.request.user, catalogue=fields.get("catalogue")
        )

    def perform_update(self, serializer: Any) -> None:
        instance: SelfEvaluation = serializer.instance
        expected = self.expected(instance)
        data = self.written_fields(serializer)
        answers = data.pop("answers_input", None)
        submit = data.pop("status", instance.status) == SelfEvaluationStatus.SUBMITTED and instance.is_draft
        self.run(lambda: self._save(instance, expected, data, answers, submit))
        serializer.instance = self.get_queryset().get(pk=instance.pk)

    def _save(
        self, instance: SelfEvaluation, expected: int, data: dict[str, Any], answers: Any, submit: bool
    ) -> None:
        if instance.is_draft:
            if data or answers or not submit:
                evaluation_services.save_self_evaluation(
                    self_evaluation=instance,
                    actor=self.request.user,
                    expected_version=expected,
                    changes=data,
                    answers={
                        item["requirement"].strip().upper(): (
                            item.get("answer") or None,
                            item.get("documentation", ""),
                        )
                        for item in answers or []
                    },
                )
                expected = instance.version
            if submit:
                evaluation_services.submit_self_evaluation(
                    self_evaluation=instance, actor=self.request.user, expected_version=expected
                )
        elif answers or set(data) - {"notes"}:
            raise ValidationError(
                _("A submitted self-evaluation cannot change; start a new version instead.")
            )
        else:
            services.update(instance, actor=self.request.user, expected_version=expected, changes=data)

    def destroy_object(self, instance: Any, expected_version: int) -> None:
        if not instance.is_draft:
            raise Conflict(_("Submitted versions are kept; only a draft can be removed."))
        super().destroy_object(instance, expected_version)


class EvaluationViewSet(_CompactListViewSet):
    """Evaluations with their computed counts. POST makes a draft from the product's latest submitted
    self-evaluation; PATCH changes texts and ``ratings``; ``decide_level`` with ``decide_reason`` decides
    the product's level (a decision in the decision log) and makes the evaluation final."""

    gate_model = Evaluation
    serializer_class = serializers.EvaluationSerializer
    filterset_class = filters.EvaluationFilter
    add_permission = "evaluation.add_evaluation"
    select_related = ("product", "catalogue")
    requirement_rows = ("ratings", Rating)

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        rows = list(page) if page is not None else []
        self._views = {view.evaluation.pk: view for view in evaluation_views(rows)}
        return page

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["views"] = getattr(self, "_views", {})
        return context

    def create_object(self, fields: dict[str, Any]) -> Any:
        return evaluation_services.start_evaluation(
            product=fields["product"],
            actor=self.request.user,
            self_evaluation=fields.get("self_evaluation"),
            catalogue=fields.get("catalogue"),
            evaluated_on=fields.get("evaluated_on"),
        )

    def perform_update(self, serializer: Any) -> None:
        instance: Evaluation = serializer.instance
        expected = self.expected(instance)
        data = self.written_fields(serializer)
        ratings = data.pop("ratings_input", None)
        decide: dict[str, Any] = {
            key: data.pop(key)
            for key in ("decide_level", "decide_reason", "decide_on", "decide_by_body")
            if key in data
        }
        self.run(lambda: self._save(instance, expected, data, ratings, decide))
        self._views = {}
        serializer.instance = self.get_queryset().get(pk=instance.pk)

    def _save(
        self, instance: Evaluation, expected: int, data: dict[str, Any], ratings: Any, decide: dict[str, Any]
    ) -> None:
        if instance.is_draft:
            evaluation_services.save_evaluation(
                evaluation=instance,
                actor=self.request.user,
                expected_version=expected,
                changes=data,
                ratings={
                    item["requirement"].strip().upper(): evaluation_services.RatingInput(
                        item["light"], item.get("evidence", ""), item.get("finding")
                    )
                    for item in ratings or []
                },
            )
            if "decide_level" in decide:
                evaluation_services.decide_level(
                    evaluation=instance,
                    actor=self.request.user,
                    expected_version=instance.version,
                    level=decide["decide_level"],
                    reason=decide.get("decide_reason", ""),
                    decided_on=decide.get("decide_on"),
                    decided_by_body=decide.get("decide_by_body"),
                    base_url=self.request.build_absolute_uri("/"),
                )
        else:
            services.update(instance, actor=self.request.user, expected_version=expected, changes=data)

    def destroy_object(self, instance: Any, expected_version: int) -> None:
        if not instance.is_draft:
            raise Conflict(_("A final evaluation is part of the record and cannot be removed."))
        super().destroy_object(instance, expected_version)


class RepositoryCheckViewSet(GatedViewSet):
    """Repository checks and their findings. POST clones one of the product's repositories and checks it."""

    gate_model = RepositoryCheck
    serializer_class = serializers.RepositoryCheckSerializer
    filterset_class = filters.RepositoryCheckFilter
    add_permission = "evaluation.add_repositorycheck"
    select_related = ("product",)
    prefetch_related = ("findings",)

    def perform_create(self, serializer: Any) -> None:
        from programkontor.evaluation.views.repository import run_check

        data = serializer.validated_data
        try:
            serializer.instance = run_check(
                product=data["product"], url=data["repository_url"], actor=self.request.user
            )
        except GitError as exc:
            raise ValidationError(
                {"repository_url": _("The repository could not be checked: %(error)s") % {"error": exc}}
            ) from exc


ROUTES: list[tuple[str, Any, str]] = [
    ("evaluation-catalogues", CatalogueViewSet, "catalogue"),
    ("self-evaluations", SelfEvaluationViewSet, "selfevaluation"),
    ("evaluations", EvaluationViewSet, "evaluation"),
    ("repository-checks", RepositoryCheckViewSet, "repositorycheck"),
]
