"""What the evaluation commands share: reading the file, the product, the catalogue and the actor."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from programkontor.core import uploads
from programkontor.evaluation import services
from programkontor.evaluation.formats.common import FormatError, Unresolved, check_file
from programkontor.evaluation.models import Catalogue
from programkontor.evaluation.selectors import current_catalogue
from programkontor.portfolio.models import Product


def read_file(command: BaseCommand, name: str) -> bytes:
    """The file's bytes, within the evaluation imports' limits (size, encoding, lines, JSON nesting
    and entries); otherwise every problem on stderr and a CommandError saying nothing was saved."""
    try:
        data = uploads.read_path(Path(name), "evaluation")
        check_file(data, uploads.limits("evaluation"))
    except uploads.UploadRefused as exc:
        raise CommandError(exc.message) from exc
    except FormatError as exc:
        raise fail(
            command,
            exc.messages(_),
            _("%(file)s was not imported (nothing was saved): it cannot be read.") % {"file": name},
        ) from exc
    return data


def product(slug: str) -> Product:
    try:
        found: Product = Product.objects.get(slug=slug)
    except Product.DoesNotExist as exc:
        raise CommandError(_("There is no product with the slug '%(slug)s'.") % {"slug": slug}) from exc
    return found


def actor(username: str | None) -> Any:
    if not username:
        return None
    model = get_user_model()
    try:
        return model._default_manager.get_by_natural_key(username)
    except model.DoesNotExist as exc:
        raise CommandError(_("There is no user named '%(user)s'.") % {"user": username}) from exc


def catalogue(version: str | None, standard: str | None = None) -> Catalogue | None:
    """The catalogue named by ``--catalogue VERSION`` (of ``standard`` or the current standard)."""
    if not version:
        return None
    current = current_catalogue(standard)
    rows = Catalogue.objects.filter(standard_version=version)
    if standard or current is not None:
        rows = rows.filter(standard=standard or current.standard)  # type: ignore[union-attr]
    found: Catalogue | None = rows.first()
    if found is None:
        raise CommandError(
            _("There is no requirement catalogue with the version %(version)s.") % {"version": version}
        )
    return found


def add_common_arguments(parser: CommandParser, *, product_required: bool = True) -> None:
    parser.add_argument("--product", required=product_required, help=_("the product's slug, e.g. os2kle"))
    parser.add_argument(
        "--format", choices=["text", "json"], default="text", help=_("json: print the result as JSON")
    )
    parser.add_argument("--user", help=_("username recorded as the author in the history"))


def add_import_arguments(parser: CommandParser) -> None:
    """``--catalogue`` and ``--strict``, which both file imports take."""
    parser.add_argument(
        "--catalogue",
        help=_("the requirement catalogue's version (default: chosen from the file's requirements)"),
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help=_(
            "refuse a file with cells that name no answer, level or date (default: import it, keep "
            "those cells as written and list them)"
        ),
    )


def refused(command: BaseCommand, error: services.ImportFailed, file: str, invalid: str) -> CommandError:
    """The CommandError for an import the services refused (``error``: their ImportFailed), its
    messages on stderr. ``invalid`` is the summary for a file that is not what it should be; a strict
    refusal and a refusal by the product's state (a draft exists) say what they are instead."""
    if error.reason == "unresolved":
        summary = _(
            "%(file)s was not imported (nothing was saved): with --strict, the %(count)d cell(s) above "
            "must name an answer, level or date."
        ) % {"file": file, "count": len(error.cells)}
    elif error.reason == "conflict":
        summary = _("%(file)s was not imported (nothing was saved).") % {"file": file}
    else:
        summary = invalid
    return fail(command, error.messages, summary)


Imported = TypeVar("Imported")


def run_import(
    command: BaseCommand,
    options: dict[str, Any],
    service: Callable[..., Imported],
    *,
    invalid: str,
    **extra: object,
) -> Imported:
    """Read the file the options name and hand it to the import ``service`` (with the product, actor,
    catalogue and ``--strict`` from the options, and ``extra``); a refusal becomes the CommandError of
    :func:`refused`, ``invalid`` being its summary for a file that is not what it should be."""
    data = read_file(command, options["file"])
    try:
        return service(
            product=product(options["product"]),
            data=data,
            actor=actor(options["user"]),
            catalogue=catalogue(options["catalogue"]),
            strict=options["strict"],
            **extra,
        )
    except services.ImportFailed as exc:
        raise refused(command, exc, options["file"], invalid) from exc


def write_notes(command: BaseCommand, warnings: list[str], cells: list[Unresolved]) -> None:
    """An import's warnings, then the cells it kept as written (text output)."""
    for warning in warnings:
        command.stdout.write(command.style.WARNING(_("Note: %(warning)s") % {"warning": warning}))
    write_unresolved(command, cells)


def unresolved_json(cells: list[Unresolved]) -> list[dict[str, object]]:
    """The cells a person must map, as the commands' JSON lists them (``unresolved``)."""
    return [cell.as_dict() for cell in cells]


def write_unresolved(command: BaseCommand, cells: list[Unresolved]) -> None:
    """The cells kept as written, one line each with its line number (text output)."""
    if not cells:
        return
    command.stdout.write(
        command.style.WARNING(
            _("%(count)d cell(s) name no answer, level or date; they were kept as written (unresolved):")
            % {"count": len(cells)}
        )
    )
    for cell in cells:
        command.stdout.write("  " + services.cell_message(cell))


def fail(command: BaseCommand, messages: list[str], summary: str) -> CommandError:
    for message in messages:
        command.stderr.write(message)
    return CommandError(summary)


def write_json(command: BaseCommand, payload: Any) -> None:
    command.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))


def catalogue_json(found: Catalogue) -> dict[str, str]:
    return {"standard": found.standard, "name": found.name, "version": found.standard_version}
