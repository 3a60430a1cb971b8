"""Self-evaluations: OS2's browser-form JSON and the governance-report Markdown, both ways.

The browser form saves::

    {"productName": "...", "filledBy": "...", "filledDate": "...", "generatedAt": "...",
     "krav": [{"id": "R1", "kategori": "...", "krav": "...", "produktniveau": "sandkasse",
               "retningslinjer": "...", "efterlevet": "Ja" | "Nej" | "Ikke relevant" | "Ved ikke" | null,
               "dokumentation": "..."}]}

The governance report is the checklist template filled in: per theme a table with the columns
``#``, ``Krav``, ``Produktniveau``, ``Retningslinjer``, ``Efterlevet?`` and ``Dokumentation``.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from programkontor.core.markdown_export import markdown_line, markdown_text, yaml_value
from programkontor.core.textfile import DEFAULT_LIMITS, Limits
from programkontor.evaluation import scoring
from programkontor.evaluation.formats.catalogue import CatalogueData, is_json, template_version
from programkontor.evaluation.formats.catalogue_data import inert
from programkontor.evaluation.formats.common import (
    FormatError,
    Problem,
    clean_value,
    decode,
    escape_cell,
    gettext_noop,
    load_json,
    normalise,
    parse_date,
    parse_markdown,
    problem,
)
from programkontor.evaluation.formats.requirements_table import (
    Column,
    FoundRow,
    read_rows,
    report_missing,
    requirement_tables,
)

#: The answers as OS2's form and report write them.
ANSWER_TEXT: Mapping[str, str] = {
    scoring.YES: "Ja",
    scoring.NO: "Nej",
    scoring.NOT_RELEVANT: "Ikke relevant",
    scoring.UNKNOWN: "Ved ikke",
}
_ANSWER_WORDS: Mapping[str, str] = {
    "ja": scoring.YES,
    "yes": scoring.YES,
    "nej": scoring.NO,
    "no": scoring.NO,
    "ikke relevant": scoring.NOT_RELEVANT,
    "ikke-relevant": scoring.NOT_RELEVANT,
    "not relevant": scoring.NOT_RELEVANT,
    "not_relevant": scoring.NOT_RELEVANT,
    "ved ikke": scoring.UNKNOWN,
    "unknown": scoring.UNKNOWN,
}
NOT_FILLED = "[Ikke udfyldt]"
#: The keys of a requirement in the form's JSON.
FORM_KEYS = ("id", "kategori", "krav", "produktniveau", "retningslinjer", "efterlevet", "dokumentation")


@dataclass
class ParsedSelfEvaluation:
    format: str  # "json" or "markdown"
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


class AnswerError(ValueError):
    pass


def read_answer(value: object) -> str | None:
    """An answer as the form or report writes it → 'yes' | 'no' | 'not_relevant' | 'unknown' | None."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise AnswerError(str(value))
    text = clean_value(value)
    if not text:
        return None
    answer = _ANSWER_WORDS.get(normalise(text).rstrip("."))
    if answer is None:
        raise AnswerError(value)
    return answer


def _documentation(value: str) -> str:
    return clean_value(value)


def detect_format(text: str) -> str:
    return "json" if is_json(text) else "markdown"


def parse_self_evaluation(
    data: bytes | str, catalogue: CatalogueData, *, limits: Limits = DEFAULT_LIMITS
) -> ParsedSelfEvaluation:
    """Read a self-evaluation in either of OS2's formats (detected from the content)."""
    text = decode(data, limits)
    if detect_format(text) == "json":
        return parse_form_json(text, catalogue, limits=limits)
    return parse_governance_report(text, catalogue, limits=limits)


# JSON


def parse_form_json(
    data: bytes | str, catalogue: CatalogueData, *, limits: Limits = DEFAULT_LIMITS
) -> ParsedSelfEvaluation:
    raw = load_json(decode(data, limits), limits, "krav")
    if not isinstance(raw, dict) or not isinstance(raw.get("krav"), list):
        raise FormatError(
            [
                problem(
                    gettext_noop(
                        'The JSON is not a self-evaluation from OS2\'s form: it needs a list "krav" '
                        "with an object per requirement."
                    )
                )
            ]
        )
    problems: list[Problem] = []
    result = ParsedSelfEvaluation(format="json")
    for key, attribute in (("productName", "product_name"), ("filledBy", "filled_by")):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(problem(gettext_noop('"%(key)s" must be a text.'), key=key))
        elif isinstance(value, str):
            setattr(result, attribute, clean_value(value))
    filled = raw.get("filledDate")
    if isinstance(filled, str) and clean_value(filled):
        result.filled_on = parse_date(filled)
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
    seen: dict[str, int] = {}
    for index, item in enumerate(raw["krav"], start=1):
        where = f"krav[{index - 1}]"
        if not isinstance(item, dict):
            problems.append(problem(gettext_noop("%(where)s is not an object."), where=where))
            continue
        missing = [key for key in ("id", "efterlevet") if key not in item]
        if missing:
            problems.append(
                problem(
                    gettext_noop("%(where)s lacks %(keys)s."),
                    where=where,
                    keys=", ".join(f'"{key}"' for key in missing),
                )
            )
            continue
        raw_code = item.get("id")
        if not isinstance(raw_code, str) or not raw_code.strip():
            problems.append(problem(gettext_noop("%(where)s has no requirement id."), where=where))
            continue
        requirement = catalogue.requirement(raw_code)
        if requirement is None:
            problems.append(
                problem(
                    gettext_noop("%(where)s: %(code)s is not a requirement of %(catalogue)s."),
                    where=where,
                    code=raw_code.strip(),
                    catalogue=f"{catalogue.name} {catalogue.version}",
                )
            )
            continue
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
            continue
        seen[code] = index
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
                continue
            if level != requirement.level:
                problems.append(
                    problem(
                        gettext_noop(
                            "%(where)s: %(code)s has the level %(found)s, but %(expected)s in %(catalogue)s."
                        ),
                        where=where,
                        code=code,
                        found=catalogue.level_label(level),
                        expected=catalogue.level_label(requirement.level),
                        catalogue=f"{catalogue.name} {catalogue.version}",
                    )
                )
                continue
        category = item.get("kategori")
        if isinstance(category, str) and category.strip():
            theme = catalogue.theme_for(category)
            if theme is None:
                problems.append(
                    problem(
                        gettext_noop(
                            "%(where)s: '%(category)s' is not a theme of %(catalogue)s (%(themes)s)."
                        ),
                        where=where,
                        category=category,
                        catalogue=f"{catalogue.name} {catalogue.version}",
                        themes=", ".join(t.name for t in catalogue.themes),
                    )
                )
                continue
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
                continue
        try:
            result.answers[code] = read_answer(item.get("efterlevet"))
        except AnswerError:
            problems.append(
                problem(
                    gettext_noop(
                        "%(where)s: \"efterlevet\" is '%(value)s'; use Ja, Nej, Ikke relevant, Ved ikke "
                        "or null."
                    ),
                    where=where,
                    value=item.get("efterlevet"),
                )
            )
            continue
        documentation = item.get("dokumentation")
        if documentation is not None and not isinstance(documentation, str):
            problems.append(problem(gettext_noop('%(where)s: "dokumentation" must be a text.'), where=where))
            continue
        result.documentation[code] = _documentation(documentation or "")
    report_missing(catalogue, set(seen), problems)
    if problems:
        raise FormatError(problems)
    return result


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
    """The self-evaluation as OS2's browser form saves it."""
    payload: dict[str, Any] = {
        "productName": product_name,
        "filledBy": filled_by,
        "filledDate": filled_on.strftime("%d-%m-%Y") if filled_on else "",
        "generatedAt": generated_at.isoformat(timespec="seconds"),
        "krav": [
            {
                "id": r.code,
                "kategori": catalogue.theme_name(r.theme),
                "krav": r.text or r.title,
                "produktniveau": _level_word(catalogue, r.level),
                "retningslinjer": r.guidance,
                "efterlevet": ANSWER_TEXT.get(answers.get(r.code) or "", None),
                "dokumentation": documentation.get(r.code, ""),
            }
            for r in catalogue.requirements
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _level_word(catalogue: CatalogueData, level: str) -> str:
    """A level as the governance report writes it: ``sandkasse``, ``1``, ``2`` …"""
    label = catalogue.level_label(level)
    lowered = label.lower()
    for prefix in ("niveau ", "level "):
        if lowered.startswith(prefix):
            return label[len(prefix) :]
    return lowered


# Markdown (governance report)

ANSWER_COLUMN = Column("Efterlevet?", ("efterlevet", "efterlevet?", "answer"))
DOCUMENTATION_COLUMN = Column("Dokumentation", ("dokumentation", "documentation"))
LEVEL_COLUMN = Column("Produktniveau", ("produktniveau", "niveau", "level"))


def parse_governance_report(
    data: bytes | str, catalogue: CatalogueData, *, limits: Limits = DEFAULT_LIMITS
) -> ParsedSelfEvaluation:
    text = decode(data, limits)
    document = parse_markdown(text)
    tables = requirement_tables(document, ANSWER_COLUMN)
    if not tables:
        if any(t.column("vurdering") is not None for t in document.tables):
            message = gettext_noop(
                "The file is an evaluation report (its tables have the column 'Vurdering'), not a "
                "self-evaluation; import it with import_evaluation."
            )
        else:
            message = gettext_noop(
                "The file is not a governance report: no table has the columns '#' and 'Efterlevet?'."
            )
        raise FormatError([problem(message)])
    problems: list[Problem] = []
    result = ParsedSelfEvaluation(format="markdown")
    heading = document.first_heading(1)
    if heading is not None:
        title = heading.text
        for prefix in ("governancerapport for", "governance report for"):
            if title.lower().startswith(prefix):
                title = title[len(prefix) :]
        result.product_name = clean_value(title)
    result.catalogue_version = template_version(document)
    result.filled_by = clean_value(document.info.get("udfyldt af", ""))
    date_text = document.info.get("dato for udfyldelse", "")
    result.filled_on = parse_date(date_text)
    if clean_value(date_text) and result.filled_on is None:
        problems.append(
            problem(
                gettext_noop("'Dato for udfyldelse' is '%(value)s', not a date (dd-mm-yyyy)."),
                value=date_text,
            )
        )
    result.git_url = clean_value(document.info.get("link til git organisation", ""))

    def on_row(row: FoundRow) -> None:
        value = row.value("answer")
        try:
            result.answers[row.code] = read_answer(value)
        except AnswerError:
            problems.append(
                problem(
                    gettext_noop(
                        "%(code)s: 'Efterlevet?' is '%(value)s'; use Ja, Nej, Ikke relevant or Ved ikke."
                    ),
                    row.row.line,
                    code=row.code,
                    value=value,
                )
            )
            return
        result.documentation[row.code] = _documentation(row.value("documentation"))

    found = read_rows(
        tables,
        catalogue,
        {"answer": ANSWER_COLUMN, "documentation": DOCUMENTATION_COLUMN},
        LEVEL_COLUMN,
        problems,
        on_row,
    )
    report_missing(catalogue, found, problems)
    if problems:
        raise FormatError(problems)
    return result


def governance_report(
    catalogue: CatalogueData,
    *,
    product_name: str,
    filled_by: str,
    filled_on: datetime.date | None,
    git_url: str,
    answers: Mapping[str, str | None],
    documentation: Mapping[str, str],
) -> str:
    """The self-evaluation as a governance report in OS2's published layout; what users wrote (and
    what imported catalogues say) is made inert for publishing (``core/markdown_export``)."""
    front_title = yaml_value(product_name)
    catalogue = inert(catalogue)
    product_name, filled_by = markdown_line(product_name), markdown_line(filled_by)
    git_url = markdown_line(git_url)
    documentation = {code: markdown_text(text) for code, text in documentation.items()}
    lines = [
        "---",
        f"title: {front_title}",
        "layout: default",
        "parent: Selvevalueringer",
        "nav_exclude: true",
        "---",
        "",
        f"# Governancerapport for {product_name}",
        "",
        "> **📄 Dokumentinformation**<br/>",
        f"> **Version for anvendt governancerapport:** {markdown_line(catalogue.version)}<br/>",
        f"> **Dato for udfyldelse:** {filled_on.strftime('%d-%m-%Y') if filled_on else '[dd-mm-yyyy]'}<br/>",
        f"> **Udfyldt af:** {filled_by or '[Navn]'}<br/>",
        f"> **Link til Git organisation:** {git_url or '[indsæt link til git organisation/repo]'}<br/>",
        "",
    ]
    for theme in catalogue.themes:
        rows = [r for r in catalogue.requirements if r.theme == theme.key]
        if not rows:
            continue
        lines += [
            f"## {theme.name.upper()}",
            "",
            "| # | Krav | Produktniveau | Retningslinjer | Efterlevet? | Dokumentation |",
            "| --- | " + "-" * 45 + " | ------------- | -------------- | ----------- | ------------- |",
        ]
        for r in rows:
            answer = answers.get(r.code)
            doc = documentation.get(r.code, "")
            cells = [
                r.code,
                escape_cell(r.text or r.title),
                _level_word(catalogue, r.level),
                escape_cell(r.guidance),
                ANSWER_TEXT.get(answer or "", ""),
                escape_cell(doc) if doc.strip() else NOT_FILLED,
            ]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)
