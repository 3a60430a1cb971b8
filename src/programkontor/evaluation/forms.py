"""Forms of the evaluation app: the self-evaluation and evaluation forms (a field pair per requirement),
starting, importing, deciding the level, and running a repository check."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programkontor.core import gate
from programkontor.core.forms import DateInput, GatedModelForm, StyledFormMixin, set_choices
from programkontor.core.uploads import LimitedFileField
from programkontor.evaluation.formats.common import Unresolved
from programkontor.evaluation.models import (
    Answer,
    Catalogue,
    Evaluation,
    Light,
    SelfEvaluation,
    SelfEvaluationStatus,
)
from programkontor.evaluation.selectors import current_catalogue
from programkontor.portfolio.classification import classification_errors
from programkontor.portfolio.models import Body, BodyKind, Product, ProductLevel

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

UNANSWERED = ""


@dataclass
class RequirementFields:
    """The form's fields for one requirement, for the template to lay out by theme."""

    code: str
    title: str
    text: str
    guidance: str
    criterion: str
    level: str
    level_label: str
    recommendation: bool
    theme: str
    choice: forms.BoundField
    text_field: forms.BoundField
    extra: dict[str, Any]


@dataclass
class ThemeGroup:
    key: str
    name: str
    rows: list[RequirementFields]


class _PerRequirementForm(GatedModelForm):
    """A model form with a choice and a text per requirement of the object's catalogue."""

    choice_prefix = ""
    text_prefix = ""
    choice_label: Any = ""
    text_label: Any = ""

    def add_requirement_fields(
        self, rows: Iterable[tuple[Any, str, str]], choices: list[tuple[str, Any]]
    ) -> None:
        """``rows``: (requirement, current choice, current text) in catalogue order."""
        self.requirement_rows = list(rows)
        for requirement, choice, text in self.requirement_rows:
            self.fields[f"{self.choice_prefix}{requirement.code}"] = forms.ChoiceField(
                label=self.choice_label,
                choices=choices,
                required=False,
                initial=choice,
                widget=forms.RadioSelect(attrs={"class": "form-radio"}),
            )
            self.fields[f"{self.text_prefix}{requirement.code}"] = forms.CharField(
                label=self.text_label,
                required=False,
                initial=text,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-input"}),
            )

    def groups(self, extra: dict[str, dict[str, Any]] | None = None) -> list[ThemeGroup]:
        groups: dict[str, ThemeGroup] = {}
        catalogue = self.instance.catalogue
        for requirement, _choice, _text in self.requirement_rows:
            theme = requirement.theme
            group = groups.setdefault(theme.key, ThemeGroup(theme.key, theme.name, []))
            group.rows.append(
                RequirementFields(
                    code=requirement.code,
                    title=requirement.title,
                    text=requirement.text,
                    guidance=requirement.guidance,
                    criterion=requirement.criterion,
                    level=requirement.level,
                    level_label=catalogue.level_label(requirement.level),
                    recommendation=requirement.is_recommendation,
                    theme=theme.name,
                    choice=self[f"{self.choice_prefix}{requirement.code}"],
                    text_field=self[f"{self.text_prefix}{requirement.code}"],
                    extra=(extra or {}).get(requirement.code, {}),
                )
            )
        return list(groups.values())

    def requirement_values(self) -> dict[str, tuple[str, str]]:
        return {
            requirement.code: (
                self.cleaned_data.get(f"{self.choice_prefix}{requirement.code}") or "",
                self.cleaned_data.get(f"{self.text_prefix}{requirement.code}") or "",
            )
            for requirement, _choice, _text in self.requirement_rows
        }

    def writable_data(self) -> dict[str, Any]:
        names = set(self._meta.fields or ())
        return {name: value for name, value in self.cleaned_data.items() if name in names}


class SelfEvaluationForm(_PerRequirementForm):
    """The self-evaluation: per requirement Ja / Nej / Ikke relevant / Ved ikke and the documentation."""

    choice_prefix = "answer-"
    text_prefix = "documentation-"
    choice_label = _("Complied with?")
    text_label = _("Documentation")

    class Meta:
        model = SelfEvaluation
        fields = ["filled_by", "filled_on", "git_url", "notes"]
        widgets = {"filled_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        answers = self.instance.answers.select_related("requirement__theme").order_by("requirement__order")
        self.add_requirement_fields(
            ((a.requirement, a.answer, a.documentation) for a in answers),
            [*Answer.choices, (UNANSWERED, _("Not answered"))],
        )
        self.style_widgets()
        for name, field in self.fields.items():
            if name.startswith(self.choice_prefix):
                field.widget.attrs["class"] = "form-radio"


class EvaluationForm(_PerRequirementForm):
    """The evaluation: texts, and per requirement a light and the evidence it rests on."""

    choice_prefix = "light-"
    text_prefix = "evidence-"
    choice_label = _("Light")
    text_label = _("Evidence")

    class Meta:
        model = Evaluation
        fields = [
            "evaluated_on",
            "evaluator",
            "git_url",
            "summary",
            "overall_assessment",
            "recommendations",
            "notes",
        ]
        widgets = {
            "evaluated_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "overall_assessment": forms.Textarea(attrs={"rows": 6}),
            "recommendations": forms.Textarea(attrs={"rows": 5}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ratings = self.instance.ratings.select_related("requirement__theme").order_by("requirement__order")
        self.add_requirement_fields(
            ((r.requirement, r.light, r.evidence) for r in ratings), list(Light.choices)
        )
        self.style_widgets()
        for name, field in self.fields.items():
            if name.startswith(self.choice_prefix):
                field.widget.attrs["class"] = "form-radio"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for requirement, _choice, _text in self.requirement_rows:
            name = f"{self.choice_prefix}{requirement.code}"
            if name in self.fields and not data.get(name):
                self.add_error(name, _("Choose a light."))
        return data


def _catalogue_field(initial: Catalogue | None) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    return forms.ModelChoiceField(
        label=_("Requirement catalogue"),
        queryset=Catalogue.objects.order_by("standard", "-created_at"),
        initial=initial,
        empty_label=None,
        help_text=_("The current version is chosen; older versions are kept for comparisons."),
    )


class StartSelfEvaluationForm(StyledFormMixin, forms.Form):
    catalogue = _catalogue_field(None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["catalogue"].initial = current_catalogue()
        self.style_widgets()


class StartEvaluationForm(StyledFormMixin, forms.Form):
    self_evaluation = forms.ModelChoiceField(
        label=_("Start from the self-evaluation"),
        queryset=SelfEvaluation.objects.none(),
        required=False,
        empty_label=_("None: every requirement starts red"),
        help_text=_("Ja → green, Nej → red, Ikke relevant → gray, Ved ikke → yellow, unanswered → red."),
    )
    catalogue = _catalogue_field(None)
    evaluated_on = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args: Any, product: Product, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = (
            SelfEvaluation.objects.restrict(user, "view")
            .filter(product=product, status=SelfEvaluationStatus.SUBMITTED)
            .select_related("product")
            .order_by("-number")
        )
        field = self.fields["self_evaluation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = choices
        field.initial = choices.first()
        self.fields["catalogue"].initial = current_catalogue()
        self.fields["evaluated_on"].initial = timezone.localdate()
        self.style_widgets()


class UploadForm(StyledFormMixin, forms.Form):
    file = LimitedFileField(kind="evaluation", label=_("File"))
    catalogue = forms.ModelChoiceField(
        label=_("Requirement catalogue"),
        queryset=Catalogue.objects.order_by("standard", "-created_at"),
        required=False,
        empty_label=_("Chosen from the file (the version it states, or the one its requirements fit)"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class ImportSelfEvaluationForm(UploadForm):
    draft = forms.BooleanField(label=_("Import as the draft (not submitted)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "The JSON file OS2's form saves, or a governance report in Markdown."
        )


class ImportEvaluationForm(UploadForm):
    publish = forms.BooleanField(label=_("Publish the evaluation"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("A published evaluation report in Markdown (OS2's layout).")


#: The choice that leaves a requirement unanswered (an answer cell's mapping).
LEAVE_UNANSWERED = "unanswered"


class CellMappingForm(StyledFormMixin, forms.Form):
    """The review step of an import: a choice for each cell of the file that named no answer, level or
    date. Only the cells the server read from the stored file get a field; the keys are theirs."""

    def __init__(
        self, *args: Any, cells: Iterable[Unresolved], levels: Iterable[tuple[str, str]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.cells = list(cells)
        answers = [(value, label) for value, label in Answer.choices]
        for cell in self.cells:
            name = self.field_name(cell.key)
            field: forms.Field
            if cell.kind == "answer":
                choices = [("", _("Choose …")), *answers, (LEAVE_UNANSWERED, _("Unanswered"))]
                field = forms.ChoiceField(label=cell.value, choices=choices)
            elif cell.kind == "level":
                field = forms.ChoiceField(label=cell.value, choices=[("", _("Choose …")), *levels])
            else:
                field = forms.DateField(label=cell.value, widget=DateInput())
            self.fields[name] = field
        self.style_widgets()

    @staticmethod
    def field_name(key: str) -> str:
        return f"cell-{key}"

    def rows(self) -> list[tuple[Any, forms.BoundField]]:
        """Each cell with its field, in the file's order."""
        return [(cell, self[self.field_name(cell.key)]) for cell in self.cells]

    def resolutions(self) -> dict[str, str]:
        """Cell key → mapping, as the import services take it (``""``: leave unanswered)."""
        result = {}
        for cell in self.cells:
            value = self.cleaned_data[self.field_name(cell.key)]
            if cell.kind == "date":
                result[cell.key] = value.isoformat()
            else:
                result[cell.key] = "" if value == LEAVE_UNANSWERED else str(value)
        return result


class CatalogueImportForm(StyledFormMixin, forms.Form):
    governance_template = LimitedFileField(
        kind="evaluation",
        label=_("Governance report template or JSON catalogue"),
        help_text=_("OS2's governance_template.md, or a catalogue in Programkontor's JSON format."),
    )
    assessment_template = LimitedFileField(
        kind="evaluation",
        label=_("Evaluation report template (optional)"),
        required=False,
        help_text=_("OS2's assessments_template.md: adds the assessment criteria."),
    )
    catalogue_version = forms.CharField(
        label=_("Version"), required=False, max_length=30, help_text=_("Only when the template states none.")
    )
    make_current = forms.BooleanField(label=_("Make it the current version"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class LevelForm(StyledFormMixin, forms.Form):
    """Deciding the product's level on the basis of an evaluation."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.ChoiceField(label=_("Level"))
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why this level: the basis recorded in the decision log."),
    )
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DateInput())
    decided_by = forms.ChoiceField(label=_("Decided by"))

    def __init__(
        self, *args: Any, evaluation: Evaluation, user: AnyUser, strict_level: str | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        product = evaluation.product
        allowed = set(evaluation.catalogue.level_keys) | {ProductLevel.NONE}
        set_choices(
            self,
            "level",
            [
                (value, label)
                for value, label in ProductLevel.choices
                if value in allowed
                and not classification_errors(kind=product.kind, stage=product.stage, level=value)
            ],
        )
        self.fields["level"].initial = (
            strict_level if strict_level in dict(ProductLevel.choices) else product.level
        )
        self.fields["decided_on"].initial = timezone.localdate()
        self.fields["version"].initial = evaluation.version
        from programkontor.evaluation.services import decision_roles

        bodies = (
            gate.restrict(Body, user, "view")
            .filter(archived_at__isnull=True)
            .filter(
                Q(kind=BodyKind.BOARD)
                | Q(kind=BodyKind.STEERING, product=product)
                | Q(kind=BodyKind.STEERING, program_id=product.program_id)
            )
            .order_by("kind", "name")
        )
        self.bodies = {str(body.pk): body for body in bodies}
        set_choices(
            self,
            "decided_by",
            [
                *((f"role:{value}", label) for value, label in decision_roles()),
                *((f"body:{pk}", body.name) for pk, body in self.bodies.items()),
            ],
        )
        self.fields["decided_by"].initial = "role:secretariat"
        self.style_widgets()

    def decider(self) -> tuple[str, Body | None]:
        value = self.cleaned_data["decided_by"]
        kind, _sep, key = value.partition(":")
        if kind == "body":
            return "", self.bodies[key]
        return key, None


class RepositoryCheckForm(StyledFormMixin, forms.Form):
    repository = forms.ChoiceField(label=_("Repository"))

    def __init__(self, *args: Any, product: Product, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "repository", [(url, url) for url in product.repository_urls or []])
        self.fields["repository"].help_text = _(
            "The product's repositories (edit the product to add one). The repository is cloned without "
            "running any of its code."
        )
        self.style_widgets()


class FindingForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    light = forms.ChoiceField(
        label=_("Light"), choices=[("", _("The proposed light")), *Light.choices], required=False
    )
