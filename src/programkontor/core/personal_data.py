"""Where personal data lives: the registry the privacy app exports and erases through.

Each app registers, from its ``AppConfig.ready()``, the models that hold data about a person
(:func:`register_personal_data`): how to find the rows of one person (``select``: a ``Q`` built from
a :class:`PersonRef`, e.g. :func:`linked` for a foreign key, :func:`mentioning` for names written
as text), which fields are exported, and what erasure does to each of them (``erase``: a field to
an :data:`Eraser`) — or that the rows are deleted (``delete``). A model with django-simple-history
has its historical rows found and treated the same way, so erasure reaches the history too.

Core never imports an app: the privacy app reads :func:`personal_data_places`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

#: Written where a person's name was; stored data, so in the site's language (Danish).
ANONYMOUS_FIRST_NAME = "Anonymiseret"


@dataclass(frozen=True)
class PersonRef:
    """What identifies one person in the stored data: their id, names, addresses and user names."""

    id: int
    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    usernames: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{ANONYMOUS_FIRST_NAME} person #{self.id}"

    @property
    def terms(self) -> tuple[str, ...]:
        """Names and addresses as they may be written in text (empty ones and one-letter names left out)."""
        return tuple(term for term in (*self.names, *self.emails) if len(term.strip()) > 1)

    def pattern(self) -> re.Pattern[str] | None:
        terms = sorted({term.strip() for term in self.terms}, key=len, reverse=True)
        if not terms:
            return None
        alternatives = "|".join(re.escape(term) for term in terms)
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def mentioned_in(self, text: object) -> bool:
        pattern = self.pattern()
        return bool(pattern and isinstance(text, str) and pattern.search(text))

    def redact(self, text: object) -> object:
        pattern = self.pattern()
        if pattern is None or not isinstance(text, str):
            return text
        return pattern.sub(self.label, text)


#: What erasure writes in a field: from the person and the field's stored value.
Eraser = Callable[[PersonRef, object], object]
Selector = Callable[[PersonRef], Q]


def blank(person: PersonRef, value: object) -> object:
    return ""


def clear(person: PersonRef, value: object) -> object:
    return None


def false(person: PersonRef, value: object) -> object:
    return False


def empty_dict(person: PersonRef, value: object) -> object:
    return {}


def anonymous_first_name(person: PersonRef, value: object) -> object:
    return ANONYMOUS_FIRST_NAME


def anonymous_last_name(person: PersonRef, value: object) -> object:
    return f"person #{person.id}"


def anonymous_name(person: PersonRef, value: object) -> object:
    return person.label


def anonymous_username(person: PersonRef, value: object) -> object:
    return f"anonymiseret-{person.id}"


def redact(person: PersonRef, value: object) -> object:
    """Replace the person's names and addresses where they are written in the text."""
    return person.redact(value)


def redact_json(person: PersonRef, value: object) -> object:
    """Redact every text inside a JSON value (lists and objects, e.g. a mail's attachments)."""
    if isinstance(value, dict):
        return {key: redact_json(person, item) for key, item in value.items()}
    if isinstance(value, list):
        return [redact_json(person, item) for item in value]
    return person.redact(value)


def linked(path: str) -> Selector:
    """Rows pointing at the person through ``path`` (a lookup ending in the person's id)."""
    return lambda person: Q(**{path: person.id})


def mentioning(*fields: str) -> Selector:
    """Rows whose text fields may name the person (or their address): a wide match, narrowed in Python."""

    def select(person: PersonRef) -> Q:
        query = Q(pk__in=[])
        for name in fields:
            for term in person.terms:
                query |= Q(**{f"{name}__icontains": term.strip()})
        return query

    return select


@dataclass(frozen=True)
class PersonalDataPlace:
    model: type[models.Model]
    #: The rows that are the person's by a link (a foreign key); ``None`` when only ``mentions`` find them.
    select: Selector | None
    fields: tuple[str, ...]
    erase: Mapping[str, Eraser] = field(default_factory=dict)
    delete: bool = False
    #: Fields whose text is searched for the person's names and addresses: a row found through them
    #: is the person's where the name really is written there (``PersonRef.mentioned_in``).
    mentions: tuple[str, ...] = ()
    #: The lookup that finds the rows of the historical model, when not ``select``'s (e.g. ``id``
    #: for the person itself: a historical row's primary key is its own).
    history_select: Selector | None = None

    @property
    def key(self) -> str:
        return f"{self.model._meta.app_label}.{self.model._meta.model_name}"

    @property
    def history_model(self) -> type[models.Model] | None:
        manager = getattr(self.model, "history", None)
        historical: type[models.Model] | None = getattr(manager, "model", None)
        return historical if historical is not None and historical is not self.model else None


_places: dict[str, PersonalDataPlace] = {}


def register_personal_data(
    model: type[models.Model],
    *,
    select: Selector | None = None,
    fields: tuple[str, ...],
    erase: Mapping[str, Eraser] | None = None,
    delete: bool = False,
    mentions: tuple[str, ...] = (),
    history_select: Selector | None = None,
) -> None:
    place = PersonalDataPlace(model, select, fields, erase or {}, delete, mentions, history_select)
    _places[place.key] = place


def personal_data_places() -> list[PersonalDataPlace]:
    return sorted(_places.values(), key=lambda place: place.key)
