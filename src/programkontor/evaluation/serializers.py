"""API representations of catalogues, self-evaluations, evaluations (with their computed counts) and
repository checks. Requirements are named by their id (``"F12"``) in answers and ratings."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from programkontor.core.api import GatedSerializer
from programkontor.evaluation import scoring
from programkontor.evaluation.models import (
    Answer,
    Catalogue,
    Evaluation,
    EvaluationStatus,
    Finding,
    Light,
    RepositoryCheck,
    SelfEvaluation,
    SelfEvaluationStatus,
)
from programkontor.portfolio.models import Body, ProductLevel

COMMON = ("created_at", "updated_at", "version")


class _Base(GatedSerializer):
    display = serializers.SerializerMethodField()

    def get_display(self, obj: Any) -> str:
        return str(obj)


class CatalogueSerializer(_Base):
    requirement_count = serializers.SerializerMethodField()

    class Meta(GatedSerializer.Meta):
        model = Catalogue
        fields: tuple[str, ...] = (
            "id", "display", "standard", "name", "standard_version", "released", "report_template_version",
            "description", "levels", "is_current", "source", "requirement_count", *COMMON,
        )  # fmt: skip
        validators: list[Any] = []  # a version is unique per standard: the import service decides
        read_only_fields = (
            "id",
            "standard",
            "standard_version",
            "levels",
            "is_current",
            "source",
            "created_at",
            "updated_at",
        )

    def get_requirement_count(self, obj: Catalogue) -> int:
        count = getattr(obj, "requirement_count", None)
        return int(count) if count is not None else obj.requirements.count()


class CatalogueDetailSerializer(CatalogueSerializer):
    themes = serializers.SerializerMethodField()
    requirements = serializers.SerializerMethodField()

    class Meta(CatalogueSerializer.Meta):
        fields = (*CatalogueSerializer.Meta.fields, "themes", "requirements")

    def get_themes(self, obj: Catalogue) -> list[dict[str, str]]:
        return [{"key": theme.key, "name": theme.name} for theme in obj.data().themes]

    def get_requirements(self, obj: Catalogue) -> list[dict[str, Any]]:
        return [
            {
                "id": r.code,
                "theme": r.theme,
                "level": r.level,
                "recommendation": r.recommendation,
                "title": r.title,
                "text": r.text,
                "guidance": r.guidance,
                "criterion": r.criterion,
            }
            for r in obj.data().requirements
        ]


class AnswerInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    requirement = serializers.CharField(help_text="The requirement's id, e.g. F12.")
    answer = serializers.ChoiceField(
        choices=Answer.choices, allow_null=True, allow_blank=True, required=False
    )
    documentation = serializers.CharField(allow_blank=True, required=False, default="")


@extend_schema_field(AnswerInputSerializer(many=True))
class AnswersField(serializers.Field):  # type: ignore[type-arg]
    """The answers, requirement by requirement; on write, the ones to change."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(source="*", required=False)
        super().__init__(**kwargs)

    def to_representation(self, obj: SelfEvaluation) -> list[dict[str, Any]]:
        return [
            {
                "requirement": answer.requirement.code,
                "title": answer.requirement.title,
                "level": answer.requirement.level,
                "answer": answer.answer or None,
                "documentation": answer.documentation,
            }
            for answer in obj.answers.all()
        ]

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        serializer = AnswerInputSerializer(data=data, many=True)
        serializer.is_valid(raise_exception=True)
        return {"answers_input": serializer.validated_data}


class SelfEvaluationSerializer(_Base):
    parent_fields = ("product",)
    answers = AnswersField(help_text="Per requirement: its id, the answer (or null) and the documentation.")
    status = serializers.ChoiceField(
        choices=SelfEvaluationStatus.choices,
        required=False,
        help_text='Set to "submitted" to submit a draft.',
    )

    class Meta(GatedSerializer.Meta):
        model = SelfEvaluation
        fields = (
            "id", "display", "product", "catalogue", "number", "status", "filled_by", "filled_on", "git_url",
            "submitted_at", "submitted_by", "source", "notes", "is_published", "published_at", "answers",
            *COMMON,
        )  # fmt: skip
        read_only_fields = (
            "id", "number", "submitted_at", "submitted_by", "source", "is_published", "published_at",
            "created_at", "updated_at",
        )  # fmt: skip
        extra_kwargs = {"catalogue": {"required": False}}
        validators: list[Any] = []  # one draft per product and unique numbers: the services decide

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        product = self.fields.get("product")
        if (
            request is not None
            and request.method == "POST"
            and isinstance(product, serializers.PrimaryKeyRelatedField)
        ):
            from programkontor.evaluation.selectors import self_evaluation_products

            product.queryset = self_evaluation_products(request.user)  # type: ignore[arg-type]
        if isinstance(self.instance, SelfEvaluation):
            for name in ("product", "catalogue"):
                self.fields[name].read_only = True
        if self.context.get("compact"):
            self.fields.pop("answers", None)

    def validate_status(self, value: str) -> str:
        current = (
            self.instance.status if isinstance(self.instance, SelfEvaluation) else SelfEvaluationStatus.DRAFT
        )
        if value != current and not (
            current == SelfEvaluationStatus.DRAFT and value == SelfEvaluationStatus.SUBMITTED
        ):
            raise serializers.ValidationError(
                _("A draft can be submitted; a submitted version cannot change.")
            )
        return value


class RatingInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    requirement = serializers.CharField(help_text="The requirement's id, e.g. F12.")
    light = serializers.ChoiceField(choices=Light.choices)
    evidence = serializers.CharField(allow_blank=True, required=False, default="")
    finding = serializers.PrimaryKeyRelatedField(
        queryset=Finding._default_manager.all(),
        required=False,
        allow_null=True,
        help_text="A repository finding this light accepts or overrides.",
    )


@extend_schema_field(RatingInputSerializer(many=True))
class RatingsField(serializers.Field):  # type: ignore[type-arg]
    """The lights, requirement by requirement; on write, the ones to change."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(source="*", required=False)
        super().__init__(**kwargs)

    def to_representation(self, obj: Evaluation) -> list[dict[str, Any]]:
        return [
            {
                "requirement": rating.requirement.code,
                "level": rating.requirement.level,
                "light": rating.light,
                "evidence": rating.evidence,
                "finding": rating.finding_id,
            }
            for rating in obj.ratings.all()
        ]

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        serializer = RatingInputSerializer(data=data, many=True)
        serializer.is_valid(raise_exception=True)
        return {"ratings_input": serializer.validated_data}


class EvaluationSerializer(_Base):
    ratings = RatingsField(
        help_text="Per requirement: its id, the light, the evidence and the finding it rests on."
    )
    counts = serializers.SerializerMethodField(help_text="Computed from the lights, never stored.")
    decide_level = serializers.CharField(
        write_only=True,
        required=False,
        help_text=(
            'Decide the product\'s level ("none", "sandbox", "1", "2" or "3"): records a decision in the '
            "decision log, sets the product's level and makes the evaluation final."
        ),
    )
    decide_reason = serializers.CharField(write_only=True, required=False, allow_blank=False)
    decide_on = serializers.DateField(write_only=True, required=False)
    decide_by_body = serializers.PrimaryKeyRelatedField(
        queryset=Body.objects.all(), write_only=True, required=False
    )

    class Meta(GatedSerializer.Meta):
        model = Evaluation
        fields = (
            "id", "display", "product", "catalogue", "self_evaluation", "status", "evaluated_on",
            "evaluator", "git_url", "template_version", "summary", "overall_assessment", "recommendations",
            "decided_level", "level_reason", "previous_level", "decided_on", "decision", "source",
            "published_mismatches", "notes", "is_published", "published_at", "counts", "ratings",
            "decide_level", "decide_reason", "decide_on", "decide_by_body", *COMMON,
        )  # fmt: skip
        read_only_fields = (
            "id", "status", "template_version", "decided_level", "level_reason", "previous_level",
            "decided_on", "decision", "source", "published_mismatches", "is_published", "published_at",
            "created_at", "updated_at",
        )  # fmt: skip
        extra_kwargs = {"catalogue": {"required": False}, "evaluated_on": {"required": False}}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(self.instance, Evaluation):
            for name in ("product", "catalogue", "self_evaluation"):
                self.fields[name].read_only = True
        if self.context.get("compact"):
            self.fields.pop("ratings", None)

    def _view(self, obj: Evaluation) -> Any:
        view = (self.context.get("views") or {}).get(obj.pk)
        if view is None:
            from programkontor.evaluation.selectors import evaluation_views

            view = evaluation_views([obj])[0]
        return view

    def get_counts(self, obj: Evaluation) -> dict[str, Any]:
        summary: scoring.Summary = self._view(obj).summary
        return {
            "levels": summary.exact,
            "cumulative": summary.cumulative,
            "totals": summary.totals,
            "themes": summary.by_theme,
            "strict_level": summary.strict_level,
            "strict_level_without_recommendations": summary.strict_level_without_recommendations,
        }

    def validate_decide_level(self, value: str) -> str:
        if value not in ProductLevel.values:
            raise serializers.ValidationError(
                _("'%(level)s' is not a level a product can hold.") % {"level": value}
            )
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "decide_level" in attrs and not attrs.get("decide_reason", "").strip():
            raise serializers.ValidationError({"decide_reason": _("Give the reason for the level.")})
        if isinstance(self.instance, Evaluation) and self.instance.status == EvaluationStatus.FINAL:
            changing = set(attrs) - {"version", "notes"}
            if changing:
                raise serializers.ValidationError(_("The evaluation is final; only its notes can change."))
        return attrs


class FindingSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Finding
        fields = (
            "id",
            "check_key",
            "requirement_code",
            "light",
            "summary",
            "path",
            "commit",
            "details",
            "status",
            "evaluation",
        )
        read_only_fields = fields


class RepositoryCheckSerializer(_Base):
    parent_fields = ("product",)
    findings = FindingSerializer(many=True, read_only=True)
    repository_url = serializers.URLField(
        write_only=True,
        required=False,
        help_text="One of the product's repositories: it is cloned and checked.",
    )

    class Meta(GatedSerializer.Meta):
        model = RepositoryCheck
        fields = (
            "id", "display", "product", "source", "commit", "branch", "checked_at", "checked_by", "findings",
            "repository_url", *COMMON,
        )  # fmt: skip
        read_only_fields = (
            "id",
            "source",
            "commit",
            "branch",
            "checked_at",
            "checked_by",
            "created_at",
            "updated_at",
        )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(self.instance, RepositoryCheck):
            self.fields["product"].read_only = True

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is None:
            product = attrs.get("product")
            url = attrs.get("repository_url", "")
            if product is None:
                raise serializers.ValidationError({"product": _("Choose the product.")})
            if url not in (product.repository_urls or []):
                raise serializers.ValidationError(
                    {
                        "repository_url": _("Choose one of the product's repositories: %(urls)s.")
                        % {"urls": ", ".join(product.repository_urls or []) or "—"}
                    }
                )
        return attrs
