"""Population figures: the cells of a Statistics Denmark file — periods, values, area names.

Pure logic, no Django; see :mod:`programkontor.portfolio.population` for the format.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

MAX_POPULATION = 2_147_483_647

#: Codes of areas that are not municipalities: Hele landet, the five regions, Christiansø.
AGGREGATE_CODES = frozenset({"000", "081", "082", "083", "084", "085", "411"})

_AGGREGATE_NAMES = frozenset({"hele landet", "all denmark", "christiansø"})
_AGGREGATE_PREFIXES = ("region ", "landsdel ", "province ")
NOT_AVAILABLE = ".."

AREA_COLUMNS = frozenset({"område", "omraade", "omrade", "area", "kommune", "municipality", "kommunekode"})
TIME_COLUMNS = frozenset(
    {"tid", "time", "periode", "period", "dato", "date", "kvartal", "quarter", "år", "year"}
)
VALUE_COLUMNS = frozenset(
    {
        "indhold",
        "value",
        "content",
        "antal",
        "befolkning",
        "folketal",
        "population",
        "indbyggere",
        "inhabitants",
    }
)

YEAR = re.compile(r"(\d{4})")
_QUARTER = re.compile(r"(\d{4})[KQ]([1-4])", re.IGNORECASE)
_MONTH = re.compile(r"(\d{4})M(\d{1,2})", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"\d+|\d{1,3}(?:[. \u00a0\u202f]\d{3})+")
_NEGATIVE = re.compile(r"-\s*\d[\d. \u00a0\u202f]*")
_CODE_AND_NAME = re.compile(r"(\d{1,3})(?:\s+(.*))?", re.DOTALL)


def gettext_noop(message: str) -> str:
    """Mark ``message`` as a msgid for ``makemessages``; the caller's ``translate`` translates it."""
    return message


@dataclass(frozen=True)
class ParsedFigure:
    """One population figure read from the file."""

    row: int
    code: str
    date: datetime.date
    population: int


@dataclass(frozen=True)
class RowError:
    """A problem on one line of the file (``row`` is 1-based; 0 means the file as a whole)."""

    row: int
    message: str


class RowProblem(Exception):
    """A row-level problem: an untranslated message template and its parameters."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template)
        self.template = template
        self.params = params


#: A value's date, or the problem with the period it was given for.
DateOrProblem = datetime.date | RowProblem


#: The years a period may name (a population figure of year 1 or 9999 is a typing error).
FIRST_YEAR, LAST_YEAR = 1700, 2299


def parse_period(text: str) -> datetime.date | None:
    """The first day of a DST period (``2020``, ``2020K1``, ``2020Q1``, ``2020M03``, ``2020-03-01``).

    None when ``text`` is not a period, or names a year outside 1700 to 2299.
    """
    text = text.strip()
    found: datetime.date | None = None
    try:
        if match := _QUARTER.fullmatch(text):
            found = datetime.date(int(match[1]), 3 * int(match[2]) - 2, 1)
        elif match := _MONTH.fullmatch(text):
            found = datetime.date(int(match[1]), int(match[2]), 1)
        elif _ISO_DATE.fullmatch(text):
            found = datetime.date.fromisoformat(text)
        elif match := YEAR.fullmatch(text):
            found = datetime.date(int(match[1]), 1, 1)
    except ValueError:
        return None
    return found if found is not None and FIRST_YEAR <= found.year <= LAST_YEAR else None


def parse_population(text: str) -> int | None:
    """The number in a value cell; None for DST's ``..`` (not available).

    Anything else that is not a count of inhabitants raises a row problem.
    """
    text = text.strip()
    if text == NOT_AVAILABLE:
        return None
    if not text:
        raise RowProblem(
            gettext_noop("The value is empty; write the number, or '..' when it is not available.")
        )
    if _NUMBER.fullmatch(text):
        value = int(re.sub(r"\D", "", text))
        if value > MAX_POPULATION:
            raise RowProblem(gettext_noop("The population %(value)s is too large."), value=text)
        return value
    if _NEGATIVE.fullmatch(text):
        raise RowProblem(gettext_noop("The population %(value)s is negative."), value=text)
    raise RowProblem(gettext_noop("'%(value)s' is not a number of inhabitants."), value=text)


def looks_like_value(text: str) -> bool:
    return text == NOT_AVAILABLE or bool(_NUMBER.fullmatch(text)) or bool(_NEGATIVE.fullmatch(text))


def normalise_name(name: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", name).split()).casefold()
    return name.removesuffix(" kommune").strip()


#: What follows a municipality's name in its official form: "Københavns Kommune",
#: "Bornholms Regionskommune".
_OFFICIAL_SUFFIXES = (" regionskommune", " kommune")


def name_forms(name: str) -> frozenset[str]:
    """The forms one municipality's name takes: as written, without "Kommune"/"Regionskommune",
    and without the genitive s the official form adds — so Statistics Denmark's "København" and
    "Bornholm" are the register's "Københavns Kommune" and "Bornholms Regionskommune"."""
    written = " ".join(unicodedata.normalize("NFC", name).split()).casefold()
    forms = {written}
    for suffix in _OFFICIAL_SUFFIXES:
        if written.endswith(suffix):
            forms.add(written.removesuffix(suffix).strip())
    forms |= {form[:-1] for form in forms if form.endswith("s") and len(form) > 3}
    return frozenset(form for form in forms if form)


def _is_aggregate_name(normalised: str) -> bool:
    return normalised in _AGGREGATE_NAMES or normalised.startswith(_AGGREGATE_PREFIXES)


class Register:
    """Resolves an area cell to a municipality code, or None for an aggregate (skipped)."""

    def __init__(self, municipalities: Mapping[str, str]) -> None:
        self.names = {code.strip(): name.strip() for code, name in municipalities.items()}
        self.codes_by_name: dict[str, set[str]] = {}
        for code, name in self.names.items():
            for form in name_forms(name):
                self.codes_by_name.setdefault(form, set()).add(code)

    def resolve(self, text: str) -> str | None:
        match = _CODE_AND_NAME.fullmatch(text.strip())
        code, name = (match[1], match[2] or "") if match else (None, text)
        normalised = normalise_name(name)
        if _is_aggregate_name(normalised):
            return None
        if code is None:
            return self._by_name(name, normalised)
        if code in AGGREGATE_CODES or len(code) < 3:
            return None
        return self._by_code(code, name, normalised)

    def _by_name(self, name: str, normalised: str) -> str:
        # The name as written decides when it is a registered form; else any of its forms.
        codes: set[str] = self.codes_by_name.get(normalised) or set().union(
            *(self.codes_by_name.get(form, set()) for form in name_forms(name))
        )
        if not codes:
            raise RowProblem(gettext_noop("Unknown municipality: '%(name)s'."), name=name.strip())
        if len(codes) > 1:
            raise RowProblem(
                gettext_noop("'%(name)s' matches several municipalities (%(codes)s); write the code too."),
                name=name.strip(),
                codes=", ".join(sorted(codes)),
            )
        (code,) = codes
        return code

    def _by_code(self, code: str, name: str, normalised: str) -> str:
        registered = self.names.get(code)
        if registered is None:
            raise RowProblem(
                gettext_noop("Unknown municipality code %(code)s ('%(text)s')."),
                code=code,
                text=f"{code} {name}".strip(),
            )
        if normalised and not name_forms(name) & name_forms(registered):
            raise RowProblem(
                gettext_noop(
                    "Code %(code)s is %(registered)s in the register, but the file says '%(name)s'."
                ),
                code=code,
                registered=registered,
                name=name.strip(),
            )
        return code

    def is_area(self, text: str) -> bool:
        """Whether ``text`` names a municipality or an aggregate (used to find data rows)."""
        if not text:
            return False
        try:
            self.resolve(text)
        except RowProblem:
            return False
        return True
