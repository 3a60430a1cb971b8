"""Safe spreadsheet cells, shared by every CSV and XLSX export.

Text that a spreadsheet would take for a formula — starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return — gets a leading apostrophe (OWASP's advice on CSV injection), so a name typed
by a user can never run as a formula in the reader's spreadsheet. Sheet names are cleaned of the
characters Excel refuses and kept unique within a workbook.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_LENGTH = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralise(text: str) -> str:
    """Text that a spreadsheet would take for a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid sheet name (≤ 31 characters, none of ``[]:*?/\\``), unique among ``taken`` (lower case).

    The chosen name is added to ``taken``.
    """
    base = _SHEET_FORBIDDEN.sub("_", name).strip("'") or "Ark"
    base = base[:SHEET_NAME_LENGTH]
    title, counter = base, 2
    while title.lower() in taken:
        suffix = f" ({counter})"
        title = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
        counter += 1
    taken.add(title.lower())
    return title
