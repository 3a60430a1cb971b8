"""Filter sets shared by the web lists and the API (one definition of what "filter by" means)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from programkontor.core import gate
from programkontor.core.forms import ManyOptionsSelect, StyledFormMixin
from programkontor.portfolio.models import (
    Body,
    BodyKind,
    Membership,
    Organisation,
    OrganisationKind,
    Participation,
    Person,
    Product,
    ProductKind,
    ProductLevel,
    ProductStage,
    Program,
    Role,
    RoleAssignment,
)


def search_queryset(queryset: QuerySet[Any], fields: tuple[str, ...], value: str) -> QuerySet[Any]:
    query = Q()
    for word in value.split():
        word_query = Q()
        for field in fields:
            word_query |= Q(**{f"{field}__icontains": word})
        query &= word_query
    return queryset.filter(query)


YES_NO = [("true", _("Yes")), ("false", _("No"))]


class PublishedFilter(django_filters.ChoiceFilter):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Visibility"))
        kwargs.setdefault("choices", [("true", _("Published")), ("false", _("Private"))])
        kwargs.setdefault("empty_label", _("All"))
        kwargs.setdefault("method", "filter_boolean")
        super().__init__(**kwargs)


class YesNoFilter(django_filters.ChoiceFilter):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", YES_NO)
        kwargs.setdefault("empty_label", _("All"))
        kwargs.setdefault("method", "filter_boolean")
        super().__init__(**kwargs)


class ConditionFilter(YesNoFilter):
    """Yes: the rows that meet a condition; no: the rows that do not. The condition is built each
    time the filter runs, so it may read today's date."""

    def __init__(self, *, condition: Callable[[], Q], **kwargs: Any) -> None:
        def filter_condition(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
            if value == "true":
                return queryset.filter(condition())
            if value == "false":
                return queryset.exclude(condition())
            return queryset

        super().__init__(method=filter_condition, **kwargs)


class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number between ``min_value`` and ``max_value``; anything else is invalid (the API
    answers 400, a web list ignores it), never a number the database cannot hold."""

    field_class = forms.IntegerField

    def __init__(self, *, min_value: int, max_value: int, **kwargs: Any) -> None:
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


class YearFilter(WholeNumberFilter):
    """A calendar year, 1 to 9999 (what a date can hold)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Year"))
        super().__init__(min_value=1, max_value=9999, **kwargs)


def _spaced(*parts: object) -> str:
    return " ".join(str(part) for part in parts if part)


class LabelledRowsIterator(ModelChoiceIterator):
    """A choice filter's options read as tuples (``values_list`` of the value and the model's
    ``choice_label_fields``, labelled by its ``choice_label`` or the fields joined by spaces), not as
    model instances: a filter form offers hundreds of them (issue 14)."""

    def __iter__(self) -> Iterator[tuple[object, object]]:
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        if field.null_label is not None:
            yield (field.null_value, field.null_label)
        model = self.queryset.model
        label = getattr(model, "choice_label", _spaced)
        value_field = field.to_field_name or "pk"
        for value, *parts in self.queryset.values_list(value_field, *model.choice_label_fields):
            yield value, label(*parts)


class LabelledRowsChoiceField(ModelChoiceField):
    iterator = LabelledRowsIterator


class GatedFilterSet(django_filters.FilterSet):
    """Offers only visible objects in its choice filters; hides archived rows unless asked."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    archived = django_filters.BooleanFilter(label=_("Archived"), method="filter_archived")
    is_published = PublishedFilter(field_name="is_published")
    search_fields: tuple[str, ...] = ("name",)

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.ModelChoiceFilter):
                model = filter_.queryset.model
                filter_.queryset = gate.restrict(model, user, "view")
                if getattr(model, "choice_label_fields", ()):  # options read as tuples of their labels
                    filter_.field_class = LabelledRowsChoiceField
                filter_.extra.setdefault("widget", ManyOptionsSelect)
        if "archived" in self.filters and not hasattr(self.Meta.model, "archived_at"):
            del self.filters["archived"]
        if "is_published" in self.filters and not hasattr(self.Meta.model, "is_published"):
            del self.filters["is_published"]

    @property
    def form(self) -> Any:
        form = super().form
        if not getattr(form, "_styled", False):
            StyledFormMixin.style_widgets(form)
            form._styled = True
        return form

    def filter_boolean(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value in ("true", "false"):
            return queryset.filter(**{name: value == "true"})
        return queryset

    @property
    def qs(self) -> QuerySet[Any]:
        queryset: QuerySet[Any] = super().qs
        if hasattr(self.Meta.model, "archived_at") and not (
            self.is_bound and self.data.get("archived") in ("true", "True", "1")
        ):
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset

    def filter_q(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return search_queryset(queryset, self.search_fields, value) if value else queryset

    def filter_archived(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is True:
            return queryset.filter(archived_at__isnull=False)
        return queryset


class ProgramFilter(GatedFilterSet):
    search_fields = ("name", "summary")

    class Meta:
        model = Program
        fields = ["q", "is_published", "archived"]


class ProductFilter(GatedFilterSet):
    program = django_filters.ModelChoiceFilter(
        label=_("Program"),
        queryset=Program.objects.all(),
        to_field_name="slug",
        empty_label=_("All programs"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ProductKind.choices, empty_label=_("All kinds")
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=ProductStage.choices, empty_label=_("All stages")
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=ProductLevel.choices, empty_label=_("All levels")
    )
    search_fields = ("name", "summary", "description")

    class Meta:
        model = Product
        fields = ["q", "program", "kind", "stage", "level", "is_published", "archived"]


class OrganisationFilter(GatedFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=OrganisationKind.choices, empty_label=_("All kinds")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.REGION),
        empty_label=_("All regions"),
    )
    municipality_code = django_filters.CharFilter(label=_("Municipality code"))
    is_member = YesNoFilter(label=_("Member"), field_name="is_member")
    search_fields = ("name", "municipality_code", "cvr")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        region = self.filters["region"]
        region.queryset = region.queryset.filter(kind=OrganisationKind.REGION)

    class Meta:
        model = Organisation
        fields = ["q", "kind", "region", "municipality_code", "is_member", "is_published", "archived"]


class PersonFilter(GatedFilterSet):
    is_public = YesNoFilter(label=_("Public contact"), field_name="is_public")
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=Organisation.objects.all(), empty_label=_("All organisations")
    )
    search_fields = ("first_name", "last_name", "title", "organisation__name")

    class Meta:
        model = Person
        fields = ["q", "organisation", "is_public", "archived"]


class ParticipationFilter(GatedFilterSet):
    product = django_filters.ModelChoiceFilter(queryset=Product.objects.all())
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all())
    active_on = django_filters.DateFilter(label=_("Active on"), method="filter_active_on")
    search_fields = ("organisation__name", "product__name")

    class Meta:
        model = Participation
        fields = ["q", "product", "organisation", "active_on"]

    def filter_active_on(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(
            Q(accession_date__lte=value), Q(exit_date__isnull=True) | Q(exit_date__gte=value)
        )


class MembershipFilter(GatedFilterSet):
    body = django_filters.ModelChoiceFilter(queryset=Body.objects.all())
    person = django_filters.ModelChoiceFilter(queryset=Person.objects.all())
    search_fields = ("person__first_name", "person__last_name", "body__name")

    class Meta:
        model = Membership
        fields = ["q", "body", "person", "role"]


class RoleAssignmentFilter(GatedFilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices)
    person = django_filters.ModelChoiceFilter(queryset=Person.objects.all())
    product = django_filters.ModelChoiceFilter(queryset=Product.objects.all())
    program = django_filters.ModelChoiceFilter(queryset=Program.objects.all())
    search_fields = ("person__first_name", "person__last_name")

    class Meta:
        model = RoleAssignment
        fields = ["q", "role", "person", "product", "program"]


class TargetFilterSet(GatedFilterSet):
    """Filters by product (slug) and program (slug): ``program`` also finds its products' rows."""

    product = django_filters.ModelChoiceFilter(
        label=_("Product"),
        queryset=Product.objects.all(),
        to_field_name="slug",
        empty_label=_("All products"),
    )
    program = django_filters.ModelChoiceFilter(
        label=_("Program"),
        queryset=Program.objects.all(),
        to_field_name="slug",
        empty_label=_("All programs"),
        method="filter_program",
    )
    program_path = "program"
    product_path = "product"
    #: Whether ``program`` also finds the rows of the program's products.
    program_finds_products = True

    def filter_program(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if not value:
            return queryset
        if not self.program_finds_products:
            return queryset.filter(**{self.program_path: value})
        return queryset.filter(
            Q(**{self.program_path: value}) | Q(**{f"{self.product_path}__program": value})
        )


class BodyFilter(TargetFilterSet):
    """Bodies by kind, product and program; a program finds its own bodies, not its products'."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=BodyKind.choices, empty_label=_("All kinds"))
    program_finds_products = False
    search_fields = ("name", "description")

    class Meta:
        model = Body
        fields = ["q", "kind", "product", "program", "is_published", "archived"]
