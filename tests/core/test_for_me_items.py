"""The items *Til mig* shows, for every role of the test world, are those recorded before the due
providers shared their queries (``for_me_items.json``, written by the providers that read each kind
on its own): the same kinds, items, order, texts and links.

Dates are kept as days from today and the numbers in links as ``#``, so the record does not depend
on the day or on the database's keys. Re-record (only when what the page shows is meant to change)
with ``UPDATE_FOR_ME_ITEMS=1``.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from pathlib import Path

import pytest

from programkontor.core.registry import waiting_for
from programkontor.evaluation import services as evaluation_services
from programkontor.evaluation.cycle import add_months
from tests.conftest import World
from tests.core.test_for_me import EVERYONE, TODAY, grow, waiting  # noqa: F401
from tests.evaluation.factories import evaluation
from tests.governance.factories import MandateFactory, MeetingFactory, at

RECORD = Path(__file__).with_name("for_me_items.json")


def more(world: World) -> None:
    """The kinds the rest of the fixture lacks: minutes to write and to approve, a mandate expiring,
    a month with an annual-cycle deadline, evaluations due (and a self-evaluation)."""
    today = TODAY()
    MeetingFactory(body=world.steering, title="Gammelt møde", starts_at=at(-3), status="agenda_sent")
    MeetingFactory(body=world.steering, title="Referat klar", starts_at=at(-10), status="minutes_ready")
    MeetingFactory(body=world.steering, title="Sendt møde", starts_at=at(4), status="agenda_sent")
    MandateFactory(title="Udløbende mandat", valid_to=today + datetime.timedelta(12))
    catalogue = evaluation_services.load_shipped_catalogue()
    for product in (world.product, world.published_product):
        evaluation(product, catalogue, level="1", evaluated_on=add_months(today, -7))


def _dates(text: str) -> str:
    """Dates in words too ("17. dec. 2026", "3. nov."): the record must not depend on the day."""
    text = re.sub(r"\d{2}\.\d{2}\.\d{4}", "DD.MM.YYYY", text)
    return re.sub(r"\b\d{1,2}\. [a-zæøå]{3,4}\.(?: \d{4})?", "D. MMM. YYYY", text)


def shown(world: World, name: str) -> list[dict[str, object]]:
    today = TODAY()
    return [
        {
            "kind": group.key,
            "label": group.label,
            "total": group.total,
            "items": [
                [
                    None if item.date is None else (item.date - today).days,
                    _dates(item.title),
                    re.sub(r"\d+", "#", item.url),
                    item.context,
                    item.overdue,
                    _dates(item.note),
                    item.action,
                ]
                for item in group.items
            ],
        }
        for group in waiting_for(world[name], today)
    ]


def test_every_role_sees_the_items_it_saw_before(waiting: World) -> None:  # noqa: F811
    grow(waiting, 1, 3)
    more(waiting)
    found = {name: shown(waiting, name) for name in EVERYONE}
    if os.environ.get("UPDATE_FOR_ME_ITEMS") == "1":
        RECORD.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n")
        pytest.skip("recorded")
    assert found == json.loads(RECORD.read_text())
