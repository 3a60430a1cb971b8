"""The demo program manager's and product coordinator's weekly plans, imported from OS2's role
descriptions (``planning/data/``), with the program manager's absences and tasks this week."""

from __future__ import annotations

import datetime
from decimal import Decimal
from importlib import resources

from programkontor.planning.demo.context import CHANGE_REASON, Context, insert, settings
from programkontor.planning.models import Absence, RolePlan, WeekTask
from programkontor.planning.roledoc import parse_role_description
from programkontor.portfolio.models import Person


def plans(context: Context) -> None:
    from programkontor.planning.services import import_role_plan

    spec = settings()["plans"]
    files = spec["files"]
    people = {
        p.user.username: p
        for p in Person.objects.filter(user__username__in=list(files)).select_related("user")
        if p.user
    }
    for username, filename in files.items():
        person = people.get(username)
        if person is None or RolePlan.objects.filter(person=person).exists():
            continue
        text = (
            resources.files("programkontor.planning").joinpath("data", filename).read_text(encoding="utf-8")
        )
        description = parse_role_description(text)
        hours = description.weekly_hours or Decimal(spec["weekly_hours"])
        plan, responsibilities = import_role_plan(
            actor=None,
            person=person,
            description=description,
            weekly_hours=hours,
            reviewed_on=context.today - datetime.timedelta(days=spec["reviewed_days_ago"]),
            reason=CHANGE_REASON,
        )
        context.counts.add("Ugeplaner", 1)
        context.counts.add("Ansvarsområder", len(responsibilities))
        week = spec.get(username)
        if week is None:
            continue
        monday = context.today - datetime.timedelta(days=context.today.weekday())
        year, number = context.today.isocalendar()[:2]
        absences = [
            Absence(
                plan=plan,
                kind=absence["kind"],
                start_date=monday + datetime.timedelta(days=absence["first_day"]),
                end_date=monday + datetime.timedelta(days=absence["last_day"]),
                note=absence["note"],
                **(
                    {"hours_per_day": Decimal(absence["hours_per_day"])} if "hours_per_day" in absence else {}
                ),
            )
            for absence in week["absences"]
        ]
        insert(Absence, absences, context.counts, "Fravær")
        tasks = [
            WeekTask(
                plan=plan,
                year=year,
                week=number,
                title=task["title"],
                priority=task["priority"],
                hours=Decimal(task["hours"]),
            )
            for task in week["week_tasks"]
        ]
        insert(WeekTask, tasks, context.counts, "Ugeopgaver")
