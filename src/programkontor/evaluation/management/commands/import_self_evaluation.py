"""``programkontor import_self_evaluation FILE --product SLUG [--format json] [--catalogue V] [--draft]
[--strict]``.

Imports a self-evaluation: the JSON file OS2's browser form saves, or a governance report in
Markdown (detected from the content). It becomes a submitted version of the product's
self-evaluation (``--draft``: its draft). With ``--format json`` the answers are printed as
``"answers": {id: "yes" | "no" | "not_relevant" | "unknown" | null}`` and the cells that name no
answer or date, kept as written, as ``"unresolved": [{key, kind, line, requirement, column, value}]``
(``--strict`` refuses such a file instead). A file that is neither, or a broken one, exits with an
error naming every problem, and nothing is saved.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from programkontor.evaluation import scoring, services
from programkontor.evaluation.management.commands import _common


class Command(BaseCommand):
    help = _(
        "Import a self-evaluation from OS2's form (JSON) or a governance report (Markdown) for a product. "
        "Nothing is saved when the file is neither."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help=_("the JSON file from OS2's form, or a governance report (Markdown)")
        )
        _common.add_common_arguments(parser)
        _common.add_import_arguments(parser)
        parser.add_argument(
            "--draft", action="store_true", help=_("import as the product's draft, not submitted")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = _common.run_import(
            self,
            options,
            services.import_self_evaluation,
            as_draft=options["draft"],
            invalid=_("%(file)s was not imported (nothing was saved): it is not a valid self-evaluation.")
            % {"file": options["file"]},
        )
        product = result.self_evaluation.product
        answers = dict(result.parsed.answers)
        counts = Counter(answer or "unanswered" for answer in answers.values())
        if options["format"] == "json":
            self_evaluation = result.self_evaluation
            _common.write_json(
                self,
                {
                    "product": product.slug,
                    "self_evaluation": self_evaluation.pk,
                    "number": self_evaluation.number,
                    "created": result.created,
                    "status": self_evaluation.status,
                    "format": result.parsed.format,
                    "catalogue": _common.catalogue_json(result.catalogue),
                    "filled_by": result.parsed.filled_by,
                    "filled_on": result.parsed.filled_on.isoformat() if result.parsed.filled_on else None,
                    "answers": answers,
                    "documentation": dict(result.parsed.documentation),
                    "counts": {key: counts.get(key, 0) for key in (*scoring.ANSWERS, "unanswered")},
                    "draft_lights": scoring.draft_ratings(answers, result.catalogue.data().codes),
                    "unresolved": _common.unresolved_json(result.parsed.unresolved),
                    "warnings": result.warnings,
                },
            )
            return
        self_evaluation = result.self_evaluation
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Imported %(file)s as %(self_evaluation)s (#%(id)d, %(status)s).")
                    % {
                        "file": options["file"],
                        "self_evaluation": self_evaluation,
                        "id": self_evaluation.pk,
                        "status": self_evaluation.get_status_display(),
                    }
                )
            )
        else:
            self.stdout.write(
                _("%(file)s was imported before: %(self_evaluation)s (#%(id)d). Nothing new was saved.")
                % {"file": options["file"], "self_evaluation": self_evaluation, "id": self_evaluation.pk}
            )
        _common.write_notes(self, result.warnings, result.parsed.unresolved)
        self.stdout.write(
            _(
                "Yes: %(yes)d, no: %(no)d, not relevant: %(not_relevant)d, don't know: %(unknown)d, "
                "unanswered: %(unanswered)d."
            )
            % {key: counts.get(key, 0) for key in (*scoring.ANSWERS, "unanswered")}
        )
