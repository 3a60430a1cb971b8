"""``publiccode.yml``: the metadata standard for public-sector software. Checks the required fields.

Follows the standard's required keys (publiccode.yml 0.2 to 0.4): ``publiccodeYmlVersion``, ``name``,
``url``, ``platforms``, ``categories``, ``developmentStatus``, ``softwareType``, a ``description``
in at least one language with ``shortDescription``, ``longDescription`` and ``features``,
``legal.license``, ``maintenance.type`` (with ``contacts`` or ``contractors`` where the type needs
them) and ``localisation.localisationReady`` and ``availableLanguages``. ``legal.license`` must be an SPDX
licence expression of ids in the SPDX licence list (:func:`.licences.expression_ids`), as the
standard requires. Pure (PyYAML's safe loader).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from programkontor.evaluation.repository import licences
from programkontor.portfolio.publiccode import (
    DEVELOPMENT_STATUSES,
    MAINTENANCE_TYPES,
    SOFTWARE_TYPES,
)
from programkontor.portfolio.publiccode import SHORT_MAX as SHORT_DESCRIPTION_MAX


@dataclass
class Validation:
    problems: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def licence(self) -> str:
        legal = self.data.get("legal")
        return str(legal.get("license", "")) if isinstance(legal, dict) else ""


def _text(data: dict[str, Any], key: str) -> bool:
    value = data.get(key)
    return isinstance(value, str) and bool(value.strip())


def _list(data: dict[str, Any], key: str) -> bool:
    value = data.get(key)
    return isinstance(value, list) and bool(value)


def validate(text: str) -> Validation:
    """The problems of a publiccode.yml (empty when it has every required field)."""
    result = Validation()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        result.problems.append(f"not valid YAML ({str(exc).splitlines()[0]})")
        return result
    if not isinstance(data, dict):
        result.problems.append("not a YAML mapping")
        return result
    result.data = data
    problems = result.problems
    for key in ("publiccodeYmlVersion", "name", "url"):
        if not _text(data, key) and not isinstance(data.get(key), int | float):
            problems.append(key)
    for key in ("platforms", "categories"):
        if not _list(data, key):
            problems.append(key)
    if data.get("developmentStatus") not in DEVELOPMENT_STATUSES:
        problems.append("developmentStatus")
    if data.get("softwareType") not in SOFTWARE_TYPES:
        problems.append("softwareType")
    descriptions = data.get("description")
    complete = False
    if isinstance(descriptions, dict) and descriptions:
        for description in descriptions.values():
            if not isinstance(description, dict):
                continue
            short = description.get("shortDescription")
            if (
                isinstance(short, str)
                and short.strip()
                and len(short) <= SHORT_DESCRIPTION_MAX
                and _text(description, "longDescription")
                and _list(description, "features")
            ):
                complete = True
    if not complete:
        problems.append("description.<lang>.shortDescription/longDescription/features")
    legal = data.get("legal")
    if not (isinstance(legal, dict) and _text(legal, "license")):
        problems.append("legal.license")
    elif licences.expression_ids(str(legal["license"]).strip()) is None:
        problems.append(f"legal.license (not an SPDX expression: {str(legal['license']).strip()[:80]})")
    maintenance = data.get("maintenance")
    if not isinstance(maintenance, dict) or maintenance.get("type") not in MAINTENANCE_TYPES:
        problems.append("maintenance.type")
    elif maintenance["type"] in ("internal", "community") and not _list(maintenance, "contacts"):
        problems.append("maintenance.contacts")
    elif maintenance["type"] == "contract" and not _list(maintenance, "contractors"):
        problems.append("maintenance.contractors")
    localisation = data.get("localisation")
    if not isinstance(localisation, dict) or not isinstance(localisation.get("localisationReady"), bool):
        problems.append("localisation.localisationReady")
    if not isinstance(localisation, dict) or not _list(localisation, "availableLanguages"):
        problems.append("localisation.availableLanguages")
    return result
