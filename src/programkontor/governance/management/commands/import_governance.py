"""``programkontor import_governance PATH --product SLUG [--dry-run] [--format json]``.

Reads a product's governance repository (a local folder as it is, or an http(s) Git URL cloned shallowly
by ``programkontor.core.git``) with decision records and minutes in OS2's Markdown layout, and creates
or updates the product's decisions and its bodies' meetings. Importing the same repository again
changes nothing. ``--dry-run`` shows what would change and writes nothing. What could not be mapped
is listed (``unmapped``), never guessed. The clone's time and the Markdown read are limited by the
settings (``GOVERNANCE_CLONE_TIMEOUT``, ``GOVERNANCE_MAX_FILES``, ``GOVERNANCE_MAX_MB``,
``IMPORT_MAX_MB_GOVERNANCE``): a repository past them is refused, and a value the database cannot
store stops the import with the file named; either way nothing is saved.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from programkontor.accounts.models import User
from programkontor.core.git import GitError, working_tree
from programkontor.governance.jobs import scan_product_folder
from programkontor.governance.repository.scan import RepositoryTooLarge, Scan
from programkontor.governance.repository.sync import ImportResult, import_scan
from programkontor.portfolio.models import Product

if TYPE_CHECKING:
    from programkontor.core.actors import Actor

ACTIONS = {"created": "oprettes", "updated": "opdateres", "unchanged": "uændret"}
ACTIONS_DONE = {"created": "oprettet", "updated": "opdateret", "unchanged": "uændret"}


class Command(BaseCommand):
    help = (
        "Importerer et produkts governance-repositorie (mappe eller http(s)-Git-adresse): beslutningslogs og "
        "mødereferater i OS2's Markdown-format. Kan køres igen uden at ændre noget."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            help="En lokal mappe eller en http(s)-adresse til et Git-repositorie (klones med --depth 1).",
        )
        parser.add_argument("--product", required=True, help="Produktets slug, fx os2borgerpc.")
        parser.add_argument("--dry-run", action="store_true", help="Vis hvad der ville ændres; gem intet.")
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="Uddata: text eller json."
        )
        parser.add_argument("--user", help="Brugernavn, som historikken skal nævne.")

    def handle(self, *args: Any, **options: Any) -> None:
        product = Product.objects.filter(slug=options["product"]).first()
        if product is None:
            raise CommandError(f"Intet produkt med slug '{options['product']}'.")
        actor = None
        if options.get("user"):
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"Ingen bruger med brugernavnet '{options['user']}'.")

        def progress(what: str, done: int, total: int) -> None:
            name = {"decisions": "beslutninger", "meetings": "møder"}[what]
            sys.stderr.write(f"  {name}: {done}/{total}\n")

        limits = settings.PROGRAMKONTOR_GOVERNANCE_IMPORT
        try:
            with working_tree(options["path"], timeout=float(limits["clone_timeout"])) as folder:
                sys.stderr.write(f"Læser {options['path']} …\n")
                scan = scan_product_folder(folder, product)
                options = {**options, "progress": progress}
                result = self.import_scan(scan, product, actor, options)
        except GitError as exc:
            raise CommandError(str(exc)) from exc
        except RepositoryTooLarge as exc:
            raise CommandError(
                _("Nothing was imported: %(reason)s") % {"reason": _(exc.template) % exc.params}
            ) from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self.report(result, str(product)))

    def import_scan(
        self, scan: Scan, product: Product, actor: Actor, options: dict[str, Any]
    ) -> ImportResult:
        """The import in one transaction; a value the database refuses stops it, naming the file."""

        def run(part: Scan, *, dry_run: bool, progress: Any = None) -> ImportResult:
            return import_scan(
                part, product, actor=actor, dry_run=dry_run, progress=progress, source=options["path"]
            )

        try:
            return run(scan, dry_run=options["dry_run"], progress=options["progress"])
        except (ValidationError, DatabaseError, ValueError) as exc:
            path, reason = self.culprit(scan, run) or ("", str(exc))
            raise CommandError(
                _("Nothing was saved: %(file)s holds a value that cannot be stored (%(reason)s).")
                % {"file": path or options["path"], "reason": reason[:300]}
            ) from exc

    @staticmethod
    def culprit(scan: Scan, run: Any) -> tuple[str, str] | None:
        """The first file whose records alone cannot be saved, and why (each tried and rolled back)."""
        parts = [(path, replace(Scan(), decisions=[(path, record)])) for path, record in scan.decisions]
        parts += [(path, replace(Scan(), meetings=[(path, record)])) for path, record in scan.meetings]
        for path, part in parts:
            try:
                with transaction.atomic():
                    run(part, dry_run=False)
                    transaction.set_rollback(True)
            except (ValidationError, DatabaseError, ValueError) as exc:
                reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                return path, reason.strip()
        return None

    def report(self, result: ImportResult, product: str) -> str:
        words = ACTIONS if result.dry_run else ACTIONS_DONE
        lines = [
            f"{'Prøvekørsel — intet er gemt. ' if result.dry_run else ''}Governance-import for {product}:",
            "",
        ]
        counts = result.counts()
        for name, label in (("decisions", "Beslutninger"), ("meetings", "Møder")):
            tally = counts[name]
            lines.append(
                f"{label}: "
                + ", ".join(f"{tally[key]} {words[key]}" for key in ("created", "updated", "unchanged"))
            )
        changed = [row for row in result.decisions + result.meetings if row.action != "unchanged"]
        if changed:
            lines += ["", "Ændringer:"]
            for row in changed:
                lines.append(f"  {words[row.action]:<10} {row.data['source_file']}")
        if result.templates:
            lines += ["", "Skabeloner (sprunget over):"] + [f"  {path}" for path in result.templates]
        if result.unmapped:
            lines += ["", "Kunne ikke tolkes (ikke gættet):"]
            for item in result.unmapped:
                value = f" «{item.value}»" if item.value else ""
                lines.append(f"  {item.source_file}: {item.field}{value} — {item.reason}")
        return "\n".join(lines) + "\n"
