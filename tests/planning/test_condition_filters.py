"""The yes/no filters that split a list by a condition (current, overdue, not closed, review overdue,
in force today): "Yes" lists the rows that meet it, "No" the others, "All" every row."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from programkontor.governance.filters import MandateFilter
from programkontor.planning.filters import MilestoneFilter, RiskFilter, TimeboxFilter
from tests.governance.factories import MandateFactory
from tests.planning.factories import MilestoneFactory, RiskFactory, TimeboxFactory

pytestmark = pytest.mark.django_db


class _Request:
    def __init__(self, user: Any) -> None:
        self.user = user


def titles(filterset_class: Any, user: Any, field: str, value: str, attribute: str = "title") -> set[str]:
    filterset = filterset_class({field: value} if value else {}, request=_Request(user))
    return {getattr(row, attribute) for row in filterset.qs}


def test_it_splits_timeboxes_into_current_and_not(world: Any) -> None:
    today = timezone.localdate()
    TimeboxFactory(name="Nu", start_date=today - datetime.timedelta(days=3), end_date=today)
    TimeboxFactory(
        name="Senere",
        start_date=today + datetime.timedelta(days=1),
        end_date=today.replace(year=today.year + 1),
    )
    alice = world.users["alice"]
    assert titles(TimeboxFilter, alice, "current", "true", "name") == {"Nu"}
    assert titles(TimeboxFilter, alice, "current", "false", "name") == {"Senere"}
    assert titles(TimeboxFilter, alice, "current", "", "name") == {"Nu", "Senere"}


def test_it_splits_milestones_into_overdue_and_not(world: Any) -> None:
    today = timezone.localdate()
    MilestoneFactory(title="Forsinket", due_date=today - datetime.timedelta(days=1))
    MilestoneFactory(title="Nået", due_date=today - datetime.timedelta(days=1), status="reached")
    MilestoneFactory(title="Kommende", due_date=today + datetime.timedelta(days=1))
    alice = world.users["alice"]
    assert titles(MilestoneFilter, alice, "overdue", "true") == {"Forsinket"}
    assert titles(MilestoneFilter, alice, "overdue", "false") == {"Nået", "Kommende"}


def test_it_splits_risks_by_live_and_by_review_overdue(world: Any) -> None:
    today = timezone.localdate()
    RiskFactory(title="Åben, gennemgang forsinket", review_date=today - datetime.timedelta(days=1))
    RiskFactory(title="Åben", review_date=today + datetime.timedelta(days=5))
    RiskFactory(title="Lukket", review_date=today - datetime.timedelta(days=1), status="closed")
    alice = world.users["alice"]
    assert titles(RiskFilter, alice, "live", "true") == {"Åben, gennemgang forsinket", "Åben"}
    assert titles(RiskFilter, alice, "live", "false") == {"Lukket"}
    assert titles(RiskFilter, alice, "review_overdue", "true") == {"Åben, gennemgang forsinket"}
    assert titles(RiskFilter, alice, "review_overdue", "false") == {"Åben", "Lukket"}


def test_it_splits_mandates_into_in_force_today_and_not(world: Any) -> None:
    today = timezone.localdate()
    MandateFactory(title="Gælder", valid_from=today - datetime.timedelta(days=10), valid_to=None)
    MandateFactory(
        title="Udløbet",
        valid_from=today - datetime.timedelta(days=10),
        valid_to=today - datetime.timedelta(days=1),
    )
    MandateFactory(title="Fremtidigt", valid_from=today + datetime.timedelta(days=1))
    alice = world.users["alice"]
    assert titles(MandateFilter, alice, "in_force", "true") == {"Gælder"}
    assert titles(MandateFilter, alice, "in_force", "false") == {"Udløbet", "Fremtidigt"}
