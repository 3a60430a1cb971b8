"""SQL query counts of the dialogue log's pages and API lists: constant in the number of entries,
organisations, people and follow-ups (no N+1), and at most the committed baselines in
``query_baselines.json``.

Each page is counted with 5 and with 50 entries, as the secretariat and as the program manager (bob).
Rewrite the baselines on purpose:

    UPDATE_QUERY_BASELINES=1 PROGRAMKONTOR_TESTING=1 .venv/bin/pytest tests/dialogue/test_query_counts.py
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.db.models import Model
from django.urls import reverse
from rest_framework.test import APIClient

from programkontor.dialogue import services
from tests import factories as f
from tests.conftest import World
from tests.dialogue.factories import EntryFactory, FollowUpFactory, entry_world, risk_world
from tests.governance.factories import AgendaItemFactory, DecisionFactory, MeetingFactory
from tests.performance.support import (
    Baselines,
    assert_constant_queries,
    baseline_completeness_test,
    baselines_fixture,
)
from tests.planning.factories import WorkItemFactory

BASELINE_FILE = Path(__file__).with_name("query_baselines.json")
ROLES = {"secretariat": "alice", "program_manager": "bob"}


def grower(world: World) -> Callable[[int], None]:
    """Entries with the world's supplier and erin about OS2alpha, each with a new organisation and two
    follow-ups (one done); the world's entry gets a follow-up per row too."""
    entry = entry_world(world)
    erin = world["erin"].person
    size = {"n": 0}

    def grow(n: int) -> None:
        for i in range(size["n"], n):
            other = EntryFactory(product=world.product, kind=("call", "meeting")[i % 2], title=f"Samtale {i}")
            other.organisations.add(world.supplier, f.MunicipalityFactory())
            other.people.add(erin, f.PersonFactory())
            FollowUpFactory(entry=other, owner=world["bob"].person)
            FollowUpFactory(entry=other, owner=world["dave"].person, done_on=other.date)
            FollowUpFactory(entry=entry, owner=world["bob"].person)
        size["n"] = n

    return grow


PAGES: dict[str, Callable[[World], str]] = {
    "dialogue:entry_list": lambda w: reverse("dialogue:entry_list"),
    "dialogue:entry_detail": lambda w: entry_world(w).get_absolute_url(),
    "portfolio:organisation_detail(dialogue panel)": lambda w: w.supplier.get_absolute_url(),
    "portfolio:person_detail(dialogue panel)": lambda w: w["erin"].person.get_absolute_url(),
    "api:dialogue-entry-list": lambda w: reverse("api:dialogue-entry-list"),
    "api:dialogue-follow-up-list": lambda w: reverse("api:dialogue-follow-up-list"),
}
CASES = [(page, role) for page in PAGES for role in ROLES]


class Commented:
    """A risk, a work item, a decision and a meeting (with agenda items) on OS2alpha, made once."""

    def __init__(self, world: World) -> None:
        self.risk = risk_world(world)
        self.work_item = WorkItemFactory(product=world.product, timebox=None)
        self.decision = DecisionFactory(product=world.product)
        self.meeting = MeetingFactory(body=world.steering)


def commented(world: World) -> Commented:
    made = getattr(world, "_commented", None)
    if made is None:
        made = world._commented = Commented(world)
    return made


def comment_grower(world: World) -> Callable[[int], None]:
    """A comment (mentioning dave) on each object and on a new agenda item of the meeting per row."""
    objects = commented(world)
    authors = [world["carol"], world["bob"], world["alice"]]
    size = {"n": 0}

    def grow(n: int) -> None:
        for i in range(size["n"], n):
            item = AgendaItemFactory(meeting=objects.meeting, position=i + 1)
            for target in (objects.risk, objects.work_item, objects.decision, item):
                services.add_comment(actor=authors[i % 3], target=target, text=f"Bemærkning {i}, @dave")
        size["n"] = n

    return grow


def _thread(obj: Model) -> str:
    meta = obj._meta
    return reverse(
        "dialogue:comment_thread", kwargs={"target": f"{meta.app_label}.{meta.model_name}", "pk": obj.pk}
    )


COMMENT_PAGES: dict[str, Callable[[World], str]] = {
    "dialogue:comment_thread": lambda w: _thread(commented(w).risk),
    "planning:risk_detail(comments panel)": lambda w: commented(w).risk.get_absolute_url(),
    "planning:workitem_detail(comments panel)": lambda w: commented(w).work_item.get_absolute_url(),
    "governance:decision_detail(comments panel)": lambda w: commented(w).decision.get_absolute_url(),
    "governance:meeting_detail(agenda comments panel)": lambda w: commented(w).meeting.get_absolute_url(),
    "api:dialogue-comment-list": lambda w: (
        reverse("api:dialogue-comment-list") + f"?target=planning.risk:{commented(w).risk.pk}"
    ),
}
COMMENT_CASES = [(page, role) for page in COMMENT_PAGES for role in ROLES]
BASELINE_KEYS = {f"{page}|{role}" for page, role in CASES + COMMENT_CASES}
baselines = baselines_fixture(BASELINE_FILE, BASELINE_KEYS)


#: Each page with what grows on it: entries and follow-ups, or comments.
GROWN_BY = {**dict.fromkeys(PAGES, grower), **dict.fromkeys(COMMENT_PAGES, comment_grower)}
URLS = {**PAGES, **COMMENT_PAGES}


@pytest.mark.parametrize(("page", "role"), CASES + COMMENT_CASES)
def test_the_query_count_does_not_grow_with_rows(
    world: World, baselines: Baselines, page: str, role: str
) -> None:
    client = APIClient()
    client.force_login(world[ROLES[role]])
    grow = GROWN_BY[page](world)
    assert_constant_queries(client, URLS[page](world), grow=grow, key=f"{page}|{role}", baselines=baselines)


test_every_measured_page_has_a_baseline_and_no_other = baseline_completeness_test(
    BASELINE_FILE, BASELINE_KEYS
)
