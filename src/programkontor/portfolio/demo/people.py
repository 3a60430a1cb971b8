"""The demo portfolio's made-up people and organisations: names, e-mail addresses, CVR numbers."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from programkontor.core.text import danish_slugify
from programkontor.portfolio.demo.specs import OrgSpec, PersonSpec, Plan

#: The ``.example`` top-level domain is reserved (RFC 2606): no message can reach a real mailbox.
MAIL_SUFFIX = "dk.example"


def fictitious_cvr(index: int) -> str:
    """An eight-digit number that fails the CVR modulus-11 check, so it is no real company's."""
    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    number = 99_990_000 + 137 * index
    while sum(int(digit) * weight for digit, weight in zip(str(number), weights, strict=True)) % 11 == 0:
        number += 1
    return str(number)


def domain(text: str) -> str:
    return f"{danish_slugify(text)}.{MAIL_SUFFIX}"


def random_day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange(max((last - first).days, 0) + 1))


class People:
    """Makes up people with unique e-mail addresses, and reuses them across groups."""

    def __init__(self, plan: Plan, rng: random.Random, names: dict[str, str]) -> None:
        self._plan = plan
        self._rng = rng
        self._first = names["first"].split()
        self._last = names["last"].split()
        self._pools: dict[tuple[str, str], list[PersonSpec]] = defaultdict(list)

    def new(self, organisation: OrgSpec, title: str, *, public: bool = False) -> PersonSpec:
        first, last = self._rng.choice(self._first), self._rng.choice(self._last)
        local = f"{danish_slugify(first)}.{danish_slugify(last)}"
        email, counter = f"{local}@{organisation.domain}", 2
        while email in self._plan.people:
            email, counter = f"{local}{counter}@{organisation.domain}", counter + 1
        person = PersonSpec(email, first, last, title, organisation.slug, is_public=public)
        self._plan.people[email] = person
        return person

    def pick(self, organisation: OrgSpec, pool: str, titles: Sequence[str], reuse: float) -> PersonSpec:
        """Someone from ``organisation``'s ``pool`` (leaders, specialists), often one met before."""
        known = self._pools[(organisation.slug, pool)]
        if known and self._rng.random() < reuse:
            return self._rng.choice(known)
        person = self.new(organisation, self._rng.choice(titles))
        known.append(person)
        return person


@dataclass
class Staff:
    """The people who take on roles across many products, handed out in turn."""

    titles: dict[str, Any]
    head: PersonSpec
    managers: list[PersonSpec]
    coordinators: list[PersonSpec]
    community: PersonSpec
    supplier_contacts: dict[str, list[PersonSpec]]
    turns: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def next_in_turn(self, key: str, people: Sequence[PersonSpec]) -> PersonSpec:
        self.turns[key] += 1
        return people[(self.turns[key] - 1) % len(people)]
