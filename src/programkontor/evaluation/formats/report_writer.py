"""Writing evaluation reports in OS2's published layout (template 0.9.2), every count computed.

The slices of each pie are listed largest first and each slice gets its own colour in
``themeVariables``, because Mermaid colours the slices in the order it draws them (largest first):
so green is always drawn green. Reading the layout back is :mod:`.report`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, replace

from programkontor.core.markdown_export import markdown_line, markdown_text, yaml_value
from programkontor.evaluation import scoring
from programkontor.evaluation.formats.catalogue import CatalogueData
from programkontor.evaluation.formats.catalogue_data import inert
from programkontor.evaluation.formats.common import LIGHT_EMOJI, LIGHT_WORDS_DA, escape_cell

NO_DATA = "Ingen data i selvevalueringsrapport."
GIT_PLACEHOLDER = "[indsæt link til git organisation/repo]"
LATER = "Udfyldes senere."


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


def _block(text: str) -> str:
    return text.strip() if text.strip() else LATER


def _level_cell(catalogue: CatalogueData, level: str) -> str:
    label = catalogue.level_label(level)
    for prefix in ("Niveau ", "Level "):
        if label.startswith(prefix):
            return label[len(prefix) :]
    return label


def _counts_cell(row: Mapping[str, int]) -> str:
    return " ".join(f"{LIGHT_EMOJI[light]} {row.get(light, 0)}" for light in scoring.LIGHTS)


def mermaid_pie(title: str, row: Mapping[str, int]) -> str:
    """A Mermaid pie whose colours follow its slices (largest first), as in OS2's published reports."""
    slices = scoring.pie_order(row)
    total = sum(count for _light, count in slices)
    variables = ", \t".join(
        f'"pie{index}": "{scoring.LIGHT_COLOURS[light]}"'
        for index, (light, _count) in enumerate(slices, start=1)
    )
    lines = [
        "```mermaid",
        '%%{init: {"themeVariables": {',
        f"\t{variables}",
        "}}}%%",
        "pie showData",
        f"\ttitle {title}",
    ]
    for light, count in slices:
        lines.append(f'\t"{LIGHT_WORDS_DA[light]} {scoring.percent(count, total)}%" : {count}')
    lines.append("```")
    return "\n".join(lines)


def _inert(content: ReportContent) -> ReportContent:
    """The content with every text a user wrote made inert for publishing (``core/markdown_export``)."""
    return replace(
        content,
        product_name=markdown_line(content.product_name),
        evaluator=markdown_line(content.evaluator),
        git_url=markdown_line(content.git_url),
        summary=markdown_text(content.summary),
        overall=markdown_text(content.overall),
        recommendations=markdown_text(content.recommendations),
        evidence={code: markdown_text(text) for code, text in content.evidence.items()},
        template_version=markdown_line(content.template_version),
    )


def render_report(catalogue: CatalogueData, content: ReportContent) -> str:
    """The evaluation report as Markdown in OS2's published layout, every count computed; what users
    wrote (and what imported catalogues say) is made inert for publishing."""
    front_title = yaml_value(content.title or content.product_name)
    catalogue, content = inert(catalogue), _inert(content)
    summary = scoring.summarise(
        content.ratings, catalogue.items(), catalogue.level_keys, catalogue.theme_keys
    )
    version = content.template_version or catalogue.report_template_version or "0.9.2"
    date = content.evaluated_on.strftime("%d-%m-%Y") if content.evaluated_on else "[dd-mm-yyyy]"
    lines = [
        "---",
        f"title: {front_title}",
        "layout: default",
        "parent: Evalueringsrapporter",
        "nav_exclude: true",
        "---",
        "",
        f"# Evaluering af OS2-produkt: {content.product_name}",
        "",
        "> **📄 Dokumentinformation**<br/>",
        f"> **Version for anvendt evalueringsskabelon:** {markdown_line(version)}<br/>",
        f"> **Dato for udfyldelse:** {date}<br/>",
        f"> **Evaluering lavet af:** {content.evaluator or '[Navn]'}<br/>",
        f"> **Link til Git organisation:** {content.git_url or GIT_PLACEHOLDER}<br/>",
        "",
        "## Resumé",
        _block(content.summary),
        "",
        "## Overordnet vurdering",
        _block(content.overall),
        "",
        "## Anbefaling",
        _block(content.recommendations),
        "",
        "---",
        "",
        "# Evaluering i henhold til krav i OS2s styringsmodel",
        "",
    ]
    for theme in catalogue.themes:
        rows = [r for r in catalogue.requirements if r.theme == theme.key]
        if not rows:
            continue
        lines += [
            f"## {theme.name.upper()}",
            "",
            "| # | Niveau | Krav | Vurderingskriterie | Vurdering | Vurderingsgrundlag |",
            "|-----|-----------|------|--------------------|-----------|--------------------|",
        ]
        for r in rows:
            light = content.ratings.get(r.code)
            criterion = f"Standard: {r.criterion}" if r.criterion else ""
            cells = [
                r.code,
                _level_cell(catalogue, r.level),
                escape_cell(r.title),
                escape_cell(criterion),
                LIGHT_EMOJI[light] if light else "",
                escape_cell(content.evidence.get(r.code, "")),
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
    cells = [_counts_cell(summary.exact[level.key]) for level in catalogue.levels]
    cells.append(_counts_cell(summary.totals))
    lines.append("| **Total** | " + " | ".join(cells) + " |")
    lines.append("")
    for level in catalogue.levels:
        count = summary.requirement_counts[level.key]
        lines += [mermaid_pie(f"{level.label} ({count} krav)", summary.exact[level.key]), ""]
    total = sum(summary.requirement_counts.values())
    lines += [mermaid_pie(f"Samlet ({total} krav)", summary.totals), ""]
    lines += _explanations(catalogue, summary)
    return lines


def _explanations(catalogue: CatalogueData, summary: scoring.Summary) -> list[str]:
    """The report's closing sections, in Programkontor's words, with the numbers of this catalogue."""
    lines = [
        "## Hvad betyder trafiklysene?",
        "- 🟢 **Grøn** → Kravet er opfyldt og dokumenteret.",
        "- 🟡 **Gul** → Kravet er delvist opfyldt; der er mangler, som skal rettes.",
        "- 🔴 **Rød** → Kravet er ikke opfyldt, eller det er ikke dokumenteret.",
        "- ⚪ **Grå** → Kravet er ikke relevant for produktet og tæller ikke med.",
        "",
        "## Hvordan bruges optællingen?",
        "",
        "Kravene arves opad: et produkt på et niveau skal også opfylde kravene på alle niveauer under det. "
        "Tabellerne tæller hvert krav på dets eget niveau; lagkagediagrammerne viser fordelingen pr. niveau "
        "og samlet.",
        "",
        "## Hvor mange krav er der?",
        "",
        "### Antal krav fordelt på tema",
    ]
    for theme in catalogue.themes:
        codes = [r.code for r in catalogue.requirements if r.theme == theme.key]
        if codes:
            lines.append(f"* {theme.name}: *{len(codes)} krav* ({', '.join(codes)})")
    lines += [f"* *I alt: {len(catalogue.requirements)} krav*", "", "### Antal krav fordelt på niveau", ""]
    running = 0
    for position, level in enumerate(catalogue.levels):
        count = summary.requirement_counts[level.key]
        running += count
        suffix = f" ({running} i alt)" if position else ""
        lines.append(f"* {level.label}: *{count} krav*{suffix}")
    lines += [f"* *I alt: {len(catalogue.requirements)} krav*", ""]
    return lines


def light_label(light: str) -> str:
    return f"{LIGHT_EMOJI[light]} {LIGHT_WORDS_DA[light]}"
