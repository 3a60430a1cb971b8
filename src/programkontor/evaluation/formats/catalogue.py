"""Requirement catalogues read from OS2's template Markdown or from JSON (the data: :mod:`.catalogue_data`,
whose names this module offers too).

Two Markdown templates describe OS2's requirements: the governance report (the self-evaluation
checklist: ``#``, ``Krav``, ``Produktniveau``, ``Retningslinjer``) and the evaluation report
(``#``, ``Niveau``, ``Krav``, ``Vurderingskriterie``, ``Vurdering``, ``Vurderingsgrundlag``).
Each ``## THEME`` heading starts a theme; ``(anbefaling)`` in a requirement's text marks it as a
recommendation. Both can be read alone or together (:func:`catalogue_from_templates`): the
governance report gives the requirement texts and guidance, the evaluation report the titles (its
``Krav``, as OS2's evaluation report writes them) and the assessment criteria.

The JSON form (``programkontor-catalogue/1``) is what Programkontor ships OS2's catalogue in, and
the way to load another standard: any number of levels, themes and requirements.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from programkontor.core.markdown_reader import MarkdownDocument, Table, cell_text, plain, undecorated
from programkontor.core.textfile import DEFAULT_LIMITS, Limits
from programkontor.evaluation.formats.catalogue_data import (
    DEFAULT_LEVELS,
    RECOMMENDATION,
    CatalogueData,
    Level,
    RequirementData,
    ThemeData,
    is_json,
    short_title,
    slug,
    theme_display_name,
)
from programkontor.evaluation.formats.common import (
    FormatError,
    Problem,
    clean_value,
    decode,
    gettext_noop,
    load_json,
    problem,
    read_document,
    repeated_requirement,
)

__all__ = [
    "DEFAULT_LEVELS",
    "JSON_FORMAT",
    "CatalogueData",
    "Level",
    "ParsedTemplate",
    "RequirementData",
    "ThemeData",
    "catalogue_from_json",
    "catalogue_from_templates",
    "catalogue_to_json",
    "is_json",
    "parse_template",
    "short_title",
    "slug",
    "template_version",
    "theme_display_name",
]

JSON_FORMAT = "programkontor-catalogue/1"
_VERSION = re.compile(r"\d+(?:\.\d+){1,3}")


# Markdown templates

_TEMPLATE_VERSION = re.compile(r"version[\s:*]*(\d+(?:\.\d+){1,3})", re.IGNORECASE)
_RELEASE = re.compile(r"sidste release\s*:\s*(.+)", re.IGNORECASE)


@dataclass(frozen=True)
class TemplateKind:
    key: str  # "governance" or "assessment"
    text_column: tuple[str, ...]
    level_column: tuple[str, ...]


GOVERNANCE = TemplateKind("governance", ("krav",), ("produktniveau",))
ASSESSMENT = TemplateKind("assessment", ("krav",), ("niveau", "produktniveau"))


def _kind_of(table: Table) -> TemplateKind | None:
    header = set(table.keys)
    if "#" not in header and "id" not in header:
        return None
    if "vurderingskriterie" in header or "vurdering" in header:
        return ASSESSMENT
    if "retningslinjer" in header or "produktniveau" in header:
        return GOVERNANCE
    return None


def template_version(document: MarkdownDocument) -> str:
    """The version a template states (``Version: 1.1.0`` in its note, or its document information)."""
    for found in document.fields():
        if found.key.startswith("version"):
            match = _VERSION.search(found.value)
            if match and not found.value.strip().startswith("["):
                return match.group(0)
    for line in document.lines[:80]:
        match = _TEMPLATE_VERSION.search(line)
        if match:
            return match.group(1)
    return ""


def _release(document: MarkdownDocument) -> str:
    for line in document.lines[:80]:
        match = _RELEASE.search(line.lstrip("> "))
        if match:
            return match.group(1).strip()
    return ""


@dataclass
class ParsedTemplate:
    kind: str
    version: str
    released: str
    themes: list[ThemeData]
    requirements: list[RequirementData]
    problems: list[Problem] = field(default_factory=list)


def parse_template(
    data: bytes | str, *, levels: Sequence[Level] | None = None, limits: Limits = DEFAULT_LIMITS
) -> ParsedTemplate:
    """Read one of OS2's template Markdown files (governance report or evaluation report)."""
    document = read_document(decode(data, limits))
    level_list = tuple(levels) if levels else tuple(Level(k, label) for k, label in DEFAULT_LEVELS)
    probe = CatalogueData("probe", "probe", "0", level_list, (), ())
    problems: list[Problem] = []
    tables: list[tuple[Table, TemplateKind]] = []
    for table in document.tables:
        found = _kind_of(table)
        if found is not None:
            tables.append((table, found))
    if not tables:
        raise FormatError(
            [
                problem(
                    gettext_noop(
                        "The file has no requirement tables: expected tables with the columns '#', 'Krav' "
                        "and 'Produktniveau' (governance report) or 'Niveau' (evaluation report)."
                    )
                )
            ]
        )
    kinds = {kind.key for _table, kind in tables}
    if len(kinds) > 1:
        raise FormatError(
            [problem(gettext_noop("The file mixes governance-report and evaluation-report tables."))]
        )
    kind = tables[0][1]
    themes: list[ThemeData] = []
    requirements: list[RequirementData] = []
    seen: dict[str, int] = {}
    for table, _kind in tables:
        heading = table.title.text.strip() if table.title is not None else ""
        if not heading:
            problems.append(problem(gettext_noop("The table has no theme heading above it."), table.line))
            continue
        name = theme_display_name(undecorated(heading).strip())
        key = slug(name)
        if key not in {theme.key for theme in themes}:
            themes.append(ThemeData(key, name))
        id_column = table.column("#", "id")
        text_column = table.column(*kind.text_column)
        level_column = table.column(*kind.level_column)
        guidance_column = table.column("retningslinjer")
        criterion_column = table.column("vurderingskriterie", "vurderingskriterium")
        for name_, column in (("Krav", text_column), ("Niveau", level_column)):
            if column is None:
                problems.append(
                    problem(
                        gettext_noop("The table lacks the column '%(column)s'."), table.line, column=name_
                    )
                )
        if text_column is None or level_column is None or id_column is None:
            continue
        for row in table.rows:
            code = clean_value(plain(row.cell(id_column))).upper()
            if not code:
                problems.append(problem(gettext_noop("A row has no requirement id."), row.line))
                continue
            if repeated := repeated_requirement(seen, code, row.line):
                problems.append(repeated)
                continue
            level_text = cell_text(row.cell(level_column))
            level = probe.level_for(level_text)
            if level is None:
                problems.append(
                    problem(
                        gettext_noop("%(code)s: '%(level)s' is not a level (%(levels)s)."),
                        row.line,
                        code=code,
                        level=level_text,
                        levels=", ".join(lv.label for lv in level_list),
                    )
                )
                continue
            text = cell_text(row.cell(text_column))
            criterion = cell_text(row.cell(criterion_column)) if criterion_column is not None else ""
            requirements.append(
                RequirementData(
                    code=code,
                    theme=key,
                    level=level,
                    title=text if kind is ASSESSMENT else short_title(text),
                    recommendation=bool(RECOMMENDATION.search(text)),
                    text=" ".join(RECOMMENDATION.sub("", text).split()) if kind is GOVERNANCE else "",
                    guidance=cell_text(row.cell(guidance_column)) if guidance_column is not None else "",
                    criterion=re.sub(r"^\s*standard\s*:\s*", "", criterion, flags=re.IGNORECASE),
                )
            )
    if problems:
        raise FormatError(problems)
    return ParsedTemplate(kind.key, template_version(document), _release(document), themes, requirements)


def catalogue_from_templates(
    templates: Sequence[ParsedTemplate],
    *,
    standard: str,
    name: str,
    version: str = "",
    levels: Sequence[Level] | None = None,
    source: str = "",
) -> CatalogueData:
    """One catalogue from a governance report template and/or an evaluation report template.

    With both, they must agree on the requirements, their levels and themes; the governance report
    gives the texts and guidance (and the catalogue version), the evaluation report the criteria.
    """
    governance = [t for t in templates if t.kind == GOVERNANCE.key]
    assessment = [t for t in templates if t.kind == ASSESSMENT.key]
    if len(governance) > 1 or len(assessment) > 1:
        raise FormatError(
            [problem(gettext_noop("Give at most one governance report and one evaluation report."))]
        )
    base = governance[0] if governance else assessment[0]
    requirements = list(base.requirements)
    problems: list[Problem] = []
    report_version = assessment[0].version if assessment else ""
    if governance and assessment:
        other = {r.code: r for r in assessment[0].requirements}
        mine = {r.code for r in requirements}
        for code in sorted(set(other) - mine):
            problems.append(
                problem(
                    gettext_noop("%(code)s is in the evaluation report but not in the governance report."),
                    code=code,
                )
            )
        for code in sorted(mine - set(other)):
            problems.append(
                problem(
                    gettext_noop("%(code)s is in the governance report but not in the evaluation report."),
                    code=code,
                )
            )
        merged = []
        for requirement in requirements:
            match = other.get(requirement.code)
            if match is None:
                merged.append(requirement)
                continue
            if match.level != requirement.level:
                problems.append(
                    problem(
                        gettext_noop(
                            "%(code)s has level %(one)s in the governance report but %(other)s in the "
                            "evaluation report."
                        ),
                        code=requirement.code,
                        one=requirement.level,
                        other=match.level,
                    )
                )
            if match.theme != requirement.theme:
                problems.append(
                    problem(
                        gettext_noop(
                            "%(code)s is under %(one)s in the governance report but %(other)s in the "
                            "evaluation report."
                        ),
                        code=requirement.code,
                        one=requirement.theme,
                        other=match.theme,
                    )
                )
            merged.append(
                replace(
                    requirement,
                    title=match.title or requirement.title,
                    criterion=match.criterion,
                    recommendation=requirement.recommendation or match.recommendation,
                )
            )
        requirements = merged
    if problems:
        raise FormatError(problems)
    level_list = tuple(levels) if levels else tuple(Level(k, label) for k, label in DEFAULT_LEVELS)
    used_levels = {r.level for r in requirements}
    catalogue = CatalogueData(
        standard=standard,
        name=name,
        version=version or base.version,
        levels=tuple(level for level in level_list if level.key in used_levels) or level_list,
        themes=tuple(base.themes),
        requirements=tuple(requirements),
        released=base.released,
        report_template_version=report_version,
        source=source,
    )
    if not catalogue.version:
        raise FormatError(
            [problem(gettext_noop("The template states no version; give one with --catalogue-version."))]
        )
    catalogue.validate()
    return catalogue


# JSON


def _str(value: Any, where: str, problems: list[Problem], *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or (required and not value.strip()):
        problems.append(problem(gettext_noop("%(where)s must be a text."), where=where))
        return ""
    return value.strip()


def _entries(raw: dict[str, Any], key: str, problems: list[Problem]) -> list[Any]:
    """The list ``raw[key]`` (empty when missing); anything else is a problem."""
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(problem(gettext_noop('"%(key)s" must be a list.'), key=key))
        return []
    return value


#: What is said of an entry of each list that is not an object.
_NOT_AN_OBJECT = {
    "levels": gettext_noop("levels[%(index)d] must be an object."),
    "themes": gettext_noop("themes[%(index)d] must be an object."),
    "requirements": gettext_noop("requirements[%(index)d] must be an object."),
}


def _objects(raw: dict[str, Any], key: str, problems: list[Problem]) -> Iterator[tuple[int, dict[str, Any]]]:
    """The entries of the list ``raw[key]`` that are objects, with their index; any other entry is a
    problem."""
    for index, entry in enumerate(_entries(raw, key, problems)):
        if isinstance(entry, dict):
            yield index, entry
        else:
            problems.append(problem(_NOT_AN_OBJECT[key], index=index))


def catalogue_from_json(data: bytes | str, *, limits: Limits = DEFAULT_LIMITS) -> CatalogueData:
    """Read a catalogue in Programkontor's JSON form; FormatError naming every problem."""
    raw = load_json(decode(data, limits), limits, "levels", "themes", "requirements")
    if not isinstance(raw, dict) or raw.get("format") != JSON_FORMAT:
        raise FormatError(
            [
                problem(
                    gettext_noop('The JSON is not a requirement catalogue ("format" must be "%(format)s").'),
                    format=JSON_FORMAT,
                )
            ]
        )
    problems: list[Problem] = []
    levels = [
        Level(
            _str(level.get("key"), f"levels[{index}].key", problems),
            _str(level.get("label"), f"levels[{index}].label", problems),
        )
        for index, level in _objects(raw, "levels", problems)
    ]
    themes = [
        ThemeData(
            _str(theme.get("key"), f"themes[{index}].key", problems),
            _str(theme.get("name"), f"themes[{index}].name", problems),
        )
        for index, theme in _objects(raw, "themes", problems)
    ]
    requirements = []
    for index, item in _objects(raw, "requirements", problems):
        where = f"requirements[{index}]"
        recommendation = item.get("recommendation", False)
        if not isinstance(recommendation, bool):
            problems.append(
                problem(gettext_noop("%(where)s.recommendation must be true or false."), where=where)
            )
            recommendation = False
        requirements.append(
            RequirementData(
                code=_str(item.get("id"), f"{where}.id", problems).upper(),
                theme=_str(item.get("theme"), f"{where}.theme", problems),
                level=_str(item.get("level"), f"{where}.level", problems),
                title=_str(item.get("title"), f"{where}.title", problems),
                recommendation=recommendation,
                text=_str(item.get("text"), f"{where}.text", problems, required=False),
                guidance=_str(item.get("guidance"), f"{where}.guidance", problems, required=False),
                criterion=_str(item.get("criterion"), f"{where}.criterion", problems, required=False),
            )
        )
    catalogue = CatalogueData(
        standard=_str(raw.get("standard"), "standard", problems),
        name=_str(raw.get("name"), "name", problems),
        version=_str(raw.get("version"), "version", problems),
        levels=tuple(levels),
        themes=tuple(themes),
        requirements=tuple(requirements),
        released=_str(raw.get("released"), "released", problems, required=False),
        report_template_version=_str(
            raw.get("report_template_version"), "report_template_version", problems, required=False
        ),
        description=_str(raw.get("description"), "description", problems, required=False),
        source=_str(raw.get("source"), "source", problems, required=False),
    )
    if problems:
        raise FormatError(problems)
    catalogue.validate()
    return catalogue


def catalogue_to_json(catalogue: CatalogueData) -> str:
    payload = {
        "format": JSON_FORMAT,
        "standard": catalogue.standard,
        "name": catalogue.name,
        "version": catalogue.version,
        "released": catalogue.released,
        "report_template_version": catalogue.report_template_version,
        "description": catalogue.description,
        "source": catalogue.source,
        "levels": [{"key": level.key, "label": level.label} for level in catalogue.levels],
        "themes": [{"key": theme.key, "name": theme.name} for theme in catalogue.themes],
        "requirements": [
            {
                "id": r.code,
                "theme": r.theme,
                "level": r.level,
                "recommendation": r.recommendation,
                "title": r.title,
                "text": r.text,
                "guidance": r.guidance,
                "criterion": r.criterion,
            }
            for r in catalogue.requirements
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
