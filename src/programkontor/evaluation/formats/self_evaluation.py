"""Self-evaluations: OS2's self-evaluation form's JSON both ways, and reading either format.

The form (``selvevaluering-formular``, OS2's authoritative definition) saves::

    {"productName": "...", "filledBy": "...", "filledDate": "yyyy-mm-dd" | "",
     "generatedAt": "2026-05-01T20:26:06.858Z",
     "krav": [{"id": "R1", "kategori": "relevans" | "formkrav" | "strategisk" | "governance",
               "krav": "...", "produktniveau": "sandkasse" | "1" | "2" | "3",
               "retningslinjer": "...", "efterlevet": "Ja" | "Nej" | "Ikke relevant" | "Ved ikke" | null,
               "dokumentation": "..."}]}

and loads a file back by ``krav[].id``, ``efterlevet`` (the value of its select: one of the four words,
else unanswered), ``dokumentation``, ``productName``, ``filledBy`` and ``filledDate`` (the value of a
date input: ``yyyy-mm-dd``). :func:`form_json` writes exactly that, indented as the form's *Eksportér*
button does. The JSON is a machine format: a value the form cannot write is refused, not guessed.

The governance report (Markdown) is :mod:`.governance_report`.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from programkontor.core.markdown_reader import fold
from programkontor.core.textfile import DEFAULT_LIMITS, Limits
from programkontor.evaluation.formats.answers import ANSWER_TEXT, AnswerError, read_answer
from programkontor.evaluation.formats.catalogue import CatalogueData, is_json
from programkontor.evaluation.formats.catalogue_data import RequirementData
from programkontor.evaluation.formats.common import (
    FormatError,
    Problem,
    Unresolved,
    clean_value,
    decode,
    gettext_noop,
    load_json,
    problem,
    read_date,
)
from programkontor.evaluation.formats.requirements_table import report_missing

__all__ = [
    "ANSWER_TEXT",
    "FORM_KEYS",
    "AnswerError",
    "ParsedSelfEvaluation",
    "detect_format",
    "form_json",
    "form_level",
    "form_section",
    "form_text",
    "parse_form_json",
    "parse_self_evaluation",
    "read_answer",
]

#: The keys of a requirement in the form's JSON.
FORM_KEYS = ("id", "kategori", "krav", "produktniveau", "retningslinjer", "efterlevet", "dokumentation")


@dataclass
class ParsedSelfEvaluation:
    format: str  # "json" or "markdown"
    #: Which of OS2's layouts the file has: "form" (JSON), "generator" (the governance report),
    #: "older" (the report before the "Efterlevet?" column), "checklist" (the previous model's).
    layout: str = ""
    product_name: str = ""
    filled_by: str = ""
    filled_on: datetime.date | None = None
    generated_at: datetime.datetime | None = None
    git_url: str = ""
    #: The governance report version the file states (Markdown only).
    catalogue_version: str = ""
    answers: dict[str, str | None] = field(default_factory=dict)
    documentation: dict[str, str] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    #: Every cell that needed a person to map it, with the mapping given (or None: unresolved).
    cells: list[Unresolved] = field(default_factory=list)

    @property
    def unresolved(self) -> list[Unresolved]:
        return [cell for cell in self.cells if cell.resolution is None]


def detect_format(text: str) -> str:
    return "json" if is_json(text) else "markdown"


def parse_self_evaluation(
    data: bytes | str,
    catalogue: CatalogueData,
    *,
    limits: Limits = DEFAULT_LIMITS,
    resolutions: Mapping[str, str] | None = None,
) -> ParsedSelfEvaluation:
    """Read a self-evaluation in any of OS2's formats (detected from the content)."""
    from programkontor.evaluation.formats.governance_report import parse_governance_report

    text = decode(data, limits)
    if detect_format(text) == "json":
        return parse_form_json(text, catalogue, limits=limits)
    return parse_governance_report(text, catalogue, limits=limits, resolutions=resolutions)


# Reading the form's JSON


def _not_the_form() -> FormatError:
    return FormatError(
        [
            problem(
                gettext_noop(
                    'The JSON is not a self-evaluation from OS2\'s form: it needs a list "krav" '
                    "with an object per requirement."
                )
            )
        ]
    )


def form_codes(raw: Any) -> list[str]:
    """The requirement ids of a form's JSON (to choose the catalogue to read it with)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("krav"), list):
        return []
    return [
        item["id"].strip().upper()
        for item in raw["krav"]
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    ]


def _metadata(raw: dict[str, Any], result: ParsedSelfEvaluation, problems: list[Problem]) -> None:
    for key, attribute in (("productName", "product_name"), ("filledBy", "filled_by")):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(problem(gettext_noop('"%(key)s" must be a text.'), key=key))
        elif isinstance(value, str):
            setattr(result, attribute, clean_value(value))
    filled = raw.get("filledDate")
    if isinstance(filled, str) and filled.strip():
        result.filled_on = read_date(filled).date
        if result.filled_on is None:
            problems.append(
                problem(gettext_noop("\"filledDate\" is '%(value)s', not a date (dd-mm-yyyy)."), value=filled)
            )
    generated = raw.get("generatedAt")
    if isinstance(generated, str) and generated.strip():
        try:
            result.generated_at = datetime.datetime.fromisoformat(generated.strip().replace("Z", "+00:00"))
        except ValueError:
            result.warnings.append(
                problem(
                    gettext_noop("\"generatedAt\" is '%(value)s', not a time; it was ignored."),
                    value=generated,
                )
            )


def parse_form_json(
    data: bytes | str, catalogue: CatalogueData, *, limits: Limits = DEFAULT_LIMITS
) -> ParsedSelfEvaluation:
    raw = load_json(decode(data, limits), limits, "krav")
    if not isinstance(raw, dict) or not isinstance(raw.get("krav"), list):
        raise _not_the_form()
    problems: list[Problem] = []
    result = ParsedSelfEvaluation(format="json", layout="form")
    _metadata(raw, result, problems)
    seen: dict[str, int] = {}
    for index, item in enumerate(raw["krav"], start=1):
        code = _item(f"krav[{index - 1}]", item, catalogue, seen, problems)
        if code is None:
            continue
        seen[code] = index
        try:
            result.answers[code] = read_answer(item.get("efterlevet"))
        except AnswerError:
            problems.append(
                problem(
                    gettext_noop(
                        "%(where)s: \"efterlevet\" is '%(value)s'; use Ja, Nej, Ikke relevant, Ved ikke "
                        "or null."
                    ),
                    where=f"krav[{index - 1}]",
                    value=item.get("efterlevet"),
                )
            )
            continue
        documentation = item.get("dokumentation")
        if documentation is not None and not isinstance(documentation, str):
            problems.append(
                problem(
                    gettext_noop('%(where)s: "dokumentation" must be a text.'), where=f"krav[{index - 1}]"
                )
            )
            continue
        result.documentation[code] = clean_value(documentation or "")
    report_missing(catalogue, set(seen), problems)
    if problems:
        raise FormatError(problems)
    return result


def _item(
    where: str, item: object, catalogue: CatalogueData, seen: dict[str, int], problems: list[Problem]
) -> str | None:
    """The requirement id of one ``krav`` entry, checked against the catalogue (None: a problem)."""
    if not isinstance(item, dict):
        problems.append(problem(gettext_noop("%(where)s is not an object."), where=where))
        return None
    missing = [key for key in ("id", "efterlevet") if key not in item]
    if missing:
        problems.append(
            problem(
                gettext_noop("%(where)s lacks %(keys)s."),
                where=where,
                keys=", ".join(f'"{key}"' for key in missing),
            )
        )
        return None
    raw_code = item.get("id")
    if not isinstance(raw_code, str) or not raw_code.strip():
        problems.append(problem(gettext_noop("%(where)s has no requirement id."), where=where))
        return None
    catalogue_name = f"{catalogue.name} {catalogue.version}"
    requirement = catalogue.requirement(raw_code)
    if requirement is None:
        problems.append(
            problem(
                gettext_noop("%(where)s: %(code)s is not a requirement of %(catalogue)s."),
                where=where,
                code=raw_code.strip(),
                catalogue=catalogue_name,
            )
        )
        return None
    code = requirement.code
    if code in seen:
        problems.append(
            problem(
                gettext_noop("%(where)s: the requirement %(code)s appears twice (also krav[%(other)d])."),
                where=where,
                code=code,
                other=seen[code] - 1,
            )
        )
        return None
    level_value = item.get("produktniveau")
    if level_value not in (None, ""):
        level = catalogue.level_for(str(level_value))
        if level is None:
            problems.append(
                problem(
                    gettext_noop("%(where)s: '%(level)s' is not a level (%(levels)s)."),
                    where=where,
                    level=level_value,
                    levels=", ".join(lv.label for lv in catalogue.levels),
                )
            )
        elif level != requirement.level:
            problems.append(
                problem(
                    gettext_noop(
                        "%(where)s: %(code)s has the level %(found)s, but %(expected)s in %(catalogue)s."
                    ),
                    where=where,
                    code=code,
                    found=catalogue.level_label(level),
                    expected=catalogue.level_label(requirement.level),
                    catalogue=catalogue_name,
                )
            )
    category = item.get("kategori")
    if isinstance(category, str) and category.strip() and fold(category) != "ukendt":
        theme = catalogue.theme_for(category)
        if theme is None:
            problems.append(
                problem(
                    gettext_noop("%(where)s: '%(category)s' is not a theme of %(catalogue)s (%(themes)s)."),
                    where=where,
                    category=category,
                    catalogue=catalogue_name,
                    themes=", ".join(t.name for t in catalogue.themes),
                )
            )
            return None
        if theme != requirement.theme:
            problems.append(
                problem(
                    gettext_noop(
                        "%(where)s: %(code)s is in '%(category)s', but belongs to the theme %(theme)s."
                    ),
                    where=where,
                    code=code,
                    category=category,
                    theme=catalogue.theme_name(requirement.theme),
                )
            )
    return code


# Writing the form's JSON


def form_section(catalogue: CatalogueData, theme: str) -> str:
    """A theme as the form names its section (``relevans``, ``formkrav``, ``strategisk``,
    ``governance``): the first word of its name, unless another theme's name starts with it too."""
    words = {t.key: (fold(t.name).split() or [t.key])[0] for t in catalogue.themes}
    first = words.get(theme, theme)
    return first if list(words.values()).count(first) == 1 else theme


def form_level(catalogue: CatalogueData, level: str) -> str:
    """A level as the form and the governance report write it: ``sandkasse``, ``1``, ``2`` …"""
    label = catalogue.level_label(level)
    lowered = label.lower()
    for prefix in ("niveau ", "level "):
        if lowered.startswith(prefix):
            return label[len(prefix) :]
    return lowered


#: What OS2's form and generators write after the text of a requirement that is a recommendation.
RECOMMENDATION_MARK = "(anbefaling)"


def form_text(requirement: RequirementData) -> str:
    """A requirement's text as OS2's form and generators write it: the official text (else the title),
    with ``(anbefaling)`` after a recommendation's (the catalogue keeps that as a flag)."""
    text = requirement.text or requirement.title
    if requirement.recommendation and RECOMMENDATION_MARK not in text.casefold():
        return f"{text} {RECOMMENDATION_MARK}"
    return text


def _iso_time(moment: datetime.datetime) -> str:
    """JavaScript's ``Date.toISOString()``: UTC, milliseconds, ``Z``."""
    utc = moment.astimezone(datetime.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def form_json(
    catalogue: CatalogueData,
    *,
    product_name: str,
    filled_by: str,
    filled_on: datetime.date | None,
    generated_at: datetime.datetime,
    answers: Mapping[str, str | None],
    documentation: Mapping[str, str],
) -> str:
    """The self-evaluation exactly as OS2's form exports it (``JSON.stringify(data, null, 2)``)."""
    payload: dict[str, Any] = {
        "productName": product_name,
        "filledBy": filled_by,
        "filledDate": filled_on.isoformat() if filled_on else "",
        "generatedAt": _iso_time(generated_at),
        "krav": [
            {
                "id": r.code,
                "kategori": form_section(catalogue, r.theme),
                "krav": form_text(r),
                "produktniveau": form_level(catalogue, r.level),
                "retningslinjer": r.guidance,
                "efterlevet": ANSWER_TEXT.get(answers.get(r.code) or "", None),
                "dokumentation": documentation.get(r.code, ""),
            }
            for r in catalogue.requirements
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)
