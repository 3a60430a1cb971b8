"""Import population figures from a Statistics Denmark CSV download.

:func:`import_population` reads the file with the pure parser in
:mod:`programkontor.portfolio.population`, against the municipalities in the register. Any row
error stops the import before anything is written (:class:`PopulationImportError` lists them all).
Otherwise one transaction creates the new figures, updates the ones whose population changed
(bumping their version, so a form opened on the old figure gets a conflict) and leaves equal
ones alone. Both writes go through django-simple-history's bulk helpers, so every history row
records the actor.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from programkontor.core import uploads
from programkontor.portfolio.models import Organisation, OrganisationKind, PopulationFigure
from programkontor.portfolio.population import ParsedFigure, RowError, parse_population_csv

if TYPE_CHECKING:
    from programkontor.core.actors import Actor

DEFAULT_SOURCE = "Danmarks Statistik"


class PopulationImportError(Exception):
    """The file has errors; nothing was saved. ``errors`` holds every one, in file order."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} error(s) in the population file")


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    unchanged: int
    skipped: list[tuple[int, str]]
    dates: list[datetime.date]
    encoding: str
    delimiter: str


def _municipalities() -> dict[str, tuple[str, int]]:
    """Municipality code → (name, primary key), for every municipality with a code."""
    rows = Organisation.objects.filter(
        kind=OrganisationKind.MUNICIPALITY, municipality_code__isnull=False
    ).values_list("municipality_code", "name", "pk")
    return {code: (name, pk) for code, name, pk in rows if code}


@transaction.atomic
def import_population(
    *,
    data: bytes,
    actor: Actor,
    default_date: datetime.date | None = None,
    source: str = DEFAULT_SOURCE,
) -> ImportReport:
    """Save the figures in ``data``: all of them, or none when any row is wrong.

    ``default_date`` dates the figures only when the file names no period (see
    :func:`~programkontor.portfolio.population.parse_population_csv`). Raises
    :class:`PopulationImportError` with every row error, having saved nothing.
    """
    municipalities = _municipalities()
    names = {code: name for code, (name, _) in municipalities.items()}
    parsed = parse_population_csv(
        data, names, default_date=default_date, translate=gettext, limits=uploads.limits("population")
    )
    if parsed.errors:
        raise PopulationImportError(parsed.errors)
    organisation_ids = {code: pk for code, (_, pk) in municipalities.items()}
    created, updated, unchanged = _save(parsed.figures, organisation_ids, actor=actor, source=source)
    return ImportReport(
        created=created,
        updated=updated,
        unchanged=unchanged,
        skipped=parsed.skipped,
        dates=parsed.dates,
        encoding=parsed.encoding,
        delimiter=parsed.delimiter,
    )


def _save(
    figures: Sequence[ParsedFigure], organisation_ids: Mapping[str, int], *, actor: Actor, source: str
) -> tuple[int, int, int]:
    """Create, update or leave each figure (inside the caller's transaction); returns the counts."""
    existing = {
        (figure.organisation_id, figure.date): figure
        for figure in PopulationFigure.objects.select_for_update().filter(
            organisation_id__in={organisation_ids[f.code] for f in figures},
            date__in={f.date for f in figures},
        )
    }
    now = timezone.now()
    to_create: list[PopulationFigure] = []
    to_update: list[PopulationFigure] = []
    for figure in figures:
        organisation_id = organisation_ids[figure.code]
        current = existing.get((organisation_id, figure.date))
        if current is None:
            to_create.append(
                PopulationFigure(
                    organisation_id=organisation_id,
                    date=figure.date,
                    population=figure.population,
                    source=source,
                )
            )
        elif current.population != figure.population:
            current.population = figure.population
            current.source = source
            current.version += 1
            current.updated_at = now
            to_update.append(current)
    history = {
        "default_user": actor if getattr(actor, "is_authenticated", False) else None,
        "default_change_reason": f"population import ({source})"[:100],
    }
    if to_create:
        bulk_create_with_history(to_create, PopulationFigure, batch_size=500, **history)
    if to_update:
        bulk_update_with_history(
            to_update,
            PopulationFigure,
            ["population", "source", "version", "updated_at"],
            batch_size=500,
            **history,
        )
    return len(to_create), len(to_update), len(figures) - len(to_create) - len(to_update)
