"""Free text of OS2's governance files mapped to the application's values (pure functions).

Every function returns ``None`` (or leaves text over) when it cannot map what it is given; the
caller lists that as unmapped instead of guessing.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Mapping

from programkontor.governance.repository import records as r

MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7, "august": 8,
    "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip


def fold(text: str) -> str:
    """Lower case, single spaces, no surrounding punctuation: for comparing free text."""
    text = unicodedata.normalize("NFC", text).strip().lower()
    return re.sub(r"\s+", " ", text).strip(" .:;,*_")


# ---------------------------------------------------------------------------------------- status

_STATUS_PATTERNS: list[tuple[str, str]] = [
    # Order matters: negations and ratification before plain approval.
    (r"\b(ikke godkendt|ikke vedtaget|afvist|afvises|forkastet|rejected|declined)\b", "rejected"),
    (r"\b(erstattet|afløst|udgået|forældet|superseded|deprecated)\b", "superseded"),
    (r"\b(afventer ratificering|til ratificering|ratificeres|skal ratificeres|ratification pending)\b",
     "ratification_pending"),
    (
        r"^(forslag|udkast|kladde|til beslutning|til godkendelse|foreslået|indstilling|proposed|draft)\b",
        "proposed",
    ),
    (r"^(accepteret|besluttet|godkendt|vedtaget|truffet|ratificeret|accepted|approved|decided)\b", "decided"),
]  # fmt: skip


def normalise_status(text: str) -> str | None:
    """``Accepteret`` → decided, ``Besluttet. (…)`` → decided, ``Godkendt på styregruppemødet den …`` →
    decided, ``Forslag`` / ``Udkast`` → proposed, ``Afvist`` → rejected, ``Erstattet af …`` →
    superseded, ``Afventer ratificering`` → ratification_pending; anything else → None."""
    folded = fold(text)
    if not folded:
        return None
    for pattern, status in _STATUS_PATTERNS:
        if re.search(pattern, folded):
            return status
    return None


STATUS_TEXT = {
    "proposed": "Forslag",
    "decided": "Besluttet",
    "rejected": "Afvist",
    "superseded": "Erstattet",
    "ratification_pending": "Afventer ratificering",
}

# ---------------------------------------------------------------------------------- decided by

_MAKERS: list[tuple[str, str]] = [
    (r"styre\s?grupp\w*", r.STEERING),
    (r"koordinations?\s?grupp\w*|koord\.?\s?gruppe\w*", r.COORDINATION),
    (r"(os2[-\s]?)?bestyrelse\w*", r.BOARD),
    (r"(fag|interesse)\s?grupp\w*|brugerklub\w*", r.INTEREST),
    (r"projekt\s?grupp\w*", r.PROJECT),
    (r"arbejds\s?grupp\w*", r.WORKING),
    (r"netværk\w*", r.NETWORK),
    (r"(os2[-\s]?)?sekretariat\w*", r.SECRETARIAT),
    (r"generalforsamling\w*", r.GENERAL_ASSEMBLY),
    (r"programleder\w*", r.PROGRAM_MANAGER),
    (r"produktkoordinator\w*", r.PRODUCT_COORDINATOR),
    (r"product\s?owner\w*|produktejer\w*", r.PRODUCT_OWNER),
]
_NOISE = re.compile(r"^(og|samt|and|the|i|for|os2|,|&|/|\+|-|\u2013|\s)*$")

MAKER_TEXT = {
    r.STEERING: "Styregruppen",
    r.COORDINATION: "Koordinationsgruppen",
    r.BOARD: "Bestyrelsen",
    r.INTEREST: "Faggruppen",
    r.PROJECT: "Projektgruppen",
    r.WORKING: "Arbejdsgruppen",
    r.NETWORK: "Netværket",
    r.OTHER: "Gruppen",
    r.SECRETARIAT: "OS2-sekretariatet",
    r.GENERAL_ASSEMBLY: "Generalforsamlingen",
    r.PROGRAM_MANAGER: "Programlederen",
    r.PRODUCT_COORDINATOR: "Produktkoordinatoren",
    r.PRODUCT_OWNER: "Product owner",
}


def decided_by(text: str) -> tuple[tuple[str, ...], str]:
    """The bodies and roles named in ``text`` (in order, once each), and what was left over.

    ``Styregruppen`` → (steering_group,); ``Styregruppen-Koordinationgruppen`` → (steering_group,
    coordination_group); ``OS2-bestyrelsen`` → (board,). Left-over words (a person's name, an
    unknown group) come back as the second value for the caller to list.
    """
    folded = fold(text)
    found: list[tuple[int, str]] = []
    rest = folded
    for pattern, kind in _MAKERS:
        for match in re.finditer(pattern, folded):
            found.append((match.start(), kind))
            rest = rest.replace(match.group(0), " ")
    kinds: list[str] = []
    for _start, kind in sorted(found):
        if kind not in kinds:
            kinds.append(kind)
    leftover = "" if _NOISE.match(rest) else re.sub(r"\s+", " ", rest).strip(" -\u2013,/&+")
    return tuple(kinds), leftover


def decided_by_text(kinds: tuple[str, ...]) -> str:
    names = [MAKER_TEXT[kind] for kind in kinds]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " og " + names[-1]


# --------------------------------------------------------------------------------- record type


def record_type_of(prefix: str | None, type_text: str) -> tuple[str | None, str | None]:
    """The record type from the heading's ``[SDR]``/``[ODR]`` and the ``Beslutningstype`` field.

    Returns (record type, problem): the heading wins over the field; a conflict or an unknown
    field value is the problem to list."""
    from_prefix = {"SDR": "strategic", "ODR": "operational"}.get((prefix or "").upper())
    folded = fold(type_text)
    from_field = None
    if folded:
        if folded.startswith("strateg"):
            from_field = "strategic"
        elif folded.startswith(("operation", "operativ", "drift")):
            from_field = "operational"
    problem = None
    if folded and from_field is None:
        problem = "unknown"
    elif from_prefix and from_field and from_prefix != from_field:
        problem = "conflict"
    return from_prefix or from_field, problem


TYPE_TEXT = {"strategic": "Strategisk", "operational": "Operationel"}

KIND_TEXT = {
    "general": "Generel",
    "level_change": "Niveauændring",
    "admission": "Optagelse",
    "exit": "Udtræden",
    "pause": "Pausering",
    "closure": "Lukning",
    "budget": "Budget",
    "prioritisation": "Prioritering",
}


def kind_of(text: str) -> str | None:
    folded = fold(text)
    for kind, label in KIND_TEXT.items():
        if folded == fold(label) or folded == kind:
            return kind
    return None


# ---------------------------------------------------------------------------------- dates, times

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DMY = re.compile(r"\b(\d{1,2})[-./](\d{1,2})[-./](\d{4}|\d{2})\b")
_WORDS = re.compile(r"\b(\d{1,2})\.?\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b")


#: The years a governance date may fall in; anything else is a typing error, not a date.
FIRST_YEAR, LAST_YEAR = 1990, 2200


def _date(year: str, month: int, day: int) -> datetime.date | None:
    """The date, a two-digit year read in this century; None outside the years 1990 to 2200."""
    number = int(year) + (2000 if len(year) == 2 else 0)
    if not FIRST_YEAR <= number <= LAST_YEAR:
        return None
    try:
        return datetime.date(number, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> datetime.date | None:
    """``2026-08-21``, ``15-05-2026``, ``17.09.2026``, ``03.08.26`` or ``2. februar 2026``."""
    folded = fold(text)
    if match := _ISO.search(folded):
        return _date(match[1], int(match[2]), int(match[3]))
    if match := _DMY.search(folded):
        return _date(match[3], int(match[2]), int(match[1]))
    if match := _WORDS.search(folded):
        return _date(match[3], MONTHS[match[2]], int(match[1]))
    return None


MONTH_NAMES = {number: name for name, number in MONTHS.items()}


def format_date_like(day: datetime.date, example: str) -> str:
    """``day`` written the way ``example`` writes a date (the repository's own style): ``07-05-2026``,
    ``17.09.2026``, ``2. februar 2026``; the text itself when it already says ``day``; else ISO."""
    if not example or parse_date(example) == day:
        return example or day.isoformat()
    folded = fold(example)
    if _ISO.search(folded):
        return day.isoformat()
    if match := _DMY.search(folded):
        separator = folded[match.end(1)]
        year = f"{day:%Y}" if len(match[3]) == 4 else f"{day:%y}"
        return f"{day:%d}{separator}{day:%m}{separator}{year}"
    if _WORDS.search(folded):
        return f"{day.day}. {MONTH_NAMES[day.month]} {day.year}"
    return day.isoformat()


def date_span(text: str) -> tuple[int, int] | None:
    """Where in ``text`` the date :func:`parse_date` reads stands (start, end), to write another there."""
    for pattern in (_ISO, _DMY, _WORDS):
        if match := re.compile(pattern.pattern, re.IGNORECASE).search(text):
            return match.span()
    return None


_FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:[_-]|\.md$)")


def date_from_filename(name: str) -> datetime.date | None:
    """``2026-08-21-slug.md``, ``20260917_OS2BorgerPCStyregruppe.md`` or ``02-02-2026.md``."""
    if match := _FILE_DATE.match(name):
        return _date(match[1], int(match[2]), int(match[3]))
    if match := _COMPACT_DATE.match(name):
        return _date(match[1], int(match[2]), int(match[3]))
    if match := re.match(r"^(\d{2})-(\d{2})-(\d{4})\.md$", name):
        return _date(match[3], int(match[2]), int(match[1]))
    return None


_TIMES = re.compile(
    r"kl\.?\s*(\d{1,2})(?:[:.](\d{2}))?\s*(?:[-\u2013]|til)\s*(\d{1,2})(?:[:.](\d{2}))?", re.IGNORECASE
)
_ONE_TIME = re.compile(r"kl\.?\s*(\d{1,2})(?:[:.](\d{2}))?", re.IGNORECASE)


def _time(hour: str, minute: str | None) -> datetime.time | None:
    h, m = int(hour), int(minute or 0)
    return datetime.time(h, m) if 0 <= h <= 23 and 0 <= m <= 59 else None


def parse_time_range(text: str) -> tuple[datetime.time | None, datetime.time | None]:
    """``kl. 13 - 14:30`` → (13:00, 14:30); ``kl. 10`` → (10:00, None)."""
    if match := _TIMES.search(text):
        return _time(match[1], match[2]), _time(match[3], match[4])
    if match := _ONE_TIME.search(text):
        return _time(match[1], match[2]), None
    return None, None


def format_time_range(start: datetime.time | None, end: datetime.time | None) -> str:
    if start is None:
        return ""
    text = f"kl. {start:%H:%M}"
    return f"{text} - {end:%H:%M}" if end is not None else text


def time_span(text: str) -> tuple[int, int] | None:
    """Where in ``text`` the times :func:`parse_time_range` reads stand (start, end)."""
    found = _TIMES.search(text) or _ONE_TIME.search(text)
    return found.span() if found else None


def format_time_range_like(start: datetime.time | None, end: datetime.time | None, example: str) -> str:
    """``start``-``end`` written the way ``example`` writes times (``kl. 13 - 14``, ``kl. 13:00-14:30``,
    ``kl. 9.30 til 11``): whole hours without minutes when the example writes them so, its separators,
    and a leading zero only when the example has one; :func:`format_time_range` when it has no times."""
    found = _TIMES.search(example) or _ONE_TIME.search(example)
    if start is None or found is None:
        return format_time_range(start, end)
    groups = found.groups()
    hours = [hour for hour in groups[0::2] if hour]
    minutes_sep = next((example[found.start(i + 1) - 1] for i in (1, 3) if i < len(groups) and groups[i]), "")
    padded = any(hour.startswith("0") for hour in hours)

    def written(moment: datetime.time) -> str:
        hour = f"{moment.hour:02d}" if padded else str(moment.hour)
        if moment.minute == 0 and not minutes_sep:
            return hour
        return f"{hour}{minutes_sep or ':'}{moment.minute:02d}"

    text = example[found.start() : found.start(1)] + written(start)
    if end is None:
        return text
    if len(groups) > 2 and groups[2]:
        between = example[found.end(2) if groups[1] else found.end(1) : found.start(3)]
    else:
        between = " - "
    return text + between + written(end)


# --------------------------------------------------------------------------------------- bodies

_FOLDERS = [
    (r"styre\s?grupp", r.STEERING),
    (r"koor?d?inations?\s?grupp", r.COORDINATION),
    (r"bestyrelse", r.BOARD),
    (r"(fag|interesse)\s?grupp|brugerklub", r.INTEREST),
    (r"projekt\s?grupp|projektadministration", r.PROJECT),
    (r"arbejds\s?grupp", r.WORKING),
    (r"netværk", r.NETWORK),
]


def body_kind_of(text: str) -> str | None:
    """The body a folder or file name speaks of: ``styregruppe`` → steering_group,
    ``koordinationsgruppe`` (also the misspelt ``koorinationsgruppe``) → coordination_group, ..."""
    folded = fold(text)
    for pattern, kind in _FOLDERS:
        if re.search(pattern, folded):
            return kind
    return None


def body_kind_for(
    path: str, headings: Iterable[str] = (), folders: Mapping[str, str] | None = None
) -> str | None:
    """The body a meeting file at ``path`` belongs to: the product's own folder mapping (``folders``,
    folder → body kind; the longest folder that holds the file wins), else the nearest folder whose
    name names a body (``styregruppe``, ``projektgruppe``, ``projektadministration`` …), else the file
    name, else the file's own heading or meeting name (``projektgruppemøde 03.06.2026``)."""
    parts = path.strip("/").split("/")
    folder = "/".join(parts[:-1])
    best: tuple[int, str] | None = None
    for prefix, kind in (folders or {}).items():
        prefix = prefix.strip().strip("/")
        holds = prefix == "" or folder == prefix or folder.startswith(prefix + "/")
        if holds and (best is None or len(prefix) > best[0]):
            best = (len(prefix), kind)
    if best is not None:
        return best[1]
    for text in (*reversed(parts[:-1]), parts[-1], *headings):
        if found := body_kind_of(text):
            return found
    return None


FOLDER_OF = {
    r.STEERING: "styregruppe",
    r.COORDINATION: "koordinationsgruppe",
    r.BOARD: "bestyrelse",
    r.INTEREST: "faggruppe",
    r.PROJECT: "projektgruppe",
    r.WORKING: "arbejdsgruppe",
    r.NETWORK: "netvaerk",
    r.OTHER: "gruppe",
}
SUFFIX_OF = {
    r.STEERING: "Styregruppe",
    r.COORDINATION: "Koordinationsgruppe",
    r.BOARD: "Bestyrelse",
    r.INTEREST: "Faggruppe",
    r.PROJECT: "Projektgruppe",
    r.WORKING: "Arbejdsgruppe",
    r.NETWORK: "Netværk",
    r.OTHER: "Gruppe",
}


def is_template(name: str) -> bool:
    """Template files (``skabelon.md``, ``template.md``, ``_skabelon-referat.md``) are skipped."""
    folded = fold(name)
    return "skabelon" in folded or "template" in folded


def slugify(text: str) -> str:
    danish: dict[str, str | int | None] = {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"}
    text = text.translate(str.maketrans(danish))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80] or "beslutning"
