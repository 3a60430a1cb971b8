"""``programkontor import_population FILE [--date YYYY-MM-DD] [--user USERNAME]``.

Imports a population CSV downloaded from Statistics Denmark (Statistikbanken, e.g. table
FOLK1A, or the API/BULK format). All figures are saved, or none: on any error every problem is
written to stderr with its line number and the command exits with a non-zero status.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programkontor.core import uploads
from programkontor.portfolio.population import RowError
from programkontor.portfolio.population_import import ImportReport, PopulationImportError, import_population

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date_option(value: str) -> datetime.date:
    """The ``--date`` value as a date; CommandError unless it is a real date written YYYY-MM-DD."""
    try:
        if _ISO_DATE.fullmatch(value.strip()):
            return datetime.date.fromisoformat(value.strip())
    except ValueError:
        pass
    raise CommandError(
        _("--date must be a date written YYYY-MM-DD, such as 2020-01-01 (got '%(value)s').")
        % {"value": value}
    )


def describe_error(error: RowError) -> str:
    if error.row == 0:
        return error.message
    return _("Line %(line)d: %(message)s") % {"line": error.row, "message": error.message}


class Command(BaseCommand):
    help = _(
        "Import population figures from a Statistics Denmark CSV download. "
        "All figures are saved, or none when any row is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("the CSV file downloaded from Statistics Denmark"))
        parser.add_argument(
            "--date",
            help=_("YYYY-MM-DD: the date of the figures, used only when the file names no period"),
        )
        parser.add_argument("--user", help=_("username recorded as the author in the history"))

    def handle(self, *args: Any, **options: Any) -> None:
        default_date = parse_date_option(options["date"]) if options["date"] else None
        actor = self._actor(options["user"])
        path = Path(options["file"])
        try:
            data = uploads.read_path(path, "population")
        except uploads.UploadRefused as exc:
            raise CommandError(exc.message) from exc
        try:
            report = import_population(data=data, actor=actor, default_date=default_date)
        except PopulationImportError as exc:
            for error in exc.errors:
                self.stderr.write(describe_error(error))
            raise CommandError(
                ngettext(
                    "Nothing was saved: %(count)d error in %(file)s.",
                    "Nothing was saved: %(count)d errors in %(file)s.",
                    len(exc.errors),
                )
                % {"count": len(exc.errors), "file": path}
            ) from exc
        self._summarise(path, report, verbosity=options["verbosity"])

    def _actor(self, username: str | None) -> Any:
        if not username:
            return None
        try:
            return get_user_model()._default_manager.get_by_natural_key(username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(_("There is no user named '%(user)s'.") % {"user": username}) from exc

    def _summarise(self, path: Path, report: ImportReport, *, verbosity: int) -> None:
        self.stdout.write(
            _("Read %(file)s (%(encoding)s, separated by '%(delimiter)s').")
            % {"file": path, "encoding": report.encoding, "delimiter": report.delimiter}
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("Population figures: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
            )
        )
        dates = ", ".join(f"{date:%d.%m.%Y}" for date in report.dates)
        self.stdout.write(_("Dates: %(dates)s.") % {"dates": dates})
        if report.skipped:
            self.stdout.write(
                ngettext(
                    "Skipped %(count)d line (totals, regions, titles, notes and blank lines).",
                    "Skipped %(count)d lines (totals, regions, titles, notes and blank lines).",
                    len(report.skipped),
                )
                % {"count": len(report.skipped)}
            )
        if verbosity >= 2:
            for row, text in report.skipped:
                self.stdout.write("  " + _("Line %(line)d: %(message)s") % {"line": row, "message": text})
