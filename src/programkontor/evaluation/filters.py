"""Filter sets shared by the evaluation pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from programkontor.evaluation.models import (
    Catalogue,
    Evaluation,
    EvaluationStatus,
    RepositoryCheck,
    SelfEvaluation,
    SelfEvaluationStatus,
)
from programkontor.evaluation.selectors import NO_PROGRAM, current_catalogue
from programkontor.portfolio.filters import GatedFilterSet
from programkontor.portfolio.models import Product, ProductLevel, Program


def _product_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Product"),
        queryset=Product.objects.all(),
        to_field_name="slug",
        empty_label=_("All products"),
    )


def _program_filter(field_name: str = "product__program") -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Program"),
        field_name=field_name,
        queryset=Program.objects.all(),
        to_field_name="slug",
        empty_label=_("All programs"),
    )


class CatalogueFilter(GatedFilterSet):
    search_fields = ("name", "standard", "standard_version")

    class Meta:
        model = Catalogue
        fields = ["q", "standard", "is_current"]


class SelfEvaluationFilter(GatedFilterSet):
    product = _product_filter()
    program = _program_filter()
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=SelfEvaluationStatus.choices, empty_label=_("All statuses")
    )
    search_fields = ("product__name", "filled_by")

    class Meta:
        model = SelfEvaluation
        fields = ["q", "product", "program", "status", "is_published"]


class EvaluationFilter(GatedFilterSet):
    product = _product_filter()
    program = _program_filter()
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=EvaluationStatus.choices, empty_label=_("All statuses")
    )
    decided_level = django_filters.ChoiceFilter(
        label=_("Decided level"), choices=ProductLevel.choices, empty_label=_("All levels")
    )
    search_fields = ("product__name", "evaluator", "summary")

    class Meta:
        model = Evaluation
        fields = ["q", "product", "program", "status", "decided_level", "is_published"]


class RepositoryCheckFilter(GatedFilterSet):
    product = _product_filter()
    search_fields = ("source", "product__name")

    class Meta:
        model = RepositoryCheck
        fields = ["q", "product"]


class HeatmapFilter(GatedFilterSet):
    """Products of the heatmap: by program and level; the theme narrows the requirement columns."""

    program = django_filters.ModelChoiceFilter(
        label=_("Program"),
        queryset=Program.objects.all(),
        to_field_name="slug",
        empty_label=_("All programs"),
        null_label=_("No program"),
        null_value=NO_PROGRAM,
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=ProductLevel.choices, empty_label=_("All levels")
    )
    theme = django_filters.ChoiceFilter(label=_("Theme"), method="filter_theme", empty_label=_("All themes"))
    search_fields = ("name",)

    class Meta:
        model = Product
        fields = ["q", "program", "level", "theme"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        del self.filters["is_published"]
        catalogue = current_catalogue()
        self.catalogue = catalogue
        themes = list(catalogue.themes.values_list("key", "name")) if catalogue else []
        self.filters["theme"].extra["choices"] = themes

    def filter_theme(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset  # the theme picks columns, not rows

    @property
    def selected_theme(self) -> str | None:
        if self.is_bound and self.is_valid():
            value = self.form.cleaned_data.get("theme")
            return str(value) if value else None
        return None

    @property
    def program_chosen(self) -> bool:
        """A program (or "no program") is chosen: the page shows that program's products."""
        if self.is_bound and self.is_valid():
            return self.form.cleaned_data.get("program") not in (None, "")
        return False
