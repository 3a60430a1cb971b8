"""The work-item list's order - by the start of the item's timebox, then MoSCoW (MUST, SHOULD, COULD,
WON'T), rank and title -
is read from the item's own copy of the start date (``WorkItem.timebox_start``, one index), and is
the same order as sorting through the timebox itself, also after a timebox moves or an item changes
timebox. (The plan is checked on PostgreSQL in tests/performance/test_list_plans.py.)
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.urls import reverse

from programkontor.core import services
from programkontor.core.history import history_for
from programkontor.planning.models import WorkItem, priority_order
from tests.planning.factories import TimeboxFactory, WorkItemFactory


def joined_order() -> tuple[Any, ...]:
    return ("timebox__start_date", priority_order(), "rank", "title", "pk")


def shown(client: Any) -> list[str]:
    """The titles of the listed items, in the order the page shows them."""
    page = client.get(reverse("planning:workitem_list"), {"q": "Ordnet"}).content.decode()
    return re.findall(r"Ordnet-\w+", page)


def joined(world: Any) -> list[str]:
    """The order as the secretariat reads it sorted through the timeboxes (the order before the copy)."""
    rows = WorkItem.objects.restrict(world["alice"], "view").filter(title__startswith="Ordnet")
    return list(rows.order_by(*joined_order()).values_list("title", flat=True))


def test_the_list_shows_the_items_in_their_timeboxes_order_and_follows_the_moves(
    world: Any, client: Any
) -> None:
    product = world.product
    spring = TimeboxFactory(
        product=product, start_date=datetime.date(2027, 3, 1), end_date=datetime.date(2027, 5, 31)
    )
    winter = TimeboxFactory(
        product=product, start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 3, 31)
    )
    summer = TimeboxFactory(
        product=product, start_date=datetime.date(2026, 6, 1), end_date=datetime.date(2026, 8, 31)
    )
    for box, letter in ((spring, "s"), (winter, "w"), (summer, "u")):
        for priority, rank in (("could", 1), ("wont", 1), ("must", 2), ("must", 1), ("should", 1)):
            WorkItemFactory(
                timebox=box,
                product=product,
                priority=priority,
                rank=rank,
                title=f"Ordnet-{letter}{priority}{rank}",
            )
    client.force_login(world["alice"])

    first = shown(client)
    # MoSCoW order within a timebox, not the stored values' alphabet (could, must, should, wont).
    assert first[:5] == [
        "Ordnet-wmust1",
        "Ordnet-wmust2",
        "Ordnet-wshould1",
        "Ordnet-wcould1",
        "Ordnet-wwont1",
    ]
    assert [title[7] for title in first] == list("wwwwwuuuuusssss")
    assert first == joined(world)

    # The winter timebox moves to the autumn of 2027: its items follow it to the end of the list.
    winter.refresh_from_db()
    services.update(
        winter,
        actor=world["alice"],
        expected_version=winter.version,
        changes={"start_date": datetime.date(2027, 9, 1), "end_date": datetime.date(2027, 11, 30)},
    )
    moved = shown(client)
    assert [title[7] for title in moved] == list("uuuuussssswwwww")
    assert moved == joined(world)

    # An item changes timebox: it takes the new timebox's place.
    item = WorkItem.objects.get(title="Ordnet-wmust1")
    services.update(item, actor=world["alice"], expected_version=item.version, changes={"timebox": summer})
    again = shown(client)
    assert again[:3] == ["Ordnet-umust1", "Ordnet-wmust1", "Ordnet-umust2"]
    assert again == joined(world)
    assert WorkItem.objects.get(pk=item.pk).timebox_start == datetime.date(2026, 6, 1)


def test_the_copied_date_is_not_part_of_the_items_history(world: Any) -> None:
    box = TimeboxFactory(product=world.product, start_date=datetime.date(2026, 1, 1))
    item = WorkItemFactory(timebox=box, product=world.product, title="Ordnet-historie")
    services.update(item, actor=world["alice"], expected_version=item.version, changes={"title": "Ordnet-ny"})
    copied = str(WorkItem._meta.get_field("timebox_start").verbose_name)
    created, changed = reversed(history_for(WorkItem.objects.get(pk=item.pk)))
    assert len(created.changes) > 5
    assert copied not in {change.label for change in created.changes + changed.changes}
    assert [change.new for change in changed.changes] == ["Ordnet-ny"]
