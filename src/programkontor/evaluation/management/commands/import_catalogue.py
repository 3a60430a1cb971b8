"""``programkontor import_catalogue FILE [FILE] [--standard KEY] [--name NAME] [--not-current]``.

Imports a requirement catalogue: OS2's governance report template and/or evaluation report template
(Markdown; with both, the governance report gives the texts and guidance, the evaluation report the
assessment criteria), or a catalogue in Programkontor's JSON form (any standard, any number of
levels, themes and requirements). A new version becomes the current one unless ``--not-current``.
Importing a version that exists with the same requirements adds the official texts to it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from programkontor.core import uploads
from programkontor.evaluation import services
from programkontor.evaluation.formats.catalogue import (
    catalogue_from_json,
    catalogue_from_templates,
    is_json,
    parse_template,
)
from programkontor.evaluation.formats.common import FormatError, decode
from programkontor.evaluation.management.commands import _common
from programkontor.evaluation.selectors import DEFAULT_STANDARD, current_catalogue


class Command(BaseCommand):
    help = _(
        "Import a requirement catalogue from OS2's template Markdown files (governance report and/or "
        "evaluation report) or from Programkontor's JSON catalogue format."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files", nargs="+", metavar="FILE", help=_("template Markdown file(s) or a JSON catalogue")
        )
        parser.add_argument(
            "--standard", help=_("the standard's key (Markdown; default: OS2's governance model)")
        )
        parser.add_argument("--name", help=_("the catalogue's name (Markdown)"))
        parser.add_argument(
            "--catalogue-version",
            dest="catalogue_version",
            help=_("the version, when the template states none"),
        )
        parser.add_argument(
            "--not-current", action="store_true", help=_("do not make the new version the current one")
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help=_("json: print the result as JSON")
        )
        parser.add_argument("--user", help=_("username recorded as the author in the history"))

    def handle(self, *args: Any, **options: Any) -> None:
        actor = _common.actor(options["user"])
        contents = [(name, _common.read_file(self, name)) for name in options["files"]]
        try:
            limits = uploads.limits("evaluation")
            texts = [(name, decode(data, limits)) for name, data in contents]
            if any(is_json(text) for _name, text in texts):
                if len(texts) > 1:
                    raise CommandError(_("Give one JSON catalogue, or one or two Markdown templates."))
                data = catalogue_from_json(texts[0][1], limits=limits)
            else:
                current = current_catalogue(options["standard"])
                standard = options["standard"] or (current.standard if current else DEFAULT_STANDARD)
                name = options["name"] or (
                    current.name if current and current.standard == standard else standard
                )
                templates = [parse_template(text, limits=limits) for _name, text in texts]
                data = catalogue_from_templates(
                    templates,
                    standard=standard,
                    name=name,
                    version=options["catalogue_version"] or "",
                    source=", ".join(name for name, _text in texts),
                )
        except FormatError as exc:
            raise _common.fail(
                self, exc.messages(_), _("Nothing was imported: the file is not a requirement catalogue.")
            ) from exc
        try:
            result = services.import_catalogue(
                data=data, actor=actor, make_current=not options["not_current"]
            )
        except ValidationError as exc:
            raise _common.fail(self, exc.messages, _("Nothing was imported.")) from exc
        catalogue = result.catalogue
        if options["format"] == "json":
            _common.write_json(
                self,
                {
                    "catalogue": catalogue.pk,
                    "created": result.created,
                    "updated_texts": result.updated_texts,
                    "current": catalogue.is_current,
                    **_common.catalogue_json(catalogue),
                    "levels": catalogue.levels,
                    "themes": [theme.name for theme in data.themes],
                    "requirements": len(data.requirements),
                },
            )
            return
        if result.created:
            message = _("Imported %(catalogue)s: %(count)d requirements in %(themes)d themes.") % {
                "catalogue": catalogue,
                "count": len(data.requirements),
                "themes": len(data.themes),
            }
        else:
            message = _("%(catalogue)s exists already; %(count)d requirements got the texts of the file.") % {
                "catalogue": catalogue,
                "count": result.updated_texts,
            }
        self.stdout.write(self.style.SUCCESS(message))
        if catalogue.is_current:
            self.stdout.write(
                _("It is the current version of %(standard)s.") % {"standard": catalogue.standard}
            )
