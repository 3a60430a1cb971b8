"""``programkontor check_repository PATH_OR_URL [--product SLUG] [--format json] [--timeout SECONDS]``.

Looks for evidence in a Git repository — a local path, or an http(s) clone URL that is cloned
without file contents into a temporary directory (removed afterwards) — for the requirements a
machine can check: licence, README, publiccode.yml, security policy, code standards, container
build, issue tracker, one main line, commit activity and where the code lives. Nothing in the
repository is executed. Each finding names the requirement, the file or commit it rests on and a
proposed light. With ``--product`` the findings are saved for the product's evaluations, where the
secretariat accepts or overrides them.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from programkontor.core.git import DEFAULT_TIMEOUT, GitError
from programkontor.evaluation import services
from programkontor.evaluation.formats.common import LIGHT_EMOJI
from programkontor.evaluation.management.commands import _common
from programkontor.evaluation.repository.checks import run_checks
from programkontor.evaluation.repository.sources import open_source


class Command(BaseCommand):
    help = _(
        "Look for evidence of OS2's requirements in a Git repository (a path or a clone URL) without "
        "running any of its code; with --product the findings are saved for the evaluation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "location", metavar="PATH_OR_URL", help=_("a local directory or an http(s) clone URL")
        )
        _common.add_common_arguments(parser, product_required=False)
        parser.add_argument(
            "--timeout",
            type=float,
            default=DEFAULT_TIMEOUT,
            help=_("seconds each Git command may take (default 120)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        product = _common.product(options["product"]) if options["product"] else None
        actor = _common.actor(options["user"])
        location = options["location"]
        if options["format"] != "json":
            self.stderr.write(_("Reading %(location)s …") % {"location": location})
        try:
            with open_source(location, timeout=options["timeout"]) as source:
                result = run_checks(source, translate=_)
        except GitError as exc:
            raise _common.fail(
                self, [str(exc)], _("%(location)s could not be checked.") % {"location": location}
            ) from exc
        saved = (
            services.record_repository_check(product=product, result=result, actor=actor) if product else None
        )
        if options["format"] == "json":
            payload = result.as_dict()
            payload["product"] = product.slug if product else None
            payload["saved"] = saved.pk if saved else None
            _common.write_json(self, payload)
            return
        self.stdout.write(
            _("%(source)s at commit %(commit)s (%(branch)s):")
            % {"source": result.source, "commit": (result.commit or "—")[:12], "branch": result.branch or "—"}
        )
        for finding in result.findings:
            where = ", ".join(part for part in (finding.path, finding.commit[:12]) if part)
            self.stdout.write(
                f"  {finding.requirement:<4} {LIGHT_EMOJI[finding.light]} {finding.summary}"
                + (f" [{where}]" if where else "")
            )
        if saved is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Saved as repository check #%(id)d of %(product)s.")
                    % {"id": saved.pk, "product": product}
                )
            )
        else:
            self.stdout.write(_("Not saved: give --product to keep the findings for an evaluation."))
