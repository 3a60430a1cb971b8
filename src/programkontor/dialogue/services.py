"""Writes of the dialogue log: an entry with its organisations and people (and a first follow-up),
a follow-up marked done or not done, and comments with their @mentions. Keyword-only, one transaction,
history naming the actor."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programkontor.accounts.models import User
from programkontor.core import gate, services
from programkontor.core.registry import key_of, registered_commentable
from programkontor.core.services import WriteRefused
from programkontor.dialogue.models import Comment, Entry, FollowUp, Mention
from programkontor.mail import services as mail
from programkontor.mail.compose import absolute, address_of, compose

if TYPE_CHECKING:
    from programkontor.core.actors import Actor, AnyUser
    from programkontor.portfolio.models import Organisation, Person


@transaction.atomic
def save_entry(
    *,
    actor: Actor,
    fields: Mapping[str, object],
    organisations: Iterable[Organisation],
    people: Iterable[Person],
    entry: Entry | None = None,
    expected_version: int = -1,
    follow_up: Mapping[str, object] | None = None,
) -> Entry:
    """Create (``entry`` None, logged by ``actor``) or update an entry and set whom it was with; a
    ``follow_up`` (``text``, ``owner``, ``due_date``) is added to it in the same transaction."""
    if entry is None:
        author = actor if getattr(actor, "is_authenticated", False) else None
        entry = services.create(Entry, actor=actor, fields={**fields, "author": author})
    else:
        entry = services.update(entry, actor=actor, expected_version=expected_version, changes=fields)
    entry.organisations.set(list(organisations))
    entry.people.set(list(people))
    if follow_up:
        add_follow_up(actor=actor, entry=entry, fields=follow_up)
    return entry


def add_follow_up(*, actor: Actor, entry: Entry, fields: Mapping[str, object]) -> FollowUp:
    return services.create(FollowUp, actor=actor, fields={**fields, "entry": entry})


def set_done(
    *, actor: Actor, follow_up: FollowUp, expected_version: int, done: bool, today: datetime.date
) -> FollowUp:
    """Mark the follow-up done today, or not done again."""
    return services.update(
        follow_up,
        actor=actor,
        expected_version=expected_version,
        changes={"done_on": today if done else None},
        reason="done" if done else "reopened",
    )


# --------------------------------------------------------------------------------------------
# Comments and @mentions.

#: ``@username`` (Django's user-name characters), not inside an e-mail address; a trailing full
#: stop ends the sentence, not the name.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]+)")


def mentioned_names(text: str) -> list[str]:
    """The user names ``text`` mentions, in order, once each."""
    names = (match.rstrip(".") for match in MENTION.findall(text))
    return list(dict.fromkeys(name for name in names if name))


@transaction.atomic
def add_comment(*, actor: AnyUser, target: models.Model, text: str) -> Comment:
    """Add ``actor``'s comment to ``target`` (which they must read internally) and notify the active
    users it mentions who may see ``target``: a ``Mention`` for *Til mig* and, for those with an
    e-mail address, a mail through the outbox (sent after the commit)."""
    if registered_commentable(key_of(type(target))) is None:
        raise PermissionDenied("Not commentable")
    if not gate.allows(actor, "view_internal", target):
        raise WriteRefused(_("You may not comment on %(name)s.") % {"name": target})
    comment = services.create(
        Comment,
        actor=actor,
        fields={
            "content_type": ContentType.objects.get_for_model(target),
            "object_id": target.pk,
            "author": actor,
            "text": text,
        },
        creator_may="view",
    )
    users = _who_may_be_told(target, mentioned_names(text), exclude=actor)
    Mention.objects.bulk_create([Mention(comment=comment, user=user) for user in users])
    for user in users:
        _queue_mail(comment, target, user, author=actor)
    return comment


def _who_may_be_told(target: models.Model, names: list[str], *, exclude: AnyUser) -> list[User]:
    """The active users among ``names`` who may see ``target`` (never the author)."""
    if not names:
        return []
    users = (
        User.objects.filter(username__in=names, is_active=True)
        .exclude(pk=cast("int", exclude.pk))
        .select_related("person")
        .order_by("pk")
    )
    return [user for user in users if gate.allows(user, "view", target)]


def _queue_mail(comment: Comment, target: models.Model, user: User, *, author: AnyUser) -> None:
    to = address_of(user)
    if not to:
        return
    commentable = registered_commentable(key_of(type(target)))
    context = {
        "user": user,
        "author": author,
        "comment": comment,
        "target": target,
        "kind": commentable.label if commentable else "",
        "url": absolute(comment.get_absolute_url()),
    }
    mail.queue(
        kind="dialogue.mention",
        key=f"dialogue-mention-{comment.pk}-{user.pk}",
        to=to,
        mail=compose("dialogue/mail/mention", context),
        user=user,
    )


def mark_mentions_read(*, user: AnyUser, target: models.Model) -> int:
    """``user`` opened the comments on ``target``: their mentions there no longer wait."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Mention.objects.filter(
        user_id=cast("int", user.pk),
        read_at__isnull=True,
        comment__content_type=ContentType.objects.get_for_model(target),
        comment__object_id=target.pk,
    ).update(read_at=timezone.now())
