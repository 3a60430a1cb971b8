"""Planning's demo data: every page has something real to show, loading is idempotent, reset deletes."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from programkontor.accounts.models import User
from programkontor.planning import demo
from programkontor.planning.models import (
    Goal,
    Milestone,
    Risk,
    RoadmapDependency,
    RoadmapItem,
    RolePlan,
    Timebox,
    Vision,
    WorkItem,
)
from programkontor.planning.selectors import timebox_summary
from programkontor.portfolio import demo as portfolio_demo
from programkontor.portfolio.models import Product
from tests.conftest import kept_for_module

MODELS = (Timebox, WorkItem, Goal, Vision, RoadmapItem, RoadmapDependency, Milestone, Risk, RolePlan)


@pytest.fixture(scope="module")
def loaded_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[list[str]]:
    """The demo loaded once for the module (each test's changes are rolled back after it, the demo after
    the module): the tests after the first read and change it within their own transaction."""
    with kept_for_module(django_db_blocker):
        portfolio_demo.load_demo(stdout=io.StringIO())
        yield demo.load_demo()


@pytest.fixture
def loaded(loaded_once: list[str], db: Any) -> list[str]:
    return loaded_once


def test_it_does_nothing_without_the_portfolio_demo(db: Any) -> None:
    """First in the module: the module's demo is not loaded yet."""
    assert "intet oprettet" in demo.load_demo()[0]
    assert all(n == 0 for n in counts().values())


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def history() -> int:
    return sum(model.history.count() for model in MODELS)  # type: ignore[attr-defined]


def test_it_loads_timeboxes_work_goals_a_roadmap_risks_and_plans(loaded: list[str]) -> None:
    assert loaded[0].startswith("Planlægning: oprettet")
    today = timezone.localdate()
    current = Timebox.objects.filter(start_date__lte=today, end_date__gte=today)
    assert (
        current.filter(product__isnull=False).count() >= 5 and current.filter(program__isnull=False).exists()
    )
    assert WorkItem.objects.count() >= 40
    assert set(WorkItem.objects.values_list("priority", flat=True)) == {"must", "should", "could", "wont"}
    assert {"proposed", "agreed", "in_progress", "done", "dropped"} <= set(
        WorkItem.objects.values_list("status", flat=True)
    )
    assert Goal.objects.filter(indicators__readings__isnull=False).distinct().count() >= 3
    assert RoadmapDependency.objects.count() >= 4
    assert set(Milestone.objects.values_list("status", flat=True)) == {"planned", "met", "missed"}
    assert Risk.objects.filter(review_date__lt=today).exclude(status="closed").exists()
    plan = RolePlan.objects.get(person__user__username="programleder")
    assert plan.weekly_hours == 37 and plan.responsibilities.count() == 19
    assert plan.week_tasks.exists() and plan.absences.exists()


def test_the_demo_timeboxes_show_each_warning(loaded: list[str]) -> None:
    today = timezone.localdate()
    codes = {}
    for slug in ("os2rollekatalog", "os2forms", "os2faktor"):
        timebox = Timebox.objects.get(product__slug=slug, start_date__lte=today, end_date__gte=today)
        codes[slug] = timebox_summary(User.objects.get(username="sekretariat"), timebox).analysis.codes
    assert codes == {
        "os2rollekatalog": ["must_over_60", "could_under_20"],
        "os2forms": [],
        "os2faktor": ["over_capacity"],
    }


def test_priority_changes_are_in_the_history_with_their_reason(loaded: list[str]) -> None:
    item = WorkItem.objects.get(title="Ny integration til FK Organisation")
    assert item.priority == "must"
    assert "KOMBIT" in item.history.first().history_change_reason


def test_it_runs_again_without_creating_anything_completes_a_partial_demo_and_deletes(
    loaded: list[str],
) -> None:
    before, records = counts(), history()
    assert demo.load_demo() == ["Planlægning: demodata var allerede indlæst; intet nyt er oprettet."]
    assert counts() == before and history() == records
    Risk.objects.filter(title__startswith="Leverandøren").delete()
    demo.load_demo()
    assert counts() == before
    demo.delete_demo()
    assert all(n == 0 for n in counts().values()) and history() == 0
    # The portfolio can now be deleted: nothing of planning protects it.
    portfolio_demo.delete_demo()
    assert not Product.objects.exists()


def test_the_demo_users_find_something_on_the_planning_pages(loaded: list[str]) -> None:
    for username in ("programleder", "koordinationsgruppe", "leverandoer", "styregruppe"):
        check_user(username)


def check_user(username: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username=username))
    program = Product.objects.get(slug="os2rollekatalog").program
    assert program is not None
    items = client.get(reverse("planning:workitem_list")).context["paginator"].count
    assert items > 0, username
    if username == "programleder":
        assert client.get(reverse("planning:dashboard", args=[program.slug])).status_code == 200
        plan = RolePlan.objects.get(person__user__username=username)
        assert client.get(reverse("planning:my_week"))["Location"].startswith(plan.get_absolute_url())
    if username == "koordinationsgruppe":
        # A member of OS2forms' coordination group, which holds the mandate of its timeboxes.
        today = timezone.localdate()
        box = Timebox.objects.get(product__slug="os2forms", start_date__lte=today, end_date__gte=today)
        assert "/flyt/" in client.get(reverse("planning:timebox_board", args=[box.pk])).content.decode()
