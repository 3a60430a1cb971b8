"""``programkontor moscow_check --capacity HOURS --items FILE [--format json]``.

Checks a list of work items (CSV with the columns ``title,priority,hours``) against a capacity in
hours, by the MoSCoW rules of :mod:`programkontor.planning.moscow`: hours and share of the capacity
per priority; the warnings ``must_over_60`` (MUST above 60 % of the capacity), ``could_under_20``
(COULD below 20 %) and ``over_capacity``; and the ordered list of items to drop to get within the
capacity — COULD first, then SHOULD, within a priority the item furthest down the file first. MUST
items are never in the drop list: those that do not fit are listed for escalation to the steering
group.

``--format json`` prints one JSON object with the keys ``capacity``, ``hours`` and ``shares`` (per
priority: MUST, SHOULD, COULD, WONT), ``total_hours``, ``total_share``, ``thresholds``, ``warnings``
(each with ``code``), ``drop`` (each with ``title``, ``priority``, ``hours``, ``row``), ``escalate``,
``dropped_hours``, ``total_after``, ``escalation_hours`` and ``fits``.

A bad file — a missing column, an unknown priority, hours that are not a number of at least 0 — exits
with status 1 and names every bad row (the header is row 1) and its problem; nothing is printed to
stdout then.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext

from programkontor.core import textfile, uploads
from programkontor.planning import moscow
from programkontor.planning.moscow_csv import ItemsError, parse_items

LABELS = {
    moscow.WarningCode.MUST_OVER_LIMIT: (
        "MUST udgør {share} af kapaciteten - over grænsen på {percent} ({limit} timer)."
    ),
    moscow.WarningCode.COULD_UNDER_LIMIT: (
        "COULD udgør kun {share} af kapaciteten - under {percent} ({limit} timer): "
        "for lidt at give slip på, hvis noget trækker ud."
    ),
    moscow.WarningCode.OVER_CAPACITY: (
        "Der er planlagt {hours} timer mod en kapacitet på {limit} timer ({share})."
    ),
}


def number(value: Decimal | None) -> str:
    """Danish notation: decimal comma, no trailing zeros (``12,5``; ``—`` for none)."""
    if value is None:
        return "—"
    text = f"{value.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{number(value.quantize(Decimal('0.1')))} %"


def parse_number(text: str, option: str = "--capacity", what: str = "et antal timer") -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise CommandError(f"{option} skal være {what}, ikke »{text}«.") from None
    if not value.is_finite() or value < 0:
        raise CommandError(f"{option} skal være {what} på mindst 0, ikke »{text}«.")
    return value


class Command(BaseCommand):
    help = (
        "Tjek en liste af opgaver (CSV: title,priority,hours) mod en kapacitet efter MoSCoW: timer og andel "
        "pr. prioritet, advarsler (must_over_60, could_under_20, over_capacity) og hvad der skal fravælges "
        "først."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--capacity", required=True, help="kapaciteten i timer, fx 420")
        parser.add_argument("--items", required=True, help="CSV-fil med kolonnerne title,priority,hours")
        parser.add_argument(
            "--format", choices=("text", "json"), default="text", help="text (standard) eller json"
        )
        parser.add_argument(
            "--must-max", default=str(moscow.DSDM.must_max), help="grænse for MUST i procent (standard 60)"
        )
        parser.add_argument(
            "--could-min",
            default=str(moscow.DSDM.could_min),
            help="mindste andel COULD i procent (standard 20)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        capacity = parse_number(options["capacity"])
        try:
            thresholds = moscow.Thresholds(
                must_max=parse_number(options["must_max"], "--must-max", "en procent"),
                could_min=parse_number(options["could_min"], "--could-min", "en procent"),
            )
        except ValueError as exc:
            raise CommandError(f"Grænserne skal være procenter fra 0 til 100 ({exc}).") from exc
        path = Path(options["items"])
        if not path.exists():
            raise CommandError(f"Filen {path} findes ikke.")
        limits = uploads.limits("planning")
        try:
            text = textfile.read_text(uploads.read_path(path, "planning"), limits).text
        except uploads.UploadRefused as exc:
            raise CommandError(exc.message) from None
        except textfile.TextFileError as exc:
            raise CommandError(uploads.refusal(str(path), exc).message) from None
        try:
            items = parse_items(text, limits=limits, translate=gettext)
        except ItemsError as exc:
            lines = "\n".join(f"  {problem}" for problem in exc.problems)
            raise CommandError(f"{path} har fejl; intet er beregnet:\n{lines}") from None

        analysis = moscow.analyse(items, capacity, thresholds)
        if options["format"] == "json":
            data = moscow.analysis_dict(analysis)
            for entry in (*data["drop"], *data["escalate"]):  # type: ignore[misc]
                entry["row"] = entry.pop("key", None)
            data["items"] = len(items)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(self.as_text(analysis, len(items)))

    def as_text(self, analysis: moscow.Analysis, count: int) -> str:
        lines = [f"Kapacitet: {number(analysis.capacity)} timer ({count} opgaver)", ""]
        lines.append(f"{'Prioritet':<10} {'Timer':>10} {'Andel':>10}")
        for share in analysis.shares:
            note = "  (tæller ikke med)" if share.priority == moscow.Priority.WONT else ""
            lines.append(
                f"{share.priority.name:<10} {number(share.hours):>10} {percent(share.share):>10}{note}"
            )
        lines.append(f"{'I alt':<10} {number(analysis.total):>10} {percent(analysis.total_share):>10}")
        lines.append("")
        if analysis.warnings:
            lines.append("Advarsler:")
            for warning in analysis.warnings:
                text = LABELS[warning.code].format(
                    share=percent(warning.share),
                    percent=percent(warning.percent),
                    limit=number(warning.limit_hours),
                    hours=number(warning.hours),
                )
                lines.append(f"  {warning.code}: {text}")
        else:
            lines.append("Advarsler: ingen.")
        lines.append("")
        plan = analysis.drop_plan
        if plan.drop:
            lines.append("Fravælg i denne rækkefølge for at holde kapaciteten:")
            for position, item in enumerate(plan.drop, start=1):
                lines.append(
                    f"  {position}. {item.title} ({item.priority.name}, {number(item.hours)} timer, "
                    f"række {item.key})"
                )
            lines.append(
                f"  Fravalgt i alt {number(plan.dropped_hours)} timer; "
                f"tilbage {number(plan.total_after)} timer."
            )
        elif plan.total_before <= plan.capacity:
            lines.append("Intet skal fravælges: planen holder sig inden for kapaciteten.")
        else:
            lines.append("Intet SHOULD eller COULD at fravælge.")
        if plan.escalate:
            lines.append("")
            lines.append(
                f"MUST overskrider stadig kapaciteten med {number(plan.escalation_hours)} timer. "
                "MUST fravælges "
                "ikke i stilhed - eskalér til styregruppen:"
            )
            for item in plan.escalate:
                lines.append(f"  - {item.title} ({number(item.hours)} timer, række {item.key})")
        return "\n".join(lines)
