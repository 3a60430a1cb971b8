"""Writes of the dialogue log: an entry with its organisations and people (and a first follow-up),
and a follow-up marked done or not done. Keyword-only, one transaction, history naming the actor."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.db import transaction

from programkontor.core import services
from programkontor.dialogue.models import Entry, FollowUp

if TYPE_CHECKING:
    from programkontor.core.actors import Actor
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
