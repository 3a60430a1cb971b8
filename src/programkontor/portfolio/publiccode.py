"""A product's ``publiccode.yml`` (standard version 0.4, https://yml.publiccode.tools) from plain data.

Pure functions, no Django: :func:`build` turns what the product's page may show into the
standard's structure, :func:`to_yaml` writes it, :func:`problems` checks a document against the
standard's required keys and types. Only what the data holds is written: a required key the
product has no data for (say ``categories`` or ``features`` not filled in yet) is left out and named
by :func:`problems`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias, TypeGuard

import yaml

VERSION = "0.4"
PLATFORMS = ("web", "windows", "mac", "linux", "ios", "android")
DEVELOPMENT_STATUSES = ("concept", "development", "beta", "stable", "obsolete")
SOFTWARE_TYPES = (
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
)
MAINTENANCE_TYPES = ("internal", "contract", "community", "none")
#: The standard's controlled list of software categories (``categories``), from ``data/``.
CATEGORIES = tuple(
    line.strip()
    for line in (Path(__file__).parent / "data" / "publiccode_categories.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
SHORT_MAX, LONG_MIN, LONG_MAX = 150, 150, 10_000

#: A YAML document as PyYAML reads it.
Document: TypeAlias = dict[str, object]


@dataclass(frozen=True)
class Contact:
    name: str
    email: str = ""
    phone: str = ""
    affiliation: str = ""


@dataclass(frozen=True)
class ProductData:
    """What the export reads of a product: only fields its reader may see."""

    name: str
    kind: str
    stage: str
    licence: str
    summary: str = ""
    description: str = ""
    website: str = ""
    repository_urls: Sequence[str] = ()
    contacts: Sequence[Contact] = ()
    used_by: Sequence[str] = ()
    categories: Sequence[str] = ()
    #: What the software does, in Danish, a short line each (``description/da/features``).
    features: Sequence[str] = ()
    #: Texts in other languages than Danish, by BCP 47 tag: (summary, description).
    translations: Mapping[str, tuple[str, str]] = field(default_factory=dict)


def development_status(stage: str, kind: str) -> str:
    """The standard's status of a product's stage: a paused product keeps its released software."""
    if stage == "paused":
        return "stable" if kind == "product" else "development"
    return {"idea": "concept", "sandbox": "development", "product": "stable", "closed": "obsolete"}[stage]


def _language(summary: str, description: str, features: Sequence[str] = ()) -> dict[str, object]:
    text: dict[str, object] = {}
    if summary:
        text["shortDescription"] = summary
    if description:
        text["longDescription"] = description
    if features:
        text["features"] = list(features)
    return text


def _contact(contact: Contact) -> dict[str, str]:
    entry = {"name": contact.name}
    for key in ("email", "phone", "affiliation"):
        if getattr(contact, key):
            entry[key] = getattr(contact, key)
    return entry


def build(data: ProductData) -> Document:
    """The publiccode.yml structure of a product, with keys in the standard's order."""
    doc: Document = {"publiccodeYmlVersion": VERSION, "name": data.name}
    if data.repository_urls:
        doc["url"] = data.repository_urls[0]
    if data.website:
        doc["landingURL"] = data.website
    doc["platforms"] = ["web"]
    if data.categories:
        doc["categories"] = list(data.categories)
    if data.used_by:
        doc["usedBy"] = sorted(data.used_by)
    doc["developmentStatus"] = development_status(data.stage, data.kind)
    doc["softwareType"] = "standalone/web"
    description = {"da": _language(data.summary, data.description, data.features)}
    for tag, (summary, text) in sorted(data.translations.items()):
        if summary or text:
            description[tag] = _language(summary, text)
    doc["description"] = description
    if data.licence:
        doc["legal"] = {"license": data.licence}
    maintenance: dict[str, object] = {"type": "none" if data.stage == "closed" else "community"}
    if data.contacts and data.stage != "closed":
        maintenance["contacts"] = [_contact(c) for c in data.contacts]
    doc["maintenance"] = maintenance
    languages = ["da", *sorted(tag for tag in data.translations if tag != "da")]
    doc["localisation"] = {"localisationReady": len(languages) > 1, "availableLanguages": languages}
    return doc


def to_yaml(doc: Document, comments: Sequence[str] = ()) -> str:
    """The document as YAML in the keys' given order (stable for unchanged data), after
    ``comments`` as YAML comment lines."""
    head = "".join(f"# {line}\n" for text in comments for line in text.splitlines())
    return head + yaml.safe_dump(
        doc, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )


def missing_keys(found: Sequence[str]) -> list[str]:
    """The keys :func:`problems` names, once each, in its order."""
    return list(dict.fromkeys(problem.split(":", 1)[0] for problem in found))


#: The product's fields an imported file may fill, in the preview's order.
PUBLICCODE_FIELDS = (
    "name", "summary", "description", "licence", "website", "repository_urls", "categories", "features"
)  # fmt: skip

#: The versions whose keys :func:`imported_fields` reads the same way.
READABLE_VERSIONS = ("0.2", "0.3", "0.4")


class PubliccodeError(ValueError):
    """A file that cannot be read: ``kind`` is ``yaml`` (with the ``line``), ``mapping`` or
    ``version`` (with the version found as ``detail``)."""

    def __init__(self, kind: str, *, line: int | None = None, detail: str = "") -> None:
        self.kind, self.line, self.detail = kind, line, detail
        super().__init__(f"{kind} {line or ''} {detail}".strip())


def parse(text: str) -> Document:
    """A publiccode.yml's document, if it is YAML, a mapping and of a version we read."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PubliccodeError("yaml", line=mark.line + 1 if mark is not None else None) from exc
    if not isinstance(doc, dict):
        raise PubliccodeError("mapping")
    version = doc.get("publiccodeYmlVersion")
    if str(version) not in READABLE_VERSIONS:
        raise PubliccodeError("version", detail="" if version is None else str(version))
    return doc


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def imported_fields(doc: Mapping[str, object], repositories: Sequence[str]) -> dict[str, object]:
    """The product fields a publiccode.yml gives a value for (Danish texts only: the product's
    texts are Danish); its ``url`` is put first among the product's ``repositories``."""
    fields: dict[str, object] = {}
    description = doc.get("description")
    danish = description.get("da") if isinstance(description, dict) else None
    legal = doc.get("legal")
    found = {
        "name": _text(doc.get("name")),
        "summary": _text(danish.get("shortDescription")) if isinstance(danish, dict) else None,
        "description": _text(danish.get("longDescription")) if isinstance(danish, dict) else None,
        "licence": _text(legal.get("license")) if isinstance(legal, dict) else None,
        "website": _text(doc.get("landingURL")),
    }
    fields.update({name: value for name, value in found.items() if value is not None})
    categories = doc.get("categories")
    if isinstance(categories, list) and (known := [c for c in categories if c in CATEGORIES]):
        fields["categories"] = known
    features = danish.get("features") if isinstance(danish, dict) else None
    if isinstance(features, list) and (lines := [t for f in features if (t := _text(f)) is not None]):
        fields["features"] = lines
    url = _text(doc.get("url"))
    if url is not None:
        fields["repository_urls"] = [url, *(r for r in repositories if r != url)]
    return fields


def _is_str_list(value: object) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def _language_problems(tag: str, text: object) -> list[str]:
    where = f"description/{tag}"
    if not _LANGUAGE_TAG.match(tag):
        return [f"{where}: not a BCP 47 language tag"]
    if not isinstance(text, dict):
        return [f"{where}: must be a mapping"]
    found: list[str] = []
    short = text.get("shortDescription")
    if not isinstance(short, str) or not short:
        found.append(f"{where}/shortDescription: required")
    elif len(short) > SHORT_MAX:
        found.append(f"{where}/shortDescription: longer than {SHORT_MAX} characters")
    long = text.get("longDescription")
    if long is not None and (not isinstance(long, str) or not LONG_MIN <= len(long) <= LONG_MAX):
        found.append(f"{where}/longDescription: must be {LONG_MIN}-{LONG_MAX} characters")
    if "features" in text and not _is_str_list(text["features"]):
        found.append(f"{where}/features: must be a list of strings")
    return found


def _description_problems(description: object) -> list[str]:
    if not isinstance(description, dict) or not description:
        return ["description: required, at least one language"]
    found = [p for tag, text in description.items() for p in _language_problems(str(tag), text)]
    texts = [t for t in description.values() if isinstance(t, dict)]
    if not any("longDescription" in t for t in texts):
        found.append("description/[lang]/longDescription: required for at least one language")
    if not any("features" in t for t in texts):
        found.append("description/[lang]/features: required for at least one language")
    return found


def _maintenance_problems(maintenance: object) -> list[str]:
    if not isinstance(maintenance, dict) or maintenance.get("type") not in MAINTENANCE_TYPES:
        return [f"maintenance/type: required, one of {', '.join(MAINTENANCE_TYPES)}"]
    kind, contacts = maintenance["type"], maintenance.get("contacts")
    if contacts is not None and not (
        isinstance(contacts, list)
        and all(isinstance(c, dict) and isinstance(c.get("name"), str) and c["name"] for c in contacts)
    ):
        return ["maintenance/contacts: each contact needs a name"]
    if kind in ("internal", "community") and not contacts:
        return [f"maintenance/contacts: required when the type is {kind}"]
    if kind == "contract" and not maintenance.get("contractors"):
        return ["maintenance/contractors: required when the type is contract"]
    return []


def problems(doc: Mapping[str, object]) -> list[str]:
    """Where a document breaks the 0.4 standard's required keys and types, as ``key: problem``."""
    found: list[str] = []
    if str(doc.get("publiccodeYmlVersion")) != VERSION or not isinstance(
        doc.get("publiccodeYmlVersion"), str
    ):
        found.append(f'publiccodeYmlVersion: must be the string "{VERSION}"')
    for key in ("name", "url"):
        if not isinstance(doc.get(key), str) or not doc[key]:
            found.append(f"{key}: required")
    if isinstance(doc.get("url"), str) and not str(doc["url"]).startswith(("http://", "https://")):
        found.append("url: must be an http(s) address")
    platforms = doc.get("platforms")
    if not (isinstance(platforms, str) and platforms) and not (_is_str_list(platforms) and platforms):
        found.append("platforms: required")
    categories = doc.get("categories")
    if not (_is_str_list(categories) and categories):
        found.append("categories: required, a list of words from the standard's list")
    elif unknown := [c for c in categories if c not in CATEGORIES]:
        found.append(f"categories: not in the standard's list: {', '.join(unknown)}")
    if doc.get("developmentStatus") not in DEVELOPMENT_STATUSES:
        found.append(f"developmentStatus: required, one of {', '.join(DEVELOPMENT_STATUSES)}")
    if doc.get("softwareType") not in SOFTWARE_TYPES:
        found.append("softwareType: required, one of the standard's types")
    found += _description_problems(doc.get("description"))
    legal = doc.get("legal")
    if not (isinstance(legal, dict) and isinstance(legal.get("license"), str) and legal["license"]):
        found.append("legal/license: required, an SPDX expression")
    found += _maintenance_problems(doc.get("maintenance"))
    localisation = doc.get("localisation")
    if not isinstance(localisation, dict) or not isinstance(localisation.get("localisationReady"), bool):
        found.append("localisation/localisationReady: required, true or false")
    elif not (_is_str_list(localisation.get("availableLanguages")) and localisation["availableLanguages"]):
        found.append("localisation/availableLanguages: required, at least one language")
    return found
