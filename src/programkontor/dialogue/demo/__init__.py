"""The dialogue log's demo: conversations with the demo portfolio's suppliers, members, the board and
a partner, with follow-ups on the demo logins' *Til mig*; and work items delivered under the demo's
supplier contracts (so the deliveries panels of a supplier and a contract show something).

Runs after the portfolio's, governance's, suppliers' and planning's demos (``programkontor demo``).
The data are in ``data/dialogue.toml``; dates are relative to today. Idempotent: an entry is matched
on its title, a delivery on its contract and title; what names something the demo lacks is skipped.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from programkontor.dialogue import services
from programkontor.dialogue.models import Entry, FollowUp
from programkontor.planning import services as planning_services
from programkontor.planning.models import WorkItem
from programkontor.portfolio.demo.files import Table, read_toml
from programkontor.portfolio.models import Organisation, Participation, Person, Product, Program
from programkontor.suppliers.interfaces import Contract

if TYPE_CHECKING:
    from programkontor.core.actors import Actor

__all__ = ["delete_demo", "demo_totals", "load_demo"]

PACKAGE = "programkontor.dialogue.demo"
#: Work items created here carry this tag, so ``delete_demo`` removes only its own.
TAG = "demo-leverance"


def _organisation(name: str) -> Organisation | None:
    if name.startswith("participant:"):
        participation = (
            Participation.objects.filter(product__name=name.removeprefix("participant:"))
            .select_related("organisation")
            .order_by("organisation__name")
            .first()
        )
        return participation.organisation if participation else None
    return Organisation.objects.filter(name=name).first()


def _owner(username: str) -> Person | None:
    return Person.objects.filter(user__username=username).first()


def _entry(entry: Table, today: datetime.date, actor: Actor) -> bool:
    if Entry.objects.filter(title=entry["title"]).exists():
        return False
    fields: dict[str, object] = {
        "title": entry["title"],
        "kind": entry["kind"],
        "party": entry["party"],
        "date": today + datetime.timedelta(days=entry["date"]),
        "summary": entry.get("summary", "").strip(),
    }
    if "product" in entry:
        fields["product"] = Product.objects.get(name=entry["product"])
    if "program" in entry:
        fields["program"] = Program.objects.get(name=entry["program"])
    organisations = [org for org in map(_organisation, entry.get("organisations", [])) if org]
    people = [
        person
        for name in entry.get("people", [])
        if (person := Person.objects.filter(organisation__name=name).order_by("pk").first())
    ]
    created = services.save_entry(actor=actor, fields=fields, organisations=organisations, people=people)
    for follow_up in entry.get("follow_ups", []):
        owner = _owner(follow_up["owner"])
        if owner is None:
            continue
        done = follow_up.get("done")
        services.add_follow_up(
            actor=actor,
            entry=created,
            fields={
                "text": follow_up["text"],
                "owner": owner,
                "due_date": today + datetime.timedelta(days=follow_up["due"]),
            },
        )
        if done is not None:
            FollowUp.objects.filter(entry=created, text=follow_up["text"]).update(
                done_on=today + datetime.timedelta(days=done)
            )
    return True


def _delivery(delivery: Table, actor: Actor) -> bool:
    contract = Contract.objects.filter(title=delivery["contract"]).select_related("supplier").first()
    if contract is None or WorkItem.objects.filter(contract=contract, title=delivery["title"]).exists():
        return False
    planning_services.create_work_item(
        actor=actor,
        fields={
            "title": delivery["title"],
            "kind": delivery["kind"],
            "priority": delivery["priority"],
            "status": delivery["status"],
            "product": contract.product,
            "program": contract.program,
            "contract": contract,
            "owner_organisation": contract.supplier,
            "tags": [TAG],
        },
    )
    return True


def load_demo(*, stdout: TextIO) -> list[str]:
    """Create the entries and deliveries that are missing; return Danish lines saying what was created."""
    today = timezone.localdate()
    data = read_toml(PACKAGE, "dialogue.toml")
    actor = get_user_model().objects.filter(username="sekretariat").first()
    with transaction.atomic():
        entries = sum(_entry(entry, today, actor) for entry in data["entries"])
        deliveries = sum(_delivery(delivery, actor) for delivery in data["deliveries"])
    if not (entries or deliveries):
        return ["Dialog: demodata var allerede indlæst; intet nyt er oprettet."]
    return [f"Dialog: oprettet {entries} samtaler og {deliveries} leverancer under leverandørkontrakter."]


def demo_totals() -> list[tuple[str, int]]:
    return [
        ("Samtaler i dialogloggen", Entry.objects.count()),
        ("Åbne opfølgninger", FollowUp.objects.filter(done_on__isnull=True).count()),
    ]


def delete_demo() -> None:
    """Delete the dialogue log with its history, and the deliveries this demo created."""
    ours = [
        item.pk
        for item in WorkItem.objects.filter(contract__isnull=False).only("pk", "tags")
        if TAG in item.tags
    ]
    WorkItem.objects.filter(pk__in=ours).delete()
    FollowUp.objects.all().delete()
    Entry.objects.all().delete()
    FollowUp.history.all().delete()
    Entry.history.all().delete()
