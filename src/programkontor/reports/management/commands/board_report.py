"""``programkontor board_report (--program SLUG | --portfolio) --period 2026-Q3 --format pdf|html|md``:
the board's status report, as the secretariat sees it, to stdout or ``--output FILE``. Nothing is
issued or stored (issue a report on the page *Rapporter*)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programkontor.accounts.models import User
from programkontor.portfolio.models import Program
from programkontor.reports import periods, render, selectors


class Command(BaseCommand):
    help = (
        "Write the board's status report of a program or the portfolio for a period (PDF, HTML or Markdown)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--program", metavar="SLUG", help="the program's slug")
        scope.add_argument("--portfolio", action="store_true", help="the whole portfolio")
        parser.add_argument("--period", required=True, help="2026-Q3, 2026-H2 or 2026")
        parser.add_argument("--format", choices=("pdf", "html", "md"), default="pdf")
        parser.add_argument("--output", metavar="FILE", help="write here instead of to stdout")
        parser.add_argument(
            "--as-user", metavar="USERNAME", help="read as this user (default: a secretariat user)"
        )

    def handle(self, *args: str, **options: Any) -> None:
        try:
            period = periods.parse(options["period"])
        except periods.PeriodError as exc:
            raise CommandError(str(exc)) from None
        program = None
        if options["program"]:
            program = Program.objects.filter(slug=options["program"]).first()
            if program is None:
                raise CommandError(f"No program with the slug {options['program']!r}")
        user = self.reader(options["as_user"])
        data = selectors.gather(user, program, period)
        title = render.title_of(data)
        fmt = options["format"]
        if fmt == "md":
            content: bytes = render.markdown(data).encode()
        else:
            body = render.body_html(data)
            content = render.pdf(body, title) if fmt == "pdf" else render.document_html(body, title).encode()
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stderr.write(f"{title}: {options['output']} ({len(content)} bytes)")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()

    def reader(self, username: str | None) -> User:
        users = User.objects.filter(is_active=True)
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(f"No active user {username!r}")
            return user
        user = users.filter(is_secretariat=True).order_by("pk").first()
        if user is None:
            raise CommandError("No active secretariat user to read as: name one with --as-user")
        return user
