"""SQL query counts of governance's lists, the meeting and decision pages, the public log, the annual
cycle, the home page's due list and the API lists: constant with 5 and 50 rows, within the baselines
in ``query_baselines.json``.

    UPDATE_QUERY_BASELINES=1 PROGRAMKONTOR_TESTING=1 .venv/bin/pytest tests/governance/test_query_counts.py
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from programkontor.governance.models import (
    AgendaItemReference,
    Decision,
    GovernanceRepository,
    RepositorySync,
)
from tests import factories as f
from tests.conftest import World
from tests.governance.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    CycleEventFactory,
    DecisionFactory,
    MandateFactory,
    MeetingFactory,
    at,
)
from tests.performance.support import (
    Baselines,
    assert_constant_queries,
    baseline_completeness_test,
    baselines_fixture,
)

BASELINE_FILE = Path(__file__).with_name("query_baselines.json")
ROLES = {"secretariat": "alice", "program_manager": "bob"}


@dataclass
class Governance:
    world: World
    meeting: Any  # the meeting whose page grows
    decision: Any  # the decision whose page grows
    preview: Any  # a repository sync's preview that grows (its rows), with syncs beside it
    export: Any  # and an export whose diff grows
    size: int = 0

    def grow_to(self, size: int) -> None:
        w = self.world
        content_type = ContentType.objects.get_for_model(Decision)
        for i in range(self.size, size):
            person = f.PersonFactory(is_public=i % 2 == 0)
            f.MembershipFactory(body=w.steering, person=person)
            meeting = MeetingFactory(
                body=w.steering,
                starts_at=at(i % 25 + 1),
                status="minutes_approved" if i % 3 == 0 else "draft_agenda",
            )
            AgendaItemFactory(meeting=meeting, owner=person)
            AttendanceFactory(meeting=meeting, person=person, status="present")
            decision = DecisionFactory(
                product=w.product if i % 2 else w.published_product,
                decided_by_body=w.steering,
                meeting=meeting,
                status="ratification_pending" if i % 4 == 0 else "decided",
                kind="level_change" if i % 2 == 0 else "general",
                is_published=i % 2 == 0,
                date=datetime.date(2020 + i % 6, 1 + i % 12, 1),
            )
            MandateFactory(
                product=w.product,
                grantor_body=w.steering,
                valid_to=timezone.localdate() + datetime.timedelta(days=5),
            )
            CycleEventFactory(
                product=w.product, body=w.steering if i % 2 else None, months=[], day=1 + i % 28
            )
            # The focus meeting and decision grow too.
            item = AgendaItemFactory(meeting=self.meeting, owner=person, minutes="Referat.")
            item.attachments.create(title=f"Bilag {i}", url="https://example.org/bilag")
            AgendaItemReference.objects.create(item=item, target_type=content_type, target_id=decision.pk)
            AttendanceFactory(meeting=self.meeting, person=person, status="present")
            DecisionFactory(product=w.product, meeting=self.meeting, decided_by_body=w.steering)
            self.decision.links.create(
                description=f"Ændring {i}", target_type=content_type, target_id=decision.pk
            )
            RepositorySync.objects.create(
                repository=self.preview.repository, kind="export", state="pushed", started_by=w["carol"]
            )
            path = f"beslutninger/2026-01-{i:02d}-b.md"
            row = {"title": f"B {i}", "date": "2026-01-01", "source_file": path, "changed": ["title"]}
            self.preview.result["decisions"].append({**row, "action": ("created", "updated")[i % 2]})
            self.preview.result["unmapped"].append(
                {"source_file": path, "field": "Dato", "value": "x", "reason": "?", "line": 3}
            )
            self.export.diff += f"diff --git a/{path} b/{path}\n+**Titel**: B {i}\n"
        self.preview.save()
        self.export.save()
        self.size = size


@pytest.fixture
def governance(world: World) -> Governance:
    meeting = MeetingFactory(body=world.steering, starts_at=at(2), chair=world["dave"].person)
    decision = DecisionFactory(product=world.product, decided_by_body=world.steering, amount=Decimal("1000"))
    repository = GovernanceRepository.objects.create(
        product=world.product, address="https://example.org/g.git"
    )
    preview = RepositorySync.objects.create(
        repository=repository, kind="preview", state="ready", result={"decisions": [], "unmapped": []}
    )
    export = RepositorySync.objects.create(repository=repository, kind="export", state="ready")
    return Governance(world, meeting, decision, preview, export)


def web(name: str) -> Callable[[Governance], str]:
    return lambda g: reverse(name)


def api(basename: str) -> Callable[[Governance], str]:
    return lambda g: reverse(f"api:{basename}-list")


PAGES: dict[str, Callable[[Governance], str]] = {
    "governance:index": web("governance:index"),
    "governance:decision_list": web("governance:decision_list"),
    "governance:meeting_list": web("governance:meeting_list"),
    "governance:mandate_list": web("governance:mandate_list"),
    "governance:cycle": web("governance:cycle"),
    "governance:public_log": web("governance:public_log"),
    "governance:meeting_detail": lambda g: g.meeting.get_absolute_url(),
    "governance:meeting_print": lambda g: reverse("governance:meeting_print", args=[g.meeting.pk]),
    "governance:decision_detail": lambda g: g.decision.get_absolute_url(),
    "governance:repository_settings": lambda g: reverse("governance:repository_settings", args=["os2alpha"]),
    "governance:repository_sync|preview": lambda g: g.preview.get_absolute_url(),
    "governance:repository_sync|export": lambda g: g.export.get_absolute_url(),
    "api:repositorysync-list": api("repositorysync"),
    "api:decision-list": api("decision"),
    "api:meeting-list": api("meeting"),
    "api:agendaitem-list": api("agendaitem"),
    "api:attendance-list": api("attendance"),
    "api:agendaattachment-list": api("agendaattachment"),
    "api:agendareference-list": api("agendareference"),
    "api:decisionlink-list": api("decisionlink"),
    "api:mandate-list": api("mandate"),
    "api:cycleevent-list": api("cycleevent"),
}
BASELINE_KEYS = {f"{page}|{role}" for page in PAGES for role in ROLES}


baselines = baselines_fixture(BASELINE_FILE, BASELINE_KEYS)


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize("page", list(PAGES))
def test_the_query_count_does_not_grow_with_rows(
    governance: Governance, baselines: Baselines, page: str, role: str
) -> None:
    client = APIClient()
    client.force_login(governance.world[ROLES[role]])
    url = PAGES[page](governance)
    assert_constant_queries(client, url, grow=governance.grow_to, key=f"{page}|{role}", baselines=baselines)


test_every_measured_page_has_a_baseline_and_no_other = baseline_completeness_test(
    BASELINE_FILE, BASELINE_KEYS
)


def _count(call: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()  # warm-up
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_the_due_list_and_the_panels_make_a_fixed_number_of_queries(
    governance: Governance, role: str
) -> None:
    """The home page's due list and the panels on product, program and body pages (measured as
    functions: the pages themselves carry other apps' parts too)."""
    from django.test import RequestFactory

    from programkontor.core.registry import due_for
    from programkontor.governance.views import overview

    world = governance.world
    user = world[ROLES[role]]
    request = RequestFactory().get("/")
    request.user = user
    calls: dict[str, Callable[[], Any]] = {
        "due": lambda: due_for(user, timezone.localdate(), prefix="governance."),
        "product panel": lambda: overview.product_panel(request, world.product),
        "program panel": lambda: overview.program_panel(request, world.program),
        "body panel": lambda: overview.body_panel(request, world.steering),
    }
    governance.grow_to(5)
    few = {name: _count(call) for name, call in calls.items()}
    governance.grow_to(50)
    many = {name: _count(call) for name, call in calls.items()}
    assert few == many
    # The due list: the annual cycle, and one query for the meetings, agendas, minutes,
    # ratifications and mandates.
    assert many == {"due": 2, "product panel": 3, "program panel": 2, "body panel": 4}
    groups = {group.key: group.total for group in due_for(user, timezone.localdate(), prefix="governance.")}
    # The meetings whose agenda the user is to send are listed as agendas to send, not twice.
    meetings = groups.get("governance.meetings", 0) + groups.get("governance.agendas", 0)
    assert meetings >= 25 and groups["governance.agendas"] > 0 and groups["governance.mandates"] == 50
