"""The dialogue log's filters, shared by the page and the API: organisation, person, product, program,
kind, whom it was with, and a period; the comments of one object (API)."""

from __future__ import annotations

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from programkontor.core.registry import registered_commentable
from programkontor.dialogue.models import Comment, Entry, EntryKind, FollowUp, Party
from programkontor.portfolio.filters import GatedFilterSet, TargetFilterSet, WholeNumberFilter, YesNoFilter
from programkontor.portfolio.models import Organisation, Person


class EntryFilter(TargetFilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        field_name="organisations",
        queryset=Organisation.objects.all(),
        empty_label=_("All organisations"),
    )
    person = django_filters.ModelChoiceFilter(
        label=_("Person"), field_name="people", queryset=Person.objects.all(), empty_label=_("All people")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EntryKind.choices, empty_label=_("All kinds"))
    party = django_filters.ChoiceFilter(label=_("With"), choices=Party.choices, empty_label=_("Everyone"))
    date_from = django_filters.DateFilter(label=_("From"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("To"), field_name="date", lookup_expr="lte")
    search_fields = ("title", "summary")

    class Meta:
        model = Entry
        fields = [
            "q", "organisation", "person", "product", "program", "kind", "party", "date_from", "date_to",
            "archived",
        ]  # fmt: skip


class FollowUpFilter(GatedFilterSet):
    entry = WholeNumberFilter(
        label=_("Dialogue entry"), field_name="entry_id", min_value=1, max_value=2**31 - 1
    )
    owner = django_filters.ModelChoiceFilter(label=_("Owner"), queryset=Person.objects.all())
    done = YesNoFilter(label=_("Done"), method="filter_done")
    due_from = django_filters.DateFilter(label=_("Due from"), field_name="due_date", lookup_expr="gte")
    due_to = django_filters.DateFilter(label=_("Due by"), field_name="due_date", lookup_expr="lte")
    search_fields = ("text",)

    class Meta:
        model = FollowUp
        fields = ["q", "entry", "owner", "done", "due_from", "due_to"]

    def filter_done(self, queryset: QuerySet[FollowUp], name: str, value: str) -> QuerySet[FollowUp]:
        if value in ("true", "false"):
            return queryset.filter(done_on__isnull=value == "false")
        return queryset


def target_of(value: str) -> tuple[type[models.Model], int] | None:
    """``app_label.model:pk`` of a commentable object as its model and primary key, else None."""
    key, _sep, pk = value.partition(":")
    commentable = registered_commentable(key)
    if commentable is None or not pk.isdigit():
        return None
    return commentable.model, int(pk)


class CommentFilter(django_filters.FilterSet):
    target = django_filters.CharFilter(
        label=_("Object"), method="filter_target", help_text=_("app_label.model:pk, e.g. planning.risk:7")
    )

    class Meta:
        model = Comment
        fields: list[str] = []

    def filter_target(self, queryset: QuerySet[Comment], name: str, value: str) -> QuerySet[Comment]:
        found = target_of(value)
        if found is None:
            return queryset.none()
        model, pk = found
        return queryset.filter(content_type=ContentType.objects.get_for_model(model), object_id=pk)
