"""What the demo command prints: the summary and the demo logins."""

from __future__ import annotations

from collections.abc import Sequence

from programkontor.portfolio.demo.plan import DemoLogin
from programkontor.portfolio.demo.store import DemoSummary

# --------------------------------------------------------------------------------------------
# Output for the management command.


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(header), line(["-" * width for width in widths]), *(line(row) for row in rows)])


def format_summary(summary: DemoSummary) -> str:
    rows = [
        [label, str(count), str(summary.totals.get(label, ""))] for label, count in summary.created.items()
    ]
    intro = (
        "Demoporteføljen er indlæst."
        if summary.created_anything
        else "Demoporteføljen var allerede indlæst; intet nyt er oprettet."
    )
    return f"{intro}\n\n{_table(['Hvad', 'Oprettet nu', 'I alt'], rows)}"


def format_logins(logins: Sequence[DemoLogin]) -> str:
    rows = [[login.username, login.password, login.role, login.can_do] for login in logins]
    return (
        "Demo-logins (samme adgangskode til alle; brug aldrig demoen i drift):\n\n"
        f"{_table(['Brugernavn', 'Adgangskode', 'Rolle', 'Kan'], rows)}"
    )
