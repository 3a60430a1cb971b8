"""Who may read and write the dialogue log: the scopes behind ``restrict(user, action)``.

The dialogue log is internal notes, never published and never shown to suppliers' contacts:

* **view** and **view_internal** (the same: an entry has nothing public): the secretariat and the
  board; those who read the entry's product or program internally (its writers, its steering and
  coordination groups); the one who logged it; and the owners of its follow-ups (so a follow-up on
  *Til mig* always opens);
* **change**: the secretariat, the product's or program's writers, and the one who logged it.

A follow-up has its entry's scope, and its owner may also change it (mark it done or not done).
Logging an entry at all needs the right to write something, or a seat on the board.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from rules.permissions import add_perm
from rules.predicates import predicate

from programkontor.core import gate
from programkontor.core.access import Access, access_for
from programkontor.core.gate import EVERYTHING, NOTHING
from programkontor.dialogue.models import Comment, Entry, FollowUp
from programkontor.portfolio.rules import any_of, target_change_q, target_internal_q

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


def _own_q(access: Access, prefix: str) -> Q:
    if access.user_id is None:
        return NOTHING
    return Q(**{f"{prefix}author_id": access.user_id})


def _follows_up_q(access: Access, prefix: str) -> Q:
    if access.person_id is None:
        return NOTHING
    return Q(**{f"{prefix}pk__in": FollowUp.objects.filter(owner_id=access.person_id).values("entry_id")})


def entry_q(access: Access, action: str, prefix: str = "") -> Q:
    if not access.is_authenticated:
        return NOTHING
    if access.is_secretariat or (access.is_board and action != "change"):
        return EVERYTHING
    if action == "change":
        return any_of(target_change_q(access, prefix), _own_q(access, prefix))
    return any_of(target_internal_q(access, prefix), _own_q(access, prefix), _follows_up_q(access, prefix))


def follow_up_q(access: Access, action: str) -> Q:
    entry = entry_q(access, action, "entry__")
    if action == "change" and access.person_id is not None:
        return any_of(entry, Q(owner_id=access.person_id))
    return entry


gate.register(Entry)(entry_q)
gate.register(FollowUp)(follow_up_q)


@predicate
def logs_dialogue(user: AnyUser) -> bool:
    access = access_for(user)
    return access.is_authenticated and (access.writes_anything or access.is_board)


@predicate
def signed_in(user: AnyUser) -> bool:
    return bool(getattr(user, "is_authenticated", False))


add_perm("dialogue.add_entry", logs_dialogue)
# A follow-up hangs on an entry: whoever may change the entry may add one (the form checks the entry).
add_perm("dialogue.add_followup", signed_in)
# A comment hangs on an object: whoever reads that internally may comment (the service checks it).
add_perm("dialogue.add_comment", signed_in)


def comment_q(access: Access, action: str) -> Q:
    """A comment is read by whoever may ``view`` what it is on (``view_internal`` likewise); it is
    changed by its author and the secretariat, while they still see what it is on."""
    from django.contrib.contenttypes.models import ContentType

    from programkontor.core.registry import commentables

    if not access.is_authenticated:
        return NOTHING
    on_target = "view" if action == "change" else action
    parts = []
    for commentable in commentables():
        content_type = ContentType.objects.get_for_model(commentable.model)
        q = gate.access_q(commentable.model, access, on_target)
        if q is EVERYTHING:
            parts.append(Q(content_type_id=content_type.pk))
        elif q is not NOTHING:
            visible = commentable.model._default_manager.filter(q).values("pk")
            parts.append(Q(content_type_id=content_type.pk, object_id__in=visible))
    readable = any_of(*parts) if parts else NOTHING
    if action != "change" or access.is_secretariat:
        return readable
    return NOTHING if readable is NOTHING else readable & Q(author_id=access.user_id)


gate.register(Comment)(comment_q)
