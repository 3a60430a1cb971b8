"""Writing evaluation reports exactly as OS2's generator (``evalueringsrapport-generator``) writes them,
every count computed from the lights.

The layout, line by line, is the generator's: the document information, *Resumé*, *Overordnet
vurdering* and *Anbefaling* (each one line, ``Udfyldes senere.`` when empty), a table per theme, the
count of lights per level and per theme and level, a Mermaid pie per level and for all requirements
(slices largest first, ties in the order green, yellow, red, gray, and the colours in the same order,
so that Mermaid draws each slice in its own light's colour; percentages rounded half up) and the
generator's closing sections. Two things are as OS2 publishes its reports rather than as the
generator's page prints them: the front matter of OS2's report site, and single spaces in the header
rows (the page pads them; the published reports do not). Texts are the catalogue's (or, to write a
report again as it was read, the report's own: :class:`RequirementText`); what users wrote is made
inert for publishing (``core/markdown_export``). Reading the layout back is :mod:`.report`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from programkontor.core.markdown_export import markdown_line, markdown_text, yaml_value
from programkontor.evaluation import scoring
from programkontor.evaluation.formats.catalogue import CatalogueData
from programkontor.evaluation.formats.catalogue_data import inert
from programkontor.evaluation.formats.common import LIGHT_EMOJI, LIGHT_WORDS_DA, escape_cell

NO_DATA = "Ingen data i selvevalueringsrapport."
GIT_PLACEHOLDER = "[indsæt link til git organisation/repo]"
LATER = "Udfyldes senere."
DASH = "\u2013"
#: Requirements OS2's model merged into another (the generator's count of requirements says so).
MERGED: Mapping[str, Mapping[str, str]] = {"os2-styringsmodel": {"F8": "F7", "F9": "F7"}}


@dataclass(frozen=True)
class RequirementText:
    """A requirement's texts as a report writes them: its ``Krav``, its criterion (without
    ``Standard:``) and its level cell."""

    title: str
    criterion: str
    level: str = ""


@dataclass(frozen=True)
class ReportContent:
    product_name: str
    evaluated_on: datetime.date | None
    evaluator: str
    git_url: str
    summary: str
    overall: str
    recommendations: str
    ratings: Mapping[str, str]
    evidence: Mapping[str, str]
    template_version: str = ""
    title: str = ""  # front-matter title; the product name by default
    #: Texts to write instead of the catalogue's (a report written again as it was read).
    texts: Mapping[str, RequirementText] = field(default_factory=dict)


def _line(text: str) -> str:
    """A one-line value as the generator writes it (``|`` escaped, line breaks as ``<br/>``)."""
    return escape_cell(markdown_text(text).strip())


def _level_cell(catalogue: CatalogueData, level: str) -> str:
    label = catalogue.level_label(level)
    for prefix in ("Niveau ", "Level "):
        if label.startswith(prefix):
            return label[len(prefix) :]
    return label


def _counts_cell(row: Mapping[str, int]) -> str:
    return " ".join(f"{LIGHT_EMOJI[light]} {row.get(light, 0)}" for light in scoring.LIGHTS)


def mermaid_pie(title: str, row: Mapping[str, int], total: int | None = None) -> str:
    """A Mermaid pie as OS2's generator writes it: slices largest first, each its light's colour;
    the percentages of ``total`` (the requirements at that level; the slices' sum by default)."""
    slices = scoring.pie_order(row)
    whole = sum(count for _light, count in slices) if total is None else total
    variables = ", ".join(
        f'\t"pie{index}": "{scoring.LIGHT_COLOURS[light]}"' for index, (light, _count) in enumerate(slices, 1)
    )
    lines = [
        "```mermaid",
        '%%{init: {"themeVariables": {',
        variables,
        "}}}%%",
        "pie showData",
        f"\ttitle {title}",
    ]
    for light, count in slices:
        lines.append(f'\t"{LIGHT_WORDS_DA[light]} {scoring.percent(count, whole)}%" : {count}')
    lines.append("```")
    return "\n".join(lines)


def _inert(content: ReportContent) -> ReportContent:
    """The content with every text a user wrote made inert for publishing (``core/markdown_export``)."""
    return replace(
        content,
        product_name=markdown_line(content.product_name),
        evaluator=markdown_line(content.evaluator),
        git_url=markdown_line(content.git_url),
        template_version=markdown_line(content.template_version),
        texts={
            code: RequirementText(markdown_text(t.title), markdown_text(t.criterion), markdown_line(t.level))
            for code, t in content.texts.items()
        },
    )


def _header(catalogue: CatalogueData, content: ReportContent, front_title: str) -> list[str]:
    version = content.template_version or catalogue.report_template_version or "0.9.2"
    date = (content.evaluated_on or datetime.date.today()).strftime("%d-%m-%Y")
    return [
        "---",
        f"title: {front_title}",
        "layout: default",
        "parent: Evalueringsrapporter",
        "nav_exclude: true",
        "---",
        "",
        f"# Evaluering af OS2-produkt: {escape_cell(content.product_name or '[Produktnavn]')}",
        "",
        "> **📄 Dokumentinformation**<br/>",
        f"> **Version for anvendt evalueringsskabelon:** {escape_cell(version)}<br/>",
        f"> **Dato for udfyldelse:** {date}<br/>",
        f"> **Evaluering lavet af:** {escape_cell(content.evaluator or '[Navn]')}<br/>",
        f"> **Link til Git organisation:** {escape_cell(content.git_url or GIT_PLACEHOLDER)}<br/>",
        "",
        "## Resumé",
        _line(content.summary) or LATER,
        "",
        "## Overordnet vurdering",
        _line(content.overall) or LATER,
        "",
        "## Anbefaling",
        _line(content.recommendations) or LATER,
        "",
        "---",
        "",
        "# Evaluering i henhold til krav i OS2s styringsmodel",
        "",
    ]


def render_report(catalogue: CatalogueData, content: ReportContent) -> str:
    """The evaluation report as OS2's generator writes it, every count computed; what users wrote (and
    what imported catalogues say) is made inert for publishing."""
    front_title = yaml_value(content.title or content.product_name)
    catalogue, content = inert(catalogue), _inert(content)
    summary = scoring.summarise(
        content.ratings, catalogue.items(), catalogue.level_keys, catalogue.theme_keys
    )
    lines = _header(catalogue, content, front_title)
    for theme in catalogue.themes:
        rows = [r for r in catalogue.requirements if r.theme == theme.key]
        if not rows:
            continue
        dashes = "-" * (max(len(r.code) for r in rows) + 3)
        lines += [
            f"## {theme.name.upper()}",
            "",
            "| # | Niveau | Krav | Vurderingskriterie | Vurdering | Vurderingsgrundlag |",
            f"|{dashes}|-----------|------|--------------------|-----------|--------------------|",
        ]
        for r in rows:
            text = content.texts.get(r.code) or RequirementText(r.title, r.criterion)
            light = content.ratings.get(r.code)
            evidence = markdown_text(content.evidence.get(r.code, "")).strip() or NO_DATA
            cells = [
                r.code,
                text.level or _level_cell(catalogue, r.level),
                escape_cell(text.title),
                escape_cell(f"Standard: {text.criterion}" if text.criterion else ""),
                LIGHT_EMOJI[light] if light else "",
                escape_cell(evidence),
            ]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    lines += _count_sections(catalogue, summary)
    return "\n".join(lines)


def _count_sections(catalogue: CatalogueData, summary: scoring.Summary) -> list[str]:
    lines = [
        "# Optælling af vurderinger pr. niveau og tema",
        "",
        "| Niveau / Vurdering | 🟢 Grøn | 🟡 Gul | 🔴 Rød | ⚪ Grå |",
        "|-------------------------|---------|--------|--------|--------|",
    ]
    for level in catalogue.levels:
        row = summary.exact[level.key]
        lines.append(f"| {level.label} | " + " | ".join(str(row[light]) for light in scoring.LIGHTS) + " |")
    lines.append("| **Total** | " + " | ".join(str(summary.totals[light]) for light in scoring.LIGHTS) + " |")
    lines += [
        "",
        "| Tema / Niveau | " + " | ".join(level.label for level in catalogue.levels) + " | Total |",
        "|---|" + "---|" * (len(catalogue.levels) + 1),
    ]
    for theme in catalogue.themes:
        cells = [_counts_cell(summary.by_theme[theme.key][level.key]) for level in catalogue.levels]
        cells.append(_counts_cell(summary.theme_totals[theme.key]))
        lines.append(f"| {theme.name} | " + " | ".join(cells) + " |")
    lines.append("")
    for level in catalogue.levels:
        count = summary.requirement_counts[level.key]
        lines += [mermaid_pie(f"{level.label} ({count} krav)", summary.exact[level.key], count), ""]
    total = sum(summary.requirement_counts.values())
    lines += [mermaid_pie(f"Samlet ({total} krav)", summary.totals, total), ""]
    lines += _explanations(catalogue, summary)
    return lines


_MEANINGS = [
    "## Hvad betyder trafiklysene?",
    "- 🟢 **Grøn** → Kravet er fuldt opfyldt og fungerer som forventet.",
    "- 🟡 **Gul** → Kravet er delvist opfyldt, men der er mangler, som bør adresseres.",
    "- 🔴 **Rød** → Kravet er ikke opfyldt, og der er behov for handling.",
    "- ⚪ **Grå** → Kravet er ikke relevant og medtages ikke i vurderingen.",
    "",
]
_OS2_LEVELS = ("Sandkasse", "Niveau 1", "Niveau 2", "Niveau 3")
_USE_OF_COUNTS = [
    "## Hvordan bruges optællingen?",
    "",
    "- **Sandkasse:** Grundlæggende formalia "
    + DASH
    + " mange 🔴 her betyder, at produktet skal løftes bare for at "
    "blive betragtet som OS2-kompatibelt.",
    "- **Niveau 1:** Basis governance og dokumentation "
    + DASH
    + " "
    + DASH
    + " mange 🟡 eller 🔴 her peger på udfordringer med "
    "at skabe overblik og ejerskab.",
    "- **Niveau 2:** Drift, vedligehold og strategisk understøttelse "
    + DASH
    + " mange 🟡 eller 🔴 her peger på "
    "modenhedsproblemer.",
    "- **Niveau 3:** Avanceret governance og fællesskab " + DASH + " et område, hvor ikke alle produkter "
    "nødvendigvis når i mål, men som er ønskværdigt for stabile og bæredygtige produkter.",
    "",
    "Ud fra optællingen kan vi vurdere, hvor produktet står samlet set:",
    "",
    "- Mange 🟢 → Produktet er solidt forankret i governance-kravene.",
    "- Mange 🟡 → Produktet har et godt grundlag, men kræver en prioriteret indsats på udvalgte områder.",
    "- Mange 🔴 → Produktet har alvorlige governance-mangler og kræver en struktureret genopretning.",
    "- Mange ⚪ → Produktet har alvorlige mangler i forhold til OS2 kompatabilitet og kræver et særligt "
    "fokus.",
    "",
]


def _range(catalogue: CatalogueData, codes: list[str]) -> str:
    """``R1-R4`` (with an en dash); ``F1-F22, minus F8 og F9 som er sammenlagt med F7`` when ids are
    missing between."""
    first, last = codes[0], codes[-1]
    prefix = first.rstrip("0123456789")
    numbers = [code[len(prefix) :] for code in codes if code.startswith(prefix)]
    if not all(n.isdigit() for n in numbers) or not last.startswith(prefix):
        return ", ".join(codes)
    present = {int(n) for n in numbers}
    gaps = [f"{prefix}{n}" for n in range(int(numbers[0]), int(numbers[-1]) + 1) if n not in present]
    text = f"{first}{DASH}{last}"
    if gaps:
        merged = {MERGED.get(catalogue.standard, {}).get(code) for code in gaps}
        gap_text = gaps[0] if len(gaps) == 1 else ", ".join(gaps[:-1]) + " og " + gaps[-1]
        text += f", minus {gap_text}"
        if len(merged) == 1 and None not in merged:
            text += f" som er sammenlagt med {merged.pop()}"
    return text


def _explanations(catalogue: CatalogueData, summary: scoring.Summary) -> list[str]:
    """The generator's closing sections, with the numbers of this catalogue."""
    lines = list(_MEANINGS)
    if tuple(level.label for level in catalogue.levels) == _OS2_LEVELS:
        lines += _USE_OF_COUNTS
    lines += ["## Hvor mange krav er der?", "", "### Antal krav fordelt på tema"]
    for theme in catalogue.themes:
        codes = [r.code for r in catalogue.requirements if r.theme == theme.key]
        if codes:
            lines.append(f"* {theme.name}: *{len(codes)} krav* ({_range(catalogue, codes)})")
    lines += [f"* *I alt: {len(catalogue.requirements)} krav*", "", "### Antal krav fordelt på niveau", ""]
    lines.append("Bemærk at der nedarves så et niveau 2 produkt skal også efterleve sandkasse og niveau 2.")
    lines.append("")
    running = 0
    for position, level in enumerate(catalogue.levels):
        count = summary.requirement_counts[level.key]
        running += count
        suffix = f" ({running} i alt)" if position else ""
        lines.append(f"* {level.label}: *{count} krav*{suffix}")
    lines.append(f"* *I alt: {len(catalogue.requirements)} krav*")
    return lines


def light_label(light: str) -> str:
    return f"{LIGHT_EMOJI[light]} {LIGHT_WORDS_DA[light]}"
