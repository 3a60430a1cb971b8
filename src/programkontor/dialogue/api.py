"""The dialogue log's API: entries (with their follow-ups) and follow-ups, through the gate, filtered
like the list, and comments (``target=app_label.model:pk``). Writes go through the dialogue services
(the organisations and people with the entry; a comment's mentions)."""

from __future__ import annotations

from typing import cast

from django.db import models
from django.db.models import Prefetch

from programkontor.core.api import GatedViewSet, endpoint
from programkontor.dialogue import services
from programkontor.dialogue.filters import CommentFilter, EntryFilter, FollowUpFilter
from programkontor.dialogue.models import Comment, Entry, FollowUp
from programkontor.dialogue.serializers import CommentSerializer, EntrySerializer, FollowUpSerializer
from programkontor.portfolio.models import Organisation, Person


class EntryViewSet(GatedViewSet):
    serializer_class = EntrySerializer
    filterset_class = EntryFilter
    select_related = ("product", "program")
    prefetch_related = (
        "organisations",
        "people",
        Prefetch("follow_ups", queryset=FollowUp.objects.order_by("due_date", "pk")),
    )
    hard_delete = False

    def create_object(self, fields: dict[str, object]) -> Entry:
        organisations = cast("list[Organisation]", fields.pop("organisations", []))
        people = cast("list[Person]", fields.pop("people", []))
        return services.save_entry(
            actor=self.request.user, fields=fields, organisations=organisations, people=people
        )

    def update_object(self, instance: Entry, expected: int, changes: dict[str, object]) -> Entry:
        organisations = cast("list[Organisation] | None", changes.pop("organisations", None))
        people = cast("list[Person] | None", changes.pop("people", None))
        return services.save_entry(
            actor=self.request.user,
            fields=changes,
            entry=instance,
            expected_version=expected,
            organisations=instance.organisations.all() if organisations is None else organisations,
            people=instance.people.all() if people is None else people,
        )


FollowUpViewSet = endpoint(FollowUpSerializer, FollowUpFilter, select_related=("entry",))


class CommentViewSet(GatedViewSet):
    """Comments on decisions, agenda items, work items and risks: read by whoever may see the object
    (filter ``target=app_label.model:pk``), written by whoever reads it internally; ``@username``
    notifies that user (if they may see the object). Authors change and delete their own."""

    serializer_class = CommentSerializer
    filterset_class = CommentFilter
    select_related = ("content_type", "author")

    def create_object(self, fields: dict[str, object]) -> Comment:
        target = cast("models.Model", fields["target_key"])
        return services.add_comment(actor=self.request.user, target=target, text=str(fields["text"]))


ROUTES = [
    ("dialogue/entries", EntryViewSet, "dialogue-entry"),
    ("dialogue/follow-ups", FollowUpViewSet, "dialogue-follow-up"),
    ("dialogue/comments", CommentViewSet, "dialogue-comment"),
]
