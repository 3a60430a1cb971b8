"""Running the demo's story files: each names a product (or none) and lists, in this order, its
annual-cycle events, meetings, decisions and mandates; the rest is the models' own fields.

References by name: ``board``, ``steering`` and ``coordination`` are bodies (the board, the story
product's steering and coordination group; a list means the first that exists); ``product`` is a
slug; ``meeting``, ``granted_by_decision`` and ``supersedes`` are the ``key`` of a meeting or
decision earlier in the file. A table is a date relative to today: ``{ days = N }``, ``{ year = N,
month = M, day = D }`` (N years from this year) or ``{ meeting = KEY }`` (that meeting's day). An
entry whose reference does not resolve is left out, and so is a story whose ``requires`` bodies
are missing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from programkontor.governance.demo.loader import PACKAGE, Loader
from programkontor.governance.models import Decision, Meeting
from programkontor.portfolio.demo.files import Table, read_toml
from programkontor.portfolio.models import Body, BodyKind, Product

#: The story files, in the order they are loaded.
STORIES = ("association.toml", "os2rollekatalog.toml", "os2forms.toml")
BODY_FIELDS = frozenset({"body", "decided_by_body", "ratification_body", "grantor_body", "holder_body"})
DECISION_FIELDS = frozenset({"granted_by_decision", "supersedes"})
AMOUNT_FIELDS = frozenset({"amount", "limit_amount"})


def product(slug: str) -> Product | None:
    return Product.objects.filter(slug=slug).first()


def body(product: Product | None, kind: str) -> Body | None:
    if product is None:
        return None
    return Body.objects.filter(product=product, kind=kind, archived_at__isnull=True).order_by("pk").first()


def board() -> Body | None:
    return Body.objects.filter(kind=BodyKind.BOARD).order_by("pk").first()


class Story:
    """One story file's references: its product's bodies, and the meetings and decisions made so far."""

    def __init__(self, loader: Loader, product: Product | None) -> None:
        self.loader = loader
        self.bodies = {
            "board": board(),
            "steering": body(product, BodyKind.STEERING),
            "coordination": body(product, BodyKind.COORDINATION),
        }
        self.meetings: dict[str, Meeting] = {}
        self.decisions: dict[str, Decision] = {}

    def date(self, spec: Table) -> datetime.date | None:
        today = self.loader.today
        if "meeting" in spec:
            meeting = self.meetings.get(spec["meeting"])
            return meeting.date if meeting is not None else None
        if "days" in spec:
            return today + datetime.timedelta(days=spec["days"])
        return datetime.date(today.year + spec["year"], spec["month"], spec["day"])

    def fields(self, entry: Table) -> dict[str, Any] | None:
        """The entry's fields with every reference resolved; None when one does not resolve."""
        fields: dict[str, Any] = {}
        for name, value in entry.items():
            if name in ("key", "items"):
                continue
            if name in BODY_FIELDS:
                names = value if isinstance(value, list) else [value]
                value = next((self.bodies[n] for n in names if self.bodies[n] is not None), None)
            elif name == "product":
                value = product(value)
            elif name == "meeting":
                value = self.meetings.get(value)
            elif name in DECISION_FIELDS:
                value = self.decisions.get(value)
            elif isinstance(value, dict):
                value = self.date(value)
            elif name in AMOUNT_FIELDS:
                value = Decimal(value)
            if value is None:
                return None
            fields[name] = value
        return fields

    def run(self, story: Table) -> None:
        loader = self.loader
        for entry in story.get("events", []):
            if (fields := self.fields(entry)) is not None:
                loader.event(**fields)
        for entry in story.get("meetings", []):
            if (fields := self.fields(entry)) is not None:
                meeting = loader.meeting(items=entry.get("items", []), **fields)
                if "key" in entry:
                    self.meetings[entry["key"]] = meeting
        for entry in story.get("decisions", []):
            if (fields := self.fields(entry)) is not None:
                decision = loader.decision(**fields)
                if "key" in entry:
                    self.decisions[entry["key"]] = decision
        for entry in story.get("mandates", []):
            if (fields := self.fields(entry)) is not None:
                loader.mandate(**fields)


def run_story(loader: Loader, story: Table) -> None:
    """Run one story, unless its product or a body it requires is missing."""
    subject = None
    if "product" in story:
        subject = product(story["product"])
        if subject is None:
            return
    runner = Story(loader, subject)
    if all(runner.bodies[name] is not None for name in story.get("requires", [])):
        runner.run(story)


def product_cycle(loader: Loader) -> None:
    """The annual-cycle events of ``product_cycle.toml``, made for each product it lists."""
    cycle = read_toml(PACKAGE, "product_cycle.toml")
    for entry in cycle["products"]:
        subject = product(entry["slug"])
        if subject is None:
            continue
        events = []
        for template in cycle["events"]:
            event = {**template, **entry.get(template["key"], {})}
            for name, value in event.items():
                if isinstance(value, str):
                    event[name] = value.replace("{name}", subject.name).replace("{slug}", subject.slug)
            events.append(event)
        run_story(loader, {"product": subject.slug, "requires": cycle["requires"], "events": events})


def portfolio_log(loader: Loader) -> None:
    """Published decisions of the portfolio-wide log (``portfolio_log.toml``), dated today at the latest."""
    log = read_toml(PACKAGE, "portfolio_log.toml")
    the_board = board()
    today = loader.today
    for entry in log["decisions"]:
        subject = product(entry["product"])
        if subject is None:
            continue
        by_board = entry["decided_by"] == "board" and the_board is not None
        when = entry["date"]
        loader.decision(
            entry["title"],
            product=subject,
            date=min(datetime.date(today.year + when["year"], when["month"], when["day"]), today),
            kind=entry["kind"],
            record_type=log["common"]["record_type"],
            status=log["common"]["status"],
            decided_by_body=the_board if by_board else None,
            decided_by_role="" if by_board else "secretariat",
            level_from=entry["level_from"],
            level_to=entry["level_to"],
            basis=entry["basis"],
            reference_url=log["common"]["reference_url"],
            reference_label=entry["reference_label"],
            publish=log["common"]["publish"],
        )


def load(loader: Loader) -> None:
    """The whole governance demo, in the order it has always been made (the rows' order is part of it)."""
    for name in STORIES:
        run_story(loader, read_toml(PACKAGE, name))
    portfolio_log(loader)
    product_cycle(loader)
