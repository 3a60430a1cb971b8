"""What the demo command prints: the summary and the demo logins."""

from __future__ import annotations

from collections.abc import Sequence

from programkontor.portfolio.demo.specs import DemoLogin
from programkontor.portfolio.demo.store import DemoSummary

# --------------------------------------------------------------------------------------------
# Output for the management command.


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(header), line(["-" * width for width in widths]), *(line(row) for row in rows)])


def format_summary(summary: DemoSummary) -> str:
    """One line: what this run created of the portfolio (the totals come at the end, from the database)."""
    if not summary.created_anything:
        return "Portefølje: demodata var allerede indlæst; intet nyt er oprettet."
    parts = ", ".join(f"{count} {label.lower()}" for label, count in summary.created.items() if count)
    return f"Portefølje: oprettet {parts}."


def format_totals(sections: Sequence[tuple[str, Sequence[tuple[str, int | str]]]]) -> str:
    """One table of every app's totals: ``sections`` are (area, [(what, total), ...]) in order."""
    rows = [
        [area if index == 0 else "", label, str(total)]
        for area, totals in sections
        for index, (label, total) in enumerate(totals)
    ]
    return _table(["Område", "Hvad", "I alt"], rows)


def format_logins(logins: Sequence[DemoLogin]) -> str:
    rows = [[login.username, login.password, login.role, login.can_do] for login in logins]
    return (
        "Demo-logins (samme adgangskode til alle; brug aldrig demoen i drift):\n\n"
        f"{_table(['Brugernavn', 'Adgangskode', 'Rolle', 'Kan'], rows)}"
    )
