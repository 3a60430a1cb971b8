"""``programkontor publish_site FOLDER [--format jekyll|html] [--program SLUG]``: the transparency site."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programkontor.core.progress import ProgressBar
from programkontor.publishing.output import Format
from programkontor.publishing.services import publish
from programkontor.publishing.site import UnknownProgram
from programkontor.publishing.writer import UnsafePath


class Command(BaseCommand):
    help = (
        "Write everything an anonymous reader may see (portfolio, programs, products, roadmaps, approved "
        "budgets and tariff sheets, the public decision log, approved minutes, published evaluation "
        "reports) into FOLDER as a Jekyll site (just-the-docs) or as standalone HTML. Only changed files "
        "are written; files an earlier run wrote and this one does not are removed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--format", choices=[f.value for f in Format], default=Format.JEKYLL.value)
        parser.add_argument("--program", metavar="SLUG", help="Only this program and its products.")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="The date the roadmaps mark as today (YYYY-MM-DD; default: today).",
        )

    def handle(self, *args: str, **options: object) -> None:
        folder, program, today = options["folder"], options["program"], options["today"]
        assert isinstance(folder, Path)
        assert program is None or isinstance(program, str)
        assert today is None or isinstance(today, datetime.date)
        bar = ProgressBar(self.stderr)
        try:
            result = publish(
                folder, Format(str(options["format"])), program=program, today=today, progress=bar
            )
        except UnknownProgram as exc:
            raise CommandError(f"No published program has the slug {exc.args[0]!r}.") from exc
        except UnsafePath as exc:
            raise CommandError(f"Refusing to write outside the folder: {exc.args[0]!r}.") from exc
        finally:
            bar.finish()
        for name in result.created:
            self.stdout.write(f"created {name}", style_func=None)
        for name in result.changed:
            self.stdout.write(f"changed {name}")
        for name in result.removed:
            self.stdout.write(f"removed {name}")
        counts = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['created']} created, {counts['changed']} changed, {counts['removed']} removed, "
                f"{counts['unchanged']} unchanged in {folder}"
            )
        )
