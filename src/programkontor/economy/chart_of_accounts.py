"""OS2's standard chart of accounts (from OS2's public handbook). No Django here.

Every product keeps the same eleven accounts under its own cost element (PSP element): income
00001-00003, expenses 00004-00011. The association has its own chart under its cost element.
The numbers are the last part of the full account number, e.g. ``XG-9212045320-00005``; the
names are data (Danish, as in the handbook) that the secretariat may edit afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

INCOME: Final = "income"
EXPENSE: Final = "expense"

#: The association's own cost element (Foreningen OS2).
ASSOCIATION_COST_ELEMENT: Final = "XG-9212045210"

#: Product accounts by role, so the code can find "the annual-fee account" of any product.
JOINING_FEE_ACCOUNT: Final = "00001"
ANNUAL_FEE_ACCOUNT: Final = "00002"
ONE_OFF_CONTRIBUTION_ACCOUNT: Final = "00003"
#: The association's income account for the membership fee.
MEMBERSHIP_FEE_ACCOUNT: Final = "00014"


@dataclass(frozen=True)
class StandardAccount:
    number: str
    name: str
    kind: str
    description: str = ""


PRODUCT_ACCOUNTS: Final = (
    StandardAccount("00001", "Tilslutningsafgift", INCOME, "Når en ny myndighed tilslutter sig produktet."),
    StandardAccount("00002", "Vederlag", INCOME, "Den årlige indtægt fra de deltagende myndigheder."),
    StandardAccount("00003", "Bidrag", INCOME, "Enkeltstående bidrag."),
    StandardAccount("00004", "Tilkobling / onboarding", EXPENSE, "Når en ny myndighed skal med."),
    StandardAccount("00005", "Drift", EXPENSE, "Hosting, domæne mv."),
    StandardAccount("00006", "Koordinering", EXPENSE, "Frikøb til programleder, product owner osv."),
    StandardAccount("00007", "Administration", EXPENSE, "Stabstimer."),
    StandardAccount("00008", "Udvikling", EXPENSE, "Udviklingstimer og -ydelser."),
    StandardAccount("00009", "Konsulentbistand", EXPENSE, "Rådgivningstimer."),
    StandardAccount("00010", "Arrangementer", EXPENSE, "Lokaler, forplejning mv."),
    StandardAccount("00011", "Vedligehold", EXPENSE, "Kode, dokumentation osv."),
)

ASSOCIATION_ACCOUNTS: Final = (
    StandardAccount("00014", "Kontingent (andel til Forening OS2)", INCOME),
    StandardAccount("00015", "OS2 andre indtægter", INCOME),
    StandardAccount("00017", "Bidrag fra OS2-produkter", INCOME),
    StandardAccount("00001", "OS2 bestyrelsesinternat", EXPENSE),
    StandardAccount("00002", "OS2 forretnings- og projektledelse", EXPENSE),
    StandardAccount("00003", "OS2 administration", EXPENSE),
    StandardAccount("00004", "OS2 kontorhold", EXPENSE),
    StandardAccount("00005", "OS2 web (drift og support)", EXPENSE),
    StandardAccount("00006", "OS2 cloud", EXPENSE),
    StandardAccount("00007", "OS2 generalforsamling", EXPENSE),
    StandardAccount("00008", "OS2 konferencedeltagelse", EXPENSE),
    StandardAccount("00009", "OS2 markedsføring (tryksager og stand)", EXPENSE),
    StandardAccount("00010", "OS2 rejser og møder", EXPENSE),
    StandardAccount("00011", "OS2 arrangementer", EXPENSE),
    StandardAccount("00012", "OS2 konsulent (jura, udbud mm.)", EXPENSE),
    StandardAccount("00013", "OS2 revision", EXPENSE),
    StandardAccount("00016", "OS2 produktudvikling", EXPENSE),
)


def full_number(cost_element: str, number: str) -> str:
    """``XG-9212045320`` and ``00005`` → ``XG-9212045320-00005`` (just the number without an element)."""
    return f"{cost_element}-{number}" if cost_element else number


def split_account(text: str, cost_element: str) -> str | None:
    """The five-digit account number in ``text``: ``00005``, ``5``, or the full number under
    ``cost_element``. None when the text names another cost element or is no account number."""
    value = text.strip().upper()
    if cost_element and value.startswith(cost_element.upper() + "-"):
        value = value[len(cost_element) + 1 :]
    elif "-" in value:
        return None
    if value.endswith(".0"):  # a spreadsheet's number cell written out as text
        value = value[:-2]
    if not value.isdigit() or len(value) > 5:
        return None
    return value.zfill(5)
