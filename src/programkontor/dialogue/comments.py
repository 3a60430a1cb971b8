"""Reads of the comments on decisions, agenda items, work items and risks (the commentable models
in ``core.registry``), in a fixed number of queries.

Comments have no scope of their own on a page: whoever may ``view`` the object reads its comments
(the thread and the panels are reached only through the object, through the gate); the API reads
them through ``rules.comment_q``, which says the same.

* **The thread**: all comments on one object, oldest first, with their authors (one query).
* **The panel** on the object's page: the count and the latest three (two queries).
* **The meeting's page**: its agenda items with their comment counts (one query).
* **Til mig** (``dialogue.mentions``): the mentions of the user not yet read (one query, plain rows).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, cast

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programkontor.core.registry import DueItem, DueQuery, DueRow, commentables, key_of, register_due_query
from programkontor.dialogue.models import Comment, Mention, thread_url
from programkontor.governance.interfaces import AgendaItem, Meeting

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

#: Comments a panel shows (the link opens the whole thread).
PANEL_ROWS = 3


def comments_on(target: models.Model) -> QuerySet[Comment]:
    """The comments on ``target``, newest first, with their authors."""
    return (
        Comment.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)
        .select_related("author")
        .order_by("-created_at", "-pk")
    )


def thread(target: models.Model) -> list[Comment]:
    """All the comments on ``target``, oldest first (one query)."""
    return list(reversed(list(comments_on(target))))


def panel(request: HttpRequest, target: models.Model) -> dict[str, object] | None:
    """*Comments (N)* with the latest three, for those signed in (the page already read ``target``
    through the gate)."""
    if not request.user.is_authenticated:
        return None
    comments = comments_on(target)
    meta = target._meta
    return {
        "count": comments.count(),
        "latest": list(reversed(list(comments[:PANEL_ROWS]))),
        "url": thread_url(meta.app_label, cast("str", meta.model_name), target.pk),
    }


def _comment_count(model: type[models.Model]) -> Coalesce:
    counted = (
        Comment.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=OuterRef("pk")
        )
        .order_by()
        .values("object_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def meeting_panel(request: HttpRequest, meeting: Meeting) -> dict[str, object] | None:
    """The meeting's agenda items with their comment counts and threads (one query); an agenda item
    is read by whoever reads its meeting."""
    if not request.user.is_authenticated:
        return None
    rows = (
        AgendaItem.objects.filter(meeting=meeting)
        .annotate(comment_count=_comment_count(AgendaItem))
        .order_by("position", "pk")
        .values("pk", "position", "title", "comment_count")
    )
    meta = AgendaItem._meta
    items = [
        {**row, "url": thread_url(meta.app_label, cast("str", meta.model_name), row["pk"])} for row in rows
    ]
    return {"items": items} if items else None


def mentions_due(user: AnyUser, today: datetime.date, until: datetime.date) -> DueQuery | None:
    """The comments that mention ``user`` and that they have not opened yet, oldest first."""
    if not getattr(user, "is_authenticated", False):
        return None
    rows = Mention.objects.filter(user_id=cast("int", user.pk), read_at__isnull=True).values(
        "comment_id", "comment__text", "comment__created_at", "comment__object_id",
        "comment__content_type__app_label", "comment__content_type__model",
        "comment__author__username", "comment__author__first_name", "comment__author__last_name",
    )  # fmt: skip
    order = [TruncDate("comment__created_at").asc(), F("comment__text").asc(), F("pk").asc()]
    return DueQuery(rows, order, _mention_items)


def _mention_items(rows: list[DueRow]) -> list[DueItem]:
    labels = {key_of(c.model): str(c.label) for c in commentables()}
    items = []
    for row in rows:
        app_label, model_name = row["comment__content_type__app_label"], row["comment__content_type__model"]
        author = " ".join(
            filter(None, (row["comment__author__first_name"], row["comment__author__last_name"]))
        )
        text = " ".join(str(row["comment__text"]).split())
        items.append(
            DueItem(
                timezone.localdate(row["comment__created_at"]),
                "dialogue.mentions",
                text if len(text) <= 80 else f"{text[:79]}…",
                f"{thread_url(app_label, model_name, row['comment__object_id'])}#comment-{row['comment_id']}",
                note=_("You are mentioned in a comment on a %(kind)s by %(author)s")
                % {
                    "kind": labels.get(f"{app_label}.{model_name}", model_name),
                    "author": author or row["comment__author__username"] or "—",
                },
                action=_("Read the comment"),
            )
        )
    return items


def register() -> None:
    register_due_query(
        "dialogue.mentions", mentions_due, label=gettext_lazy("Mentions in comments"), order=46
    )
