"""Requirement catalogues: import (OS2's template Markdown or JSON), the current one, the shipped one."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from programkontor.core import services
from programkontor.evaluation.formats.catalogue import CatalogueData, catalogue_from_json
from programkontor.evaluation.models import (
    Catalogue,
    Requirement,
    Theme,
)
from programkontor.evaluation.selectors import (
    catalogue_data_for,
    current_catalogue,
)
from programkontor.evaluation.services.common import PREVIOUS_CATALOGUE, SHIPPED_CATALOGUE, _bump, _user

#: The standard whose previous generation is shipped (OS2's governance model).
PREVIOUS_STANDARD = "os2-styringsmodel"
#: The date the previous model's catalogue is filed under (before any version installed later).
PREVIOUS_CREATED = datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)

if TYPE_CHECKING:
    from programkontor.core.actors import Actor

# Catalogues


@dataclass
class CatalogueImport:
    catalogue: Catalogue
    created: bool
    updated_texts: int = 0


def _structure(data: CatalogueData) -> tuple[Any, ...]:
    return (
        tuple((level.key, level.label) for level in data.levels),
        tuple(theme.key for theme in data.themes),
        tuple((r.code, r.theme, r.level, r.recommendation) for r in data.requirements),
    )


@transaction.atomic
def import_catalogue(*, data: CatalogueData, actor: Actor, make_current: bool = True) -> CatalogueImport:
    """Store a catalogue version; an existing version with the same requirements gets the texts of the
    import (official text, guidance, criteria) where it lacks or differs from them; its own titles
    stay."""
    data.validate()
    existing = Catalogue.objects.filter(standard=data.standard, standard_version=data.version).first()
    if existing is not None:
        stored = catalogue_data_for([existing.pk])[existing.pk]
        if _structure(stored) != _structure(data):
            raise ValidationError(
                _(
                    "%(name)s %(version)s already exists with other requirements, levels or themes. "
                    "Import the new catalogue under another version."
                )
                % {"name": existing.name, "version": data.version}
            )
        incoming = {r.code: r for r in data.requirements}
        changed = []
        for requirement in existing.requirements.all():
            new = incoming[requirement.code]
            updates = {
                name: value
                for name, value in (
                    ("text", new.text),
                    ("guidance", new.guidance),
                    ("criterion", new.criterion),
                )
                if value and value != getattr(requirement, name)
            }
            if updates:
                for name, value in updates.items():
                    setattr(requirement, name, value)
                changed.append(requirement)
        if changed:
            _bump(changed)
            bulk_update_with_history(
                changed,
                Requirement,
                ["text", "guidance", "criterion", "version"],
                default_user=_user(actor),
            )
        changes: dict[str, Any] = {}
        if data.report_template_version and not existing.report_template_version:
            changes["report_template_version"] = data.report_template_version
        if changes:
            services.update(existing, actor=actor, expected_version=existing.version, changes=changes)
        if make_current and not existing.is_current:
            set_current_catalogue(catalogue=existing, actor=actor)
        return CatalogueImport(existing, False, len(changed))
    catalogue = services.create(
        Catalogue,
        actor=actor,
        fields={
            "standard": data.standard,
            "name": data.name,
            "standard_version": data.version,
            "released": data.released,
            "report_template_version": data.report_template_version,
            "description": data.description,
            "levels": [{"key": level.key, "label": level.label} for level in data.levels],
            "source": data.source[:300],
        },
        reason="imported",
    )
    themes = bulk_create_with_history(
        [Theme(catalogue=catalogue, key=t.key, name=t.name, order=i) for i, t in enumerate(data.themes)],
        Theme,
        default_user=_user(actor),
    )
    theme_ids = {t.key: t.pk for t in Theme.objects.filter(catalogue=catalogue)} if themes else {}
    bulk_create_with_history(
        [
            Requirement(
                catalogue=catalogue,
                theme_id=theme_ids[r.theme],
                code=r.code,
                level=r.level,
                is_recommendation=r.recommendation,
                title=r.title[:200],
                text=r.text,
                guidance=r.guidance,
                criterion=r.criterion,
                order=i,
            )
            for i, r in enumerate(data.requirements)
        ],
        Requirement,
        default_user=_user(actor),
    )
    if make_current or not Catalogue.objects.filter(standard=data.standard, is_current=True).exists():
        set_current_catalogue(catalogue=catalogue, actor=actor)
    return CatalogueImport(catalogue, True, 0)


@transaction.atomic
def set_current_catalogue(*, catalogue: Catalogue, actor: Actor) -> Catalogue:
    """Make ``catalogue`` the version new self-evaluations and evaluations of its standard use."""
    for other in Catalogue.objects.filter(standard=catalogue.standard, is_current=True).exclude(
        pk=catalogue.pk
    ):
        services.update(other, actor=actor, expected_version=other.version, changes={"is_current": False})
    if not catalogue.is_current:
        catalogue.refresh_from_db(fields=["version"])
        services.update(
            catalogue, actor=actor, expected_version=catalogue.version, changes={"is_current": True}
        )
    return catalogue


def _shipped(name: str) -> CatalogueData:
    from importlib import resources

    return catalogue_from_json(
        resources.files("programkontor.evaluation").joinpath("data", name).read_bytes()
    )


def load_shipped_catalogue(*, actor: Actor = None) -> Catalogue:
    """OS2's current catalogue as shipped with Programkontor (installed by a migration; idempotent)."""
    data = _shipped(SHIPPED_CATALOGUE)
    existing = Catalogue.objects.filter(standard=data.standard, standard_version=data.version).first()
    if existing is not None:
        return existing
    make_current = not Catalogue.objects.filter(standard=data.standard, is_current=True).exists()
    return import_catalogue(data=data, actor=actor, make_current=make_current).catalogue


def load_previous_catalogue(*, actor: Actor = None) -> Catalogue:
    """The previous generation of OS2's governance model, shipped as an older version beside the
    current one (installed by a migration; idempotent; never made current)."""
    data = _shipped(PREVIOUS_CATALOGUE)
    existing = Catalogue.objects.filter(standard=data.standard, standard_version=data.version).first()
    if existing is not None:
        return existing
    load_shipped_catalogue(actor=actor)
    catalogue = import_catalogue(data=data, actor=actor, make_current=False).catalogue
    # An older version: dated before the current one (as migration 0004 installs it).
    Catalogue.objects.filter(pk=catalogue.pk).update(created_at=PREVIOUS_CREATED)
    catalogue.created_at = PREVIOUS_CREATED
    return catalogue


def _catalogue_or_current(catalogue: Catalogue | None) -> Catalogue:
    return catalogue or current_catalogue() or load_shipped_catalogue()


def catalogue_for_file(
    *, codes: Sequence[str], stated_version: str = "", chosen: Catalogue | None = None
) -> Catalogue:
    """The catalogue version to read a file with: the one chosen; else the version the file states,
    when it has the file's requirement ids; else the version of the current standard whose ids fit the
    file best (fewest ids it lacks, then most it has; the current version first on a tie). So a report
    of the previous governance model (R5, F8, F9 …) is read with that model."""
    if chosen is not None:
        return chosen
    current = _catalogue_or_current(None)
    if current.standard == PREVIOUS_STANDARD:
        load_previous_catalogue()
    versions = list(Catalogue.objects.filter(standard=current.standard).order_by("-is_current", "-pk"))
    data = catalogue_data_for(version.pk for version in versions)
    wanted = {code.upper() for code in codes}

    def fit(version: Catalogue) -> tuple[int, int]:
        known = set(data[version.pk].codes)
        return (len(wanted - known), -len(wanted & known))

    stated = next((v for v in versions if stated_version and v.standard_version == stated_version), None)
    if stated is not None and fit(stated)[0] == 0:
        return stated
    if not wanted or fit(current)[0] == 0:
        return current
    return min(versions, key=fit)
