"""Which licence a licence file holds (its SPDX id and how sure we are), and whether the OSI has
approved it. Pure.

A file is identified as GitHub's *licensee* does it (see :mod:`.licence_text`): its normalised
words are compared with the SPDX texts of the licences met in public-sector software, and the most
similar one is claimed only when the similarity reaches :data:`IDENTIFIED` (98 %, licensee's own
threshold). Between :data:`CLOSE` and that, the file is *close* to a licence — a modified or
incomplete copy that a person must look at — and nothing is claimed. :data:`CLOSE` is 95 %: above
the highest similarity between two different shipped licences (GPL-3.0 and AGPL-3.0, 94.6 %; then
EUPL-1.1 and 1.2, 83 %; ISC and 0BSD, 81 %; MIT and MIT-0, 80 %), so a close match is never just the
neighbour in the family, while the real copies met in repositories (the FSF's own GPL files, the
Creative Commons text with its notices) score 99 % or more.

An ``SPDX-License-Identifier`` tag is taken as written. A project's notice before the licence text
(``This program is free software …``) is allowed: the text is also compared from each line that
looks like a licence title. The GNU licences' texts are the same for "only" and "or later"; the
project's notice decides (:func:`gnu_variant`), and without one SPDX's meaning of the bare name
("only") applies.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from programkontor.evaluation.repository import licence_text

#: OS2's default licence.
OS2_DEFAULT = "MPL-2.0"

#: Claim a licence from its text at this similarity (per cent) and above.
IDENTIFIED = 98.0
#: Call a file close to a licence (a modified copy: nothing is claimed) from this similarity.
CLOSE = 95.0

TAG = "tag"
REUSE = "reuse"
TEXT = "text"
NEAR = "close"
TITLE = "title"

_SPDX_TAG = re.compile(r"SPDX-License-Identifier:\s*([A-Za-z0-9.+\-() ]+?)\s*(?:\*/|-->|$)", re.MULTILINE)
_EXPRESSION_TOKEN = re.compile(r"\(|\)|[A-Za-z0-9.+-]+")
_OPERATORS = {"AND", "OR", "WITH"}

#: SPDX's deprecated ids for the GNU licences and the ids that replace them.
DEPRECATED: dict[str, str] = {
    "GPL-1.0": "GPL-1.0-only", "GPL-1.0+": "GPL-1.0-or-later",
    "GPL-2.0": "GPL-2.0-only", "GPL-2.0+": "GPL-2.0-or-later",
    "GPL-3.0": "GPL-3.0-only", "GPL-3.0+": "GPL-3.0-or-later",
    "LGPL-2.0": "LGPL-2.0-only", "LGPL-2.0+": "LGPL-2.0-or-later",
    "LGPL-2.1": "LGPL-2.1-only", "LGPL-2.1+": "LGPL-2.1-or-later",
    "LGPL-3.0": "LGPL-3.0-only", "LGPL-3.0+": "LGPL-3.0-or-later",
    "AGPL-1.0": "AGPL-1.0-only", "AGPL-3.0": "AGPL-3.0-only",
}  # fmt: skip

#: Names the title of a licence file may give, for files that name a licence without holding its text.
TITLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (spdx, re.compile(pattern, re.IGNORECASE))
    for spdx, pattern in (
        ("MPL-2.0", r"mozilla public licen[cs]e,? (?:version |v\.? ?)?2\.0"),
        ("EUPL-1.2", r"european union public licen[cs]e,? (?:version |v\.? ?)?1\.2"),
        ("EUPL-1.1", r"european union public licen[cs]e,? (?:version |v\.? ?)?1\.1"),
        ("AGPL-3.0-only", r"gnu affero general public licen[cs]e\W+version 3"),
        ("LGPL-3.0-only", r"gnu lesser general public licen[cs]e\W+version 3"),
        ("LGPL-2.1-only", r"gnu lesser general public licen[cs]e\W+version 2\.1"),
        ("GPL-3.0-only", r"^\W*gnu general public licen[cs]e\W+version 3"),
        ("GPL-2.0-only", r"^\W*gnu general public licen[cs]e\W+version 2"),
        ("Apache-2.0", r"apache licen[cs]e,?\W+version 2\.0"),
        ("MIT", r"^\W*(?:the )?mit licen[cs]e"),
        ("EPL-2.0", r"eclipse public licen[cs]e (?:- )?v(?:ersion ?)?2\.0"),
        ("CC-BY-SA-4.0", r"attribution-sharealike 4\.0 international"),
        ("CC-BY-4.0", r"attribution 4\.0 international"),
        ("CC0-1.0", r"cc0 1\.0 universal"),
    )
)


@dataclass(frozen=True)
class LicenceMatch:
    """What a licence file holds: an SPDX id, the similarity with its text (per cent) and how it was
    found (:data:`TAG`, :data:`REUSE`, :data:`TEXT`; or, claiming nothing, :data:`NEAR` or :data:`TITLE`)."""

    spdx: str
    confidence: float
    method: str
    #: The line (from 1) the licence text starts at; above it, the project's own notice.
    start_line: int = 1
    #: The next most similar licence and its similarity.
    runner_up: tuple[str, float] | None = None

    @property
    def identified(self) -> bool:
        return self.method in (TAG, REUSE, TEXT)

    @property
    def percent(self) -> int:
        """The confidence in whole per cent, never rounded up to 100 when it is not."""
        return int(self.confidence)


def identify(text: str) -> LicenceMatch | None:
    """The licence ``text`` holds (see the module's docstring), or None when it resembles none."""
    tag = _SPDX_TAG.search(text)
    if tag:
        return LicenceMatch(tag.group(1).strip(), 100.0, TAG)
    lines = text.replace("\r\n", "\n").split("\n")
    best: LicenceMatch | None = None
    for start in [0, *licence_text.title_lines(text)]:
        ranking = licence_text.ranked("\n".join(lines[start:]) if start else text)
        if not ranking:
            continue
        (spdx, score), runner_up = ranking[0], (ranking[1] if len(ranking) > 1 else None)
        if best is None or score > best.confidence:
            best = LicenceMatch(spdx, score, TEXT, start + 1, runner_up)
        if score >= IDENTIFIED:
            break
    if best is not None and best.confidence >= IDENTIFIED:
        return best
    if best is not None and best.confidence >= CLOSE:
        return LicenceMatch(best.spdx, best.confidence, NEAR, best.start_line, best.runner_up)
    head = "\n".join(line for line in lines[:5])
    for spdx, pattern in TITLES:
        if pattern.search(head):
            score = dict(licence_text.ranked(text)).get(spdx, 0.0)
            return LicenceMatch(spdx, score, TITLE)
    return None


_LATER = re.compile(
    r"any later version|\b(?:a|l)?gpl-?\d\.\d-or-later\b|\b(?:a|l)?gpl-?v?\d(?:\.\d)?\+"
    r"|\b(?:a|l)?gpl[ -]?v?\d(?:\.\d)? or later\b",
    re.IGNORECASE,
)
_FAMILY = re.compile(r"^((?:A|L)?GPL-\d\.\d)-only$")


def gnu_variant(spdx: str, notices: Iterable[str]) -> str:
    """``spdx`` (a GNU licence's ``…-only`` id) as ``…-or-later`` when one of ``notices`` (the text
    above the licence, the README, publiccode.yml's licence) says "or any later version"."""
    family = _FAMILY.match(spdx)
    if not family:
        return spdx
    return f"{family.group(1)}-or-later" if any(_LATER.search(notice) for notice in notices) else spdx


def notice_of(text: str, match: LicenceMatch) -> str:
    """The project's own words above the licence text in the same file ("" when it starts at once)."""
    if match.start_line <= 1:
        return ""
    return "\n".join(text.replace("\r\n", "\n").split("\n")[: match.start_line - 1])


@functools.cache
def spdx_licences() -> dict[str, dict[str, object]]:
    """The SPDX licence list (id → name, OSI-approved), shipped with the texts."""
    data = resources.files(licence_text.KNOWN_TEXTS_PACKAGE).joinpath(
        "data", "licences", "spdx-licenses.json"
    )
    loaded: dict[str, dict[str, object]] = json.loads(data.read_text(encoding="utf-8"))
    return loaded


def text(spdx: str) -> str:
    """The SPDX text of a licence the check knows (``MPL-2.0``, ``GPL-3.0-only``); KeyError for others."""
    if spdx not in licence_text.known_texts():
        raise KeyError(spdx)
    folder = resources.files(licence_text.KNOWN_TEXTS_PACKAGE).joinpath("data", "licences")
    return folder.joinpath(f"{spdx}.txt").read_text(encoding="utf-8")


def name(spdx: str) -> str:
    """The licence's full name in the SPDX list ("" for an id the list does not have)."""
    entry = spdx_licences().get(spdx.removesuffix("+"))
    return str(entry["name"]) if entry else ""


def expression_ids(expression: str) -> list[str] | None:
    """The licence ids of an SPDX expression (``MIT OR Apache-2.0``, ``GPL-2.0-or-later WITH
    Classpath-exception-2.0``), or None when it is not one: an unknown id, or operators out of place."""
    tokens = _EXPRESSION_TOKEN.findall(expression)
    if not tokens or "".join(tokens) != re.sub(r"\s+", "", expression):
        return None
    ids: list[str] = []
    expect_operand, depth, after_with = True, 0, False
    for part in tokens:
        if part == "(":
            if not expect_operand:
                return None
            depth += 1
        elif part == ")":
            depth -= 1
            if depth < 0 or expect_operand:
                return None
        elif part.upper() in _OPERATORS:
            if expect_operand:
                return None
            after_with = part.upper() == "WITH"
            expect_operand = True
        else:
            if not expect_operand:
                return None
            if not after_with:
                if part.removesuffix("+") not in spdx_licences() and not part.startswith("LicenseRef-"):
                    return None
                ids.append(part)
            after_with, expect_operand = False, False
    return ids if depth == 0 and not expect_operand else None


def canonical(spdx: str) -> str:
    """``spdx`` with SPDX's deprecated GNU ids replaced (``GPL-3.0`` → ``GPL-3.0-only``)."""
    return DEPRECATED.get(spdx, spdx)


def is_osi_approved(spdx: str) -> bool:
    """True when every licence of an SPDX expression is OSI-approved (exceptions after WITH aside)."""
    parts = [part.strip(" ()") for part in re.split(r"\s+(?:OR|AND)\s+", spdx) if part.strip(" ()")]
    licences = [part.split(" WITH ")[0].strip(" ()") for part in parts]
    if not licences:
        return False
    for licence in licences:
        entry = spdx_licences().get(licence.removesuffix("+"))
        if not (entry and entry["osi"]):
            return False
    return True
