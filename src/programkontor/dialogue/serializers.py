"""API representation of the dialogue log. Foreign keys and the organisations and people are ids;
``display`` helps humans; ``author`` is who logged it (set by the API, never written)."""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.utils.translation import gettext as _
from rest_framework import serializers

from programkontor.core import gate
from programkontor.core.api import GatedSerializer
from programkontor.dialogue.filters import target_of
from programkontor.dialogue.models import Comment, Entry, FollowUp
from programkontor.portfolio.models import Organisation, Person

_Row = TypeVar("_Row", Organisation, Person)


class FollowUpSerializer(GatedSerializer):
    parent_fields = ("entry",)

    class Meta(GatedSerializer.Meta):
        model = FollowUp
        fields = (
            "id",
            "entry",
            "text",
            "owner",
            "due_date",
            "done_on",
            "created_at",
            "updated_at",
            "version",
        )


class EntrySerializer(GatedSerializer):
    display = serializers.SerializerMethodField()
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta(GatedSerializer.Meta):
        model = Entry
        fields = (
            "id", "display", "kind", "party", "date", "title", "summary", "organisations", "people",
            "product", "program", "author", "follow_ups", "archived_at", "created_at", "updated_at",
            "version",
        )  # fmt: skip
        read_only_fields = ("id", "author", "archived_at", "created_at", "updated_at")

    def _visible(self, model: type[Organisation] | type[Person], rows: list[_Row]) -> list[_Row]:
        """Many-to-many choices are checked here (the gate limits single foreign keys itself)."""
        request = self.context.get("request")
        user = request.user if request is not None else None
        seen = set(
            gate.restrict(model, user, "view")
            .filter(pk__in=[row.pk for row in rows])
            .values_list("pk", flat=True)
        )
        unknown = [row.pk for row in rows if row.pk not in seen]
        if unknown:
            raise serializers.ValidationError(_("Unknown: %(ids)s") % {"ids": ", ".join(map(str, unknown))})
        return rows

    def validate_organisations(self, rows: list[Organisation]) -> list[Organisation]:
        return self._visible(Organisation, rows)

    def validate_people(self, rows: list[Person]) -> list[Person]:
        return self._visible(Person, rows)

    def get_display(self, obj: Entry) -> str:
        return str(obj)


class CommentSerializer(GatedSerializer):
    """A comment; ``target`` is what it is on, as ``app_label.model:pk`` (written once, on create)."""

    target = serializers.CharField(
        source="target_key", help_text="What the comment is on: app_label.model:pk, e.g. planning.risk:7"
    )
    author = serializers.CharField(source="author.username", read_only=True, default=None)

    class Meta(GatedSerializer.Meta):
        model = Comment
        fields = ("id", "target", "author", "text", "created_at", "updated_at", "version")

    def validate_target(self, value: str) -> models.Model:
        """The object the reader may see (others are unknown, whether they exist or not)."""
        if self.instance is not None:
            raise serializers.ValidationError(_("A comment stays on what it was written on."))
        found = target_of(value)
        request = self.context.get("request")
        target = None
        if found is not None:
            model, pk = found
            target = gate.restrict(model, request.user if request else None, "view").filter(pk=pk).first()
        if target is None:
            raise serializers.ValidationError(_("Unknown: %(ids)s") % {"ids": value})
        return target
