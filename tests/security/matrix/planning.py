"""Rows for planning: work items, timeboxes and the board, strategy and goals, the roadmap and
milestones, risks, the dashboard, exports, calendar feeds and the personal weekly plan.

The objects are those of ``tests/planning/factories.py::planning_world``: OS2alpha (private, program
Velfærd) has a timebox whose priorities its steering group agrees (dave is a member, so he may move
items on the board), a COULD item assigned to erin's supplier (she sees it and updates its status, but
nothing else of OS2alpha's planning), goals, a roadmap, a milestone and a risk; OS2gamma (published)
has a published timebox and item; bob has a weekly plan, which only he and the secretariat see.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from programkontor.accounts.services import create_calendar_token
from tests.planning.factories import RoadmapItemFactory, planning_world
from tests.security.matrix import (
    EDIT_PROGRAM,
    LOGGED_IN,
    READ_PRODUCT,
    READ_PROGRAM,
    WRITERS,
    Row,
    everyone,
)

READ = "A:missing S:ok B:ok G:missing C:ok D:ok E:missing F:ok M:missing"
EDIT = "A:login S:ok B:ok G:missing C:ok D:denied E:missing F:denied M:missing"
#: The item assigned to erin's supplier: she sees it, and may only update its status.
READ_ITEM = "A:missing S:ok B:ok G:missing C:ok D:ok E:ok F:ok M:missing"
EDIT_ITEM = "A:login S:ok B:ok G:missing C:ok D:denied E:denied F:denied M:missing"
#: Prioritising: the writers, and dave, member of the steering group that holds the timebox's mandate.
PRIORITISE = "A:login S:ok B:ok G:missing C:ok D:ok E:denied F:denied M:missing"
REORDER_POSTED = "A:login S:invalid B:invalid G:missing C:invalid D:invalid E:denied F:denied M:missing"
STATUS_POSTED = "A:login S:invalid B:invalid G:missing C:invalid D:denied E:invalid F:denied M:missing"
BOARD = "A:login S:ok B:ok G:missing C:ok D:ok E:missing F:ok M:missing"
DASHBOARD = "A:login S:ok B:ok G:missing C:ok D:ok E:ok F:ok M:missing"
PERSONAL = "A:login S:ok B:ok G:missing C:missing D:missing E:missing F:missing M:missing"
LOGGED_IN_REDIRECT = everyone("redirect").replace("A:redirect", "A:login")

API_ANON_POST = "A:login"
ON_ALPHA_POST = "A:login S:ok B:ok G:invalid C:ok D:denied E:denied F:denied M:denied"
PERSONAL_POST = "A:login S:ok B:ok G:invalid C:invalid D:invalid E:invalid F:invalid M:invalid"
API_PERSONAL_READ = PERSONAL.replace("A:login", "A:missing")


def pw(w: Any) -> Any:
    return planning_world(w)


def pk(attribute: str) -> Any:
    return lambda w: {"pk": getattr(pw(w), attribute).pk}


def parent(attribute: str) -> Any:
    return lambda w: {"parent": getattr(pw(w), attribute).pk}


def program(w: Any) -> dict[str, Any]:
    pw(w)
    return {"slug": w.program.slug}


def week(w: Any) -> dict[str, Any]:
    iso = timezone.localdate().isocalendar()
    return {"pk": pw(w).plan.pk, "year": iso.year, "week": iso.week}


def feed(w: Any) -> dict[str, Any]:
    pw(w)
    return {"token": create_calendar_token(user=w["alice"])[1]}


WEB: dict[str, Row] = {
    "planning:home": Row(lambda w: (pw(w), {})[1], everyone("ok")),
    # Work items
    "planning:workitem_list": Row(lambda w: (pw(w), {})[1], everyone("ok")),
    "planning:workitem_add": Row(outcomes=WRITERS),
    "planning:workitem_export": Row(lambda w: (pw(w), {"fmt": "xlsx"})[1], everyone("ok")),
    "planning:workitem_detail": Row(pk("item"), READ_ITEM),
    "planning:workitem_edit": Row(pk("item"), EDIT_ITEM),
    "planning:workitem_archive": Row(pk("item"), EDIT_ITEM),
    "planning:workitem_publish": Row(pk("item"), EDIT_ITEM),
    "planning:workitem_move": Row(pk("item"), PRIORITISE),
    "planning:workitem_reorder": Row(pk("item"), REORDER_POSTED, method="post"),
    "planning:workitem_status": Row(pk("item"), STATUS_POSTED, method="post"),
    # Timeboxes, the board and capacity
    "planning:timebox_list": Row(lambda w: (pw(w), {})[1], everyone("ok")),
    "planning:timebox_add": Row(outcomes=WRITERS),
    "planning:timebox_detail": Row(pk("timebox"), READ),
    "planning:timebox_board": Row(pk("timebox"), BOARD),
    "planning:timebox_edit": Row(pk("timebox"), EDIT),
    "planning:timebox_archive": Row(pk("timebox"), EDIT),
    "planning:timebox_publish": Row(pk("timebox"), EDIT),
    "planning:capacity_add": Row(parent("timebox"), EDIT),
    "planning:capacity_edit": Row(pk("capacity"), EDIT),
    "planning:capacity_delete": Row(pk("capacity"), EDIT),
    # Programs: thresholds and the dashboard
    "planning:settings": Row(program, EDIT_PROGRAM),
    "planning:dashboard": Row(program, DASHBOARD),
    # Strategy and goals
    "planning:strategy_product": Row(lambda w: (pw(w), {"slug": w.product.slug})[1], READ_PRODUCT),
    "planning:strategy_program": Row(program, READ_PROGRAM),
    "planning:vision_add": Row(outcomes=WRITERS),
    "planning:vision_edit": Row(pk("vision"), EDIT),
    "planning:vision_publish": Row(pk("vision"), EDIT),
    "planning:goal_list": Row(lambda w: (pw(w), {})[1], everyone("ok")),
    "planning:goal_add": Row(outcomes=WRITERS),
    "planning:goal_detail": Row(pk("goal"), READ),
    "planning:goal_edit": Row(pk("goal"), EDIT),
    "planning:goal_archive": Row(pk("goal"), EDIT),
    "planning:goal_publish": Row(pk("goal"), EDIT),
    "planning:indicator_add": Row(parent("goal"), EDIT),
    "planning:indicator_edit": Row(pk("indicator"), EDIT),
    "planning:indicator_delete": Row(pk("indicator"), EDIT),
    "planning:reading_add": Row(parent("indicator"), EDIT),
    "planning:reading_delete": Row(pk("reading"), EDIT),
    # The roadmap and milestones
    "planning:roadmap": Row(program, READ_PROGRAM),
    "planning:roadmap_public": Row(lambda w: (pw(w), {"slug": w.other_program.slug})[1], everyone("ok")),
    "planning:roadmap_export": Row(
        lambda w: (pw(w), {"slug": w.program.slug, "fmt": "xlsx"})[1], READ_PROGRAM
    ),
    "planning:roadmapitem_add": Row(outcomes=WRITERS),
    "planning:roadmapitem_detail": Row(pk("roadmap_item"), READ),
    "planning:roadmapitem_edit": Row(pk("roadmap_item"), EDIT),
    "planning:roadmapitem_archive": Row(pk("roadmap_item"), EDIT),
    "planning:roadmapitem_publish": Row(pk("roadmap_item"), EDIT),
    "planning:dependency_add": Row(parent("roadmap_item"), EDIT),
    "planning:dependency_delete": Row(pk("dependency"), EDIT),
    "planning:milestone_list": Row(lambda w: (pw(w), {})[1], everyone("ok")),
    "planning:milestone_add": Row(outcomes=WRITERS),
    "planning:milestone_detail": Row(pk("milestone"), READ),
    "planning:milestone_edit": Row(pk("milestone"), EDIT),
    "planning:milestone_publish": Row(pk("milestone"), EDIT),
    "planning:milestone_delete": Row(pk("milestone"), EDIT),
    # The old calendar pages send everyone to accounts:calendar.
    "planning:calendar_settings": Row(outcomes=everyone("redirect")),
    "planning:calendar_revoke": Row(outcomes=everyone("redirect"), method="post"),
    "planning:calendar_public": Row(lambda w: (pw(w), {})[1], everyone("ok")),
    "planning:calendar_feed": Row(feed, everyone("ok")),
    # Risks
    "planning:risk_list": Row(lambda w: (pw(w), {})[1], everyone("ok")),
    "planning:risk_add": Row(outcomes=WRITERS),
    "planning:risk_detail": Row(pk("risk"), READ),
    "planning:risk_edit": Row(pk("risk"), EDIT),
    "planning:risk_archive": Row(pk("risk"), EDIT),
    # The personal weekly plan (bob's)
    "planning:my_plan": Row(lambda w: (pw(w), {})[1], LOGGED_IN_REDIRECT),
    "planning:my_week": Row(lambda w: (pw(w), {})[1], LOGGED_IN_REDIRECT),
    "planning:roleplan_add": Row(outcomes=LOGGED_IN),
    "planning:roleplan_detail": Row(pk("plan"), PERSONAL),
    "planning:roleplan_edit": Row(pk("plan"), PERSONAL),
    "planning:roleplan_import": Row(pk("plan"), PERSONAL),
    "planning:week_plan": Row(week, PERSONAL),
    "planning:responsibility_add": Row(parent("plan"), PERSONAL),
    "planning:responsibility_edit": Row(pk("responsibility"), PERSONAL),
    "planning:responsibility_delete": Row(pk("responsibility"), PERSONAL),
    "planning:absence_add": Row(parent("plan"), PERSONAL),
    "planning:absence_edit": Row(pk("absence"), PERSONAL),
    "planning:absence_delete": Row(pk("absence"), PERSONAL),
    "planning:weektask_add": Row(parent("plan"), PERSONAL),
    "planning:weektask_edit": Row(pk("week_task"), PERSONAL),
    "planning:weektask_delete": Row(pk("week_task"), PERSONAL),
}


def _later(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _routes(
    basename: str,
    attribute: str,
    *,
    post: str,
    data: Any,
    read: str = READ,
    edit: str = EDIT,
    patch: Any = None,
    list_setup: Any = None,
) -> dict[tuple[str, str], Row]:
    """The five rows of one endpoint (list get/post, detail get/patch/delete)."""
    return {
        (f"api:{basename}-list", "get"): Row(lambda w: (pw(w), {})[1], everyone("ok"), api=True),
        (f"api:{basename}-list", "post"): Row(lambda w: (pw(w), {})[1], post, api=True, data=data),
        (f"api:{basename}-detail", "get"): Row(pk(attribute), read, api=True),
        (f"api:{basename}-detail", "patch"): Row(pk(attribute), edit, api=True, data=patch or (lambda w: {})),
        (f"api:{basename}-detail", "delete"): Row(pk(attribute), edit, api=True),
    }


API: dict[tuple[str, str], Row] = {
    **_routes(
        "workitem",
        "item",
        post=ON_ALPHA_POST,
        data=lambda w: {
            "title": "Ny opgave",
            "product": w.product.pk,
            "priority": "must",
            "estimate_hours": "5",
        },
        read=READ_ITEM,
        edit=EDIT_ITEM,
        patch=lambda w: {"title": "Ny titel"},
    ),
    ("api:workitem-move", "post"): Row(
        pk("item"),
        PRIORITISE,
        api=True,
        data=lambda w: {"priority": "must", "reason": "Aftalt", "version": 1},
    ),
    ("api:workitem-status", "post"): Row(
        pk("item"),
        STATUS_POSTED.replace("invalid", "ok"),
        api=True,
        data=lambda w: {"status": "in_progress", "version": 1},
    ),
    **_routes(
        "timebox",
        "timebox",
        post=ON_ALPHA_POST,
        data=lambda w: {
            "name": "Ny",
            "product": w.product.pk,
            "start_date": _later(0),
            "end_date": _later(90),
        },
        patch=lambda w: {"name": "Omdøbt"},
    ),
    ("api:timebox-moscow", "get"): Row(pk("timebox"), READ, api=True),
    **_routes(
        "timeboxcapacity",
        "capacity",
        post=ON_ALPHA_POST,
        data=lambda w: {"timebox": pw(w).timebox.pk, "person": w["dave"].person.pk, "hours": "5"},
        patch=lambda w: {"hours": "7"},
    ),
    **_routes(
        "planningsettings",
        "settings",
        # Grace manages Infrastruktur, which has no settings yet; bob may not touch it.
        post="A:login S:ok B:invalid G:ok C:denied D:denied E:denied F:denied M:denied",
        data=lambda w: {"program": w.other_program.pk},
        read=READ_PROGRAM,
        edit=EDIT_PROGRAM,
        patch=lambda w: {"must_max_percent": "55"},
    ),
    **_routes(
        "vision",
        "vision",
        # OS2alpha has its vision; OS2beta (grace's) has none.
        post="A:login S:ok B:invalid G:ok C:invalid D:denied E:denied F:denied M:denied",
        data=lambda w: {"product": w.other_product.pk, "statement": "Vi vil"},
        patch=lambda w: {"statement": "Ny vision"},
    ),
    **_routes(
        "goal",
        "goal",
        post=ON_ALPHA_POST,
        data=lambda w: {"product": w.product.pk, "title": "Nyt mål"},
        patch=lambda w: {"title": "Nyt navn"},
    ),
    **_routes(
        "indicator",
        "indicator",
        post=ON_ALPHA_POST,
        data=lambda w: {
            "goal": pw(w).goal.pk,
            "name": "Ny",
            "baseline": "1",
            "target": "2",
            "target_date": "2030-01-01",
        },
        patch=lambda w: {"unit": "stk."},
    ),
    **_routes(
        "indicatorreading",
        "reading",
        post=ON_ALPHA_POST,
        data=lambda w: {"indicator": pw(w).indicator.pk, "date": "2027-05-05", "value": "30"},
        patch=lambda w: {"note": "Rettet"},
    ),
    **_routes(
        "roadmapitem",
        "roadmap_item",
        post=ON_ALPHA_POST,
        data=lambda w: {
            "product": w.product.pk,
            "title": "Nyt",
            "start_quarter": "2026-Q1",
            "end_quarter": "2026-Q2",
        },
        patch=lambda w: {"title": "Omdøbt"},
    ),
    **_routes(
        "roadmapdependency",
        "dependency",
        post=ON_ALPHA_POST,
        data=lambda w: {
            "item": RoadmapItemFactory(product=w.product).pk,
            "depends_on": pw(w).roadmap_item.pk,
        },
        patch=lambda w: {"note": "Vigtig"},
    ),
    **_routes(
        "milestone",
        "milestone",
        post=ON_ALPHA_POST,
        data=lambda w: {"product": w.product.pk, "title": "Ny", "due_date": "2030-01-01"},
        patch=lambda w: {"title": "Omdøbt"},
    ),
    **_routes(
        "risk",
        "risk",
        post=ON_ALPHA_POST,
        data=lambda w: {"product": w.product.pk, "title": "Ny", "probability": 2, "impact": 2},
        patch=lambda w: {"impact": 4},
    ),
    **_routes(
        "roleplan",
        "plan",
        # Carol has no plan yet: the secretariat or carol herself may make it.
        post="A:login S:ok B:invalid G:invalid C:ok D:invalid E:invalid F:invalid M:invalid",
        data=lambda w: {"person": w["carol"].person.pk, "title": "Carols rolle"},
        read=API_PERSONAL_READ,
        edit=PERSONAL,
        patch=lambda w: {"title": "Ny titel"},
    ),
    ("api:roleplan-week", "get"): Row(pk("plan"), API_PERSONAL_READ, api=True),
    **_routes(
        "responsibility",
        "responsibility",
        post=PERSONAL_POST,
        data=lambda w: {"plan": pw(w).plan.pk, "title": "Nyt", "priority": "must", "weekly_hours": "2"},
        read=API_PERSONAL_READ,
        edit=PERSONAL,
        patch=lambda w: {"weekly_hours": "3"},
    ),
    **_routes(
        "absence",
        "absence",
        post=PERSONAL_POST,
        data=lambda w: {"plan": pw(w).plan.pk, "start_date": "2030-08-01", "end_date": "2030-08-02"},
        read=API_PERSONAL_READ,
        edit=PERSONAL,
        patch=lambda w: {"note": "Ferie"},
    ),
    **_routes(
        "weektask",
        "week_task",
        post=PERSONAL_POST,
        data=lambda w: {"plan": pw(w).plan.pk, "year": 2030, "week": 11, "title": "Ny", "hours": "1"},
        read=API_PERSONAL_READ,
        edit=PERSONAL,
        patch=lambda w: {"hours": "2"},
    ),
}
