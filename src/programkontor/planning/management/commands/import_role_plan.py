"""``programkontor import_role_plan FILE --person EMAIL [--hours H] [--reviewed-on YYYY-MM-DD] [--replace]``.

Imports a role description (Markdown with three headings that begin with MUST, SHOULD and COULD, each
followed by a bullet list, as OS2's role descriptions) as the person's plan template: one recurring
responsibility per item, with weekly hours spread as MUST 55 %, SHOULD 25 % and COULD 20 % of the
week (``--shares`` changes it). The weekly hours come from ``--hours``, else from the text
("Timetal: 37 timer pr. uge"), else 37. A person who already has a plan keeps it unless ``--replace``.
Everything is saved, or nothing. The role description is reviewed once a year: the command says when.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from programkontor.core import textfile, uploads
from programkontor.planning import moscow
from programkontor.planning.models.personal import REVIEW_INTERVAL_DAYS
from programkontor.planning.roledoc import RoleDescriptionError, parse_role_description
from programkontor.planning.services import import_role_plan
from programkontor.portfolio.models import Person


def _decimal(text: str, what: str) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise CommandError(f"{what} skal være et tal, ikke »{text}«.") from None
    if not value.is_finite() or value < 0:
        raise CommandError(f"{what} skal være et tal på mindst 0, ikke »{text}«.")
    return value


def _hours(value: Decimal) -> str:
    return f"{value:f}".rstrip("0").rstrip(".").replace(".", ",") if "." in f"{value:f}" else f"{value:f}"


class Command(BaseCommand):
    help = (
        "Importér en funktionsbeskrivelse (Markdown med overskrifterne MUST, SHOULD og COULD og hver sin "
        "punktliste) som personens skabelon for ugeplanen."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Markdown-fil med funktionsbeskrivelsen")
        parser.add_argument("--person", required=True, help="personens e-mailadresse")
        parser.add_argument("--hours", help="timer pr. uge (ellers timetallet i teksten, ellers 37)")
        parser.add_argument(
            "--shares", default="55,25,20", help="procent af ugen til MUST,SHOULD,COULD (standard 55,25,20)"
        )
        parser.add_argument(
            "--reviewed-on", help="datoen, funktionsbeskrivelsen blev afstemt (ÅÅÅÅ-MM-DD; standard i dag)"
        )
        parser.add_argument("--replace", action="store_true", help="erstat personens eksisterende plan")
        parser.add_argument("--user", help="brugernavn, der står som forfatter i historikken")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"Filen {path} findes ikke.")
        try:
            text = textfile.read_text(uploads.read_path(path, "planning"), uploads.limits("planning")).text
        except uploads.UploadRefused as exc:
            raise CommandError(exc.message) from None
        except textfile.TextFileError as exc:
            raise CommandError(uploads.refusal(str(path), exc).message) from None
        try:
            description = parse_role_description(text)
        except RoleDescriptionError as exc:
            raise CommandError(f"{path}: {exc}") from None

        email = options["person"].strip()
        person = Person.objects.filter(email__iexact=email, archived_at__isnull=True).first()
        if person is None:
            raise CommandError(f"Der er ingen person med e-mailadressen {email}.")

        shares = [part.strip() for part in options["shares"].split(",")]
        if len(shares) != 3:
            raise CommandError("--shares skal være tre procenter adskilt af komma, fx 55,25,20.")
        percents = {
            priority: _decimal(value, "--shares")
            for priority, value in zip(moscow.COUNTED, shares, strict=True)
        }
        if sum(percents.values()) > 100:
            raise CommandError("--shares må tilsammen højst være 100 procent af ugen.")
        if percents[moscow.Priority.MUST] > moscow.DSDM.must_max:
            self.stderr.write(
                f"Bemærk: MUST får {percents[moscow.Priority.MUST]} % af ugen - mere end DSDM's 60 %."
            )

        if options["hours"]:
            hours = _decimal(options["hours"], "--hours")
        elif description.weekly_hours is not None:
            hours = description.weekly_hours
            if description.hours_is_range:
                self.stderr.write(
                    f"Teksten angiver et interval af timer; bruger den øvre grænse, {_hours(hours)} timer "
                    "(angiv --hours for et andet tal)."
                )
        else:
            hours = Decimal(37)
        if hours > 80:
            raise CommandError("--hours: højst 80 timer pr. uge.")

        reviewed_on = timezone.localdate()
        if options["reviewed_on"]:
            try:
                reviewed_on = datetime.date.fromisoformat(options["reviewed_on"].strip())
            except ValueError:
                raise CommandError(
                    f"--reviewed-on skal være en dato som 2025-01-31, ikke »{options['reviewed_on']}«."
                ) from None

        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"Brugeren {options['user']} findes ikke.")

        try:
            plan, rows = import_role_plan(
                actor=actor,
                person=person,
                description=description,
                weekly_hours=hours,
                percents=percents,
                reviewed_on=reviewed_on,
                replace=options["replace"],
            )
        except ValidationError as exc:
            message = " ".join(exc.messages)
            if "--replace" in message or "already has a plan" in message:
                message = f"{person} har allerede en plan; brug --replace for at erstatte den."
            raise CommandError(message) from None

        counts = {p: sum(1 for r in rows if r.priority == p.value) for p in moscow.COUNTED}
        totals = {
            p: sum((r.weekly_hours for r in rows if r.priority == p.value), Decimal(0))
            for p in moscow.COUNTED
        }
        self.stdout.write(f"Importeret »{description.title}« for {person} ({_hours(hours)} timer pr. uge):")
        for priority in moscow.COUNTED:
            self.stdout.write(
                f"  {priority.name:<6} {counts[priority]:>2} opgaver, "
                f"{_hours(totals[priority])} timer pr. uge"
            )
        free = hours - sum(totals.values(), Decimal(0))
        self.stdout.write(f"  Fri tid til ugens egne opgaver: {_hours(free)} timer.")
        due = reviewed_on + datetime.timedelta(days=REVIEW_INTERVAL_DAYS)
        self.stdout.write(
            f"Husk: funktionsbeskrivelsen revideres én gang om året - næste gang senest {due:%d.%m.%Y}."
        )
        self.stdout.write(f"Planen ses under Planlægning > Min ugeplan (plan nr. {plan.pk}).")
