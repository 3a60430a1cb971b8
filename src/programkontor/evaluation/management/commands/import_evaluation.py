"""``programkontor import_evaluation FILE --product SLUG [--format json] [--catalogue V] [--publish]
[--strict]``.

Imports a published evaluation report (Markdown, OS2's layout) as a final evaluation of the product.
The counts are recomputed from the per-requirement lights; every published count-table row that
disagrees with them is reported (``published_table_mismatches``: which row, expected and found).
A level or date that names none is kept as written and listed (``unresolved``; ``--strict`` refuses
the file instead). A file that is not an evaluation report, or one with broken requirement tables,
exits with an error naming every problem, and nothing is saved. The same file imported again gives
back the same evaluation (``"created": false``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programkontor.evaluation import scoring, services
from programkontor.evaluation.formats.common import LIGHT_EMOJI
from programkontor.evaluation.management.commands import _common
from programkontor.evaluation.selectors import summary_of


class Command(BaseCommand):
    help = _(
        "Import a published evaluation report (Markdown) for a product; report count tables that "
        "disagree with the lights. Nothing is saved when the file is not an evaluation report."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("the evaluation report (Markdown)"))
        _common.add_common_arguments(parser)
        _common.add_import_arguments(parser)
        parser.add_argument("--publish", action="store_true", help=_("publish the imported evaluation"))

    def handle(self, *args: Any, **options: Any) -> None:
        result = _common.run_import(
            self,
            options,
            services.import_evaluation,
            publish=options["publish"],
            invalid=_("%(file)s was not imported (nothing was saved): it is not a valid evaluation report.")
            % {"file": options["file"]},
        )
        data_catalogue = result.catalogue.data()
        summary = summary_of(data_catalogue, result.parsed.ratings)
        if options["format"] == "json":
            _common.write_json(self, self.payload(result, summary))
            return
        self.report(options["file"], result, summary)

    def payload(self, result: services.EvaluationImport, summary: scoring.Summary) -> dict[str, Any]:
        evaluation = result.evaluation
        return {
            "product": evaluation.product.slug,
            "evaluation": evaluation.pk,
            "created": result.created,
            "catalogue": _common.catalogue_json(result.catalogue),
            "evaluated_on": evaluation.evaluated_on.isoformat(),
            "ratings": dict(result.parsed.ratings),
            "evidence": dict(result.parsed.evidence),
            "counts": summary.exact,
            "cumulative": summary.cumulative,
            "totals": summary.totals,
            "themes": summary.by_theme,
            "strict_level": summary.strict_level,
            "published_table_mismatches": [m.as_dict() for m in result.mismatches],
            "published_chart_mismatches": [m.as_dict() for m in result.chart_mismatches],
            "unresolved": _common.unresolved_json(result.parsed.unresolved),
            "warnings": result.warnings,
        }

    def report(self, file: str, result: services.EvaluationImport, summary: scoring.Summary) -> None:
        evaluation = result.evaluation
        catalogue = result.catalogue
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Imported %(file)s as %(evaluation)s (#%(id)d), against %(catalogue)s.")
                    % {"file": file, "evaluation": evaluation, "id": evaluation.pk, "catalogue": catalogue}
                )
            )
        else:
            self.stdout.write(
                _("%(file)s was imported before: %(evaluation)s (#%(id)d). Nothing new was saved.")
                % {"file": file, "evaluation": evaluation, "id": evaluation.pk}
            )
        _common.write_notes(self, result.warnings, result.parsed.unresolved)
        header = " ".join(f"{LIGHT_EMOJI[light]:>4}" for light in scoring.LIGHTS)
        self.stdout.write(f"{'':<12}{header}")
        for level in summary.levels:
            row = summary.exact[level]
            self.stdout.write(
                f"{catalogue.level_label(level):<12}"
                + " ".join(f"{row[light]:>4}" for light in scoring.LIGHTS)
            )
        self.stdout.write(
            f"{_('Total'):<12}" + " ".join(f"{summary.totals[light]:>4}" for light in scoring.LIGHTS)
        )
        if not result.mismatches:
            self.stdout.write(self.style.SUCCESS(_("The published count tables agree with the lights.")))
            return
        self.stdout.write(
            self.style.WARNING(
                ngettext(
                    "%(count)d published count-table row disagrees with the lights:",
                    "%(count)d published count-table rows disagree with the lights:",
                    len(result.mismatches),
                )
                % {"count": len(result.mismatches)}
            )
        )
        for mismatch in result.mismatches:
            where = mismatch.row if mismatch.column is None else f"{mismatch.row} / {mismatch.column}"
            expected = " ".join(f"{LIGHT_EMOJI[k]} {mismatch.expected[k]}" for k in scoring.LIGHTS)
            found = " ".join(
                f"{LIGHT_EMOJI[k]} {'?' if mismatch.found.get(k) is None else mismatch.found[k]}"
                for k in scoring.LIGHTS
            )
            self.stdout.write(
                "  "
                + _("%(where)s: expected %(expected)s, found %(found)s")
                % {"where": where, "expected": expected, "found": found}
            )
