"""One person's rows in every registered place (``core/personal_data.py``): found once, then exported
as one JSON document or erased."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models

from programkontor.core.personal_data import PersonalDataPlace, PersonRef, mentioning, personal_data_places
from programkontor.portfolio.models import Person

#: The columns of a historical row that say when and how it was written.
HISTORY_COLUMNS = ("history_date", "history_type")


def person_ref(person: Person) -> PersonRef:
    """The person's names, addresses and user name, now and as the history remembers them."""
    names = {person.full_name}
    emails = {person.email}
    usernames: set[str] = set()
    for first, last, email in Person.history.filter(id=person.pk).values_list(
        "first_name", "last_name", "email"
    ):
        names.add(f"{first} {last}".strip())
        emails.add(email)
    user = person.user
    if user is not None:
        names.add(f"{user.first_name} {user.last_name}".strip())
        emails.add(user.email)
        usernames.add(user.get_username())
    return PersonRef(
        id=person.pk,
        names=tuple(sorted(name for name in names if name)),
        emails=tuple(sorted(email for email in emails if email)),
        usernames=tuple(sorted(usernames)),
    )


@dataclass(frozen=True)
class Found:
    """The person's rows of one model: the place, whether these are historical rows, and the rows."""

    place: PersonalDataPlace
    model: type[models.Model]
    historical: bool
    rows: list[dict[str, object]]

    @property
    def key(self) -> str:
        return f"{self.place.key} (history)" if self.historical else self.place.key

    @property
    def pk_name(self) -> str:
        return str(self.model._meta.pk.attname)


def _columns(model: type[models.Model], names: tuple[str, ...]) -> list[str]:
    known = {field.attname for field in model._meta.concrete_fields} | {
        field.name for field in model._meta.concrete_fields
    }
    return [name for name in dict.fromkeys(names) if name in known]


def _rows(
    place: PersonalDataPlace, model: type[models.Model], historical: bool, ref: PersonRef
) -> list[dict[str, object]]:
    pk_name = str(model._meta.pk.attname)
    extra = (*HISTORY_COLUMNS, "history_change_reason") if historical else ()
    columns = _columns(model, (pk_name, *extra, *place.fields, *place.erase, *place.mentions))
    manager = model._default_manager
    found: dict[int, dict[str, object]] = {}
    select = place.history_select if historical and place.history_select else place.select
    if select is not None:
        for row in manager.filter(select(ref)).values(*columns).order_by(pk_name):
            found[int(row[pk_name])] = row
    mentions = _columns(model, place.mentions)
    if mentions and ref.terms:
        for row in manager.filter(mentioning(*mentions)(ref)).values(*columns).order_by(pk_name):
            if any(ref.mentioned_in(row[name]) for name in mentions):
                found[int(row[pk_name])] = row
    return [found[key] for key in sorted(found)]


def collect(person: Person) -> Iterator[Found]:
    """The person's rows in every registered place and its history, in a fixed order."""
    ref = person_ref(person)
    for place in personal_data_places():
        targets: list[tuple[type[models.Model], bool]] = [(place.model, False)]
        if place.history_model is not None:
            targets.append((place.history_model, True))
        for model, historical in targets:
            rows = _rows(place, model, historical, ref)
            if rows:
                yield Found(place, model, historical, rows)


def _exported(found: Found) -> list[dict[str, object]]:
    names = (found.pk_name, *(HISTORY_COLUMNS if found.historical else ()), *found.place.fields)
    columns = _columns(found.model, names)
    return [{name: row[name] for name in columns if name in row} for row in found.rows]


def export_document(person: Person, *, now: datetime.datetime) -> dict[str, object]:
    """Everything stored about the person as one JSON-ready document (the encoder writes the dates)."""
    places: dict[str, dict[str, object]] = {}
    for found in collect(person):
        entry = places.setdefault(
            found.place.key, {"label": str(found.place.model._meta.verbose_name), "rows": [], "history": []}
        )
        entry["history" if found.historical else "rows"] = _exported(found)
    basis = getattr(person, "personal_data_basis", None)
    return {
        "person": person.pk,
        "name": person.full_name,
        "exported_at": now,
        "lawful_basis": basis.lawful_basis if basis else None,
        "lawful_basis_label": str(basis.get_lawful_basis_display()) if basis else None,
        "source": basis.source if basis else None,
        "places": places,
    }
