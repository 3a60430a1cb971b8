"""Which known licence text a file holds, the way GitHub's *licensee* tells it. Pure.

Both the file and each known text (the SPDX texts shipped in ``evaluation/data/licences/``) are
normalised the same way, then compared as *sets of words* with the Sørensen-Dice coefficient,
with licensee's small penalty for a difference in length::

    similarity = 200 · |A ∩ B| / (|A| + |B| + |len(a) - len(b)| / 4)

where A and B are the word sets and ``len`` the length of the normalised texts in characters. So
the words a licence has and another lacks decide (GPL-3.0's section 13 names the Affero licence,
but the AGPL-3.0 has whole sentences about users interacting over a network that the GPL lacks),
not the first phrase found.

Normalisation (after licensee and the SPDX matching guidelines): line ends, a byte-order mark,
Markdown (headings, rules and underlines, emphasis, links, block quotes) and HTML comments go; the
text is lower case; quotes, dashes and ``&`` are written one way, ``http:`` as ``https:``; British
spellings as American ones (``licence`` → ``license``); list markers and section numbers go (at the
start of a line, and ``(b)``, ``2.1.`` or ``-`` where reflowing moved them into a line), and so do
addresses (URLs). From the start of the text, the title lines (``GNU GENERAL PUBLIC LICENSE``,
``The MIT License (MIT)``), version lines, copyright lines (``Copyright (c) 2024 …``, lines of more
years, ``All rights reserved``) and SPDX tags are dropped, as are a few passages that are
optional in the licences themselves (Creative Commons' public-domain dedication of its texts);
everything after ``END OF TERMS AND CONDITIONS`` (the GNU and Apache licences' "How to apply"
appendix) is dropped. Whitespace is collapsed, so reflowed lines and CRLF make no difference. Words
are runs of letters and digits (a hyphen or slash separates two words, ``licensor's`` is one).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

#: Legally equivalent spellings (the SPDX matching guidelines' list, as licensee uses it).
VARIANT_SPELLINGS: dict[str, str] = {
    "acknowledgment": "acknowledgement", "analogue": "analog", "analyse": "analyze",
    "artefact": "artifact", "authorisation": "authorization", "authorised": "authorized",
    "calibre": "caliber", "cancelled": "canceled", "capitalisations": "capitalizations",
    "catalogue": "catalog", "categorise": "categorize", "centre": "center", "emphasised": "emphasized",
    "favour": "favor", "favourite": "favorite", "fulfil": "fulfill", "fulfilment": "fulfillment",
    "initialise": "initialize", "judgment": "judgement", "labelling": "labeling", "labour": "labor",
    "licence": "license", "licences": "licenses", "licenced": "licensed", "licencing": "licensing",
    "maximise": "maximize", "modelled": "modeled", "modelling": "modeling", "offence": "offense",
    "optimise": "optimize", "organisation": "organization", "organise": "organize",
    "practise": "practice", "programme": "program", "realise": "realize", "recognise": "recognize",
    "signalling": "signaling", "sub-license": "sublicense", "sub license": "sublicense",
    "utilisation": "utilization", "whilst": "while", "wilful": "willful",
    "non-commercial": "noncommercial", "per cent": "percent", "copyright owner": "copyright holder",
}  # fmt: skip

_SPELLING = re.compile(
    r"\b("
    + "|".join(
        re.escape(word).replace(r"\ ", r"\s+") for word in sorted(VARIANT_SPELLINGS, key=len, reverse=True)
    )
    + r")\b"
)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_LINK = re.compile(r"\[([^\]\n]{1,300})\]\([^)\n]{0,500}\)")
_HEADING = re.compile(r"^[ \t]*#+[ \t]*", re.MULTILINE)
_QUOTE_MARK = re.compile(r"^[ \t]*>+[ \t]?", re.MULTILINE)
_RULE = re.compile(r"[=\-*_~]{3,}")
_BROKEN_WORD = re.compile(r"(\w)-[ \t]*\n[ \t]*(\w)")
_QUOTES = re.compile("[`'\"\u2018\u2019\u201a\u201c\u201d\u201e\u00ab\u00bb]")
_DASHES = re.compile("[\u2010-\u2015-]{2,}|[\u2010-\u2015]")
_SPAN = re.compile(r"[*_~]+")
_LIST_MARKER = re.compile(
    r"^[ \t]*(?:[-*•·]|\(?(?:\d{1,3}(?:\.\d{1,3}){0,3}|[a-z]|[ivx]{1,5})[.)])(?=\s|$)", re.MULTILINE
)
#: List markers and section numbers inside a line (where reflowing put them): ``(b)``, ``2.1.``, ``-``.
_INLINE_MARKER = re.compile(
    r"(?<!\S)(?:\(?(?:\d{1,3}|[a-z]|[ivx]{1,5})\)|\d{1,3}(?:\.\d{1,3})*\.|[a-z]\.|[-\u2022\u00b7*])(?!\S)"
)
_ADDRESS = re.compile(r"<?(?:https?://|www\.)[^\s>]+>?|\b[\w.-]{1,100}\.(?:org|com|net|eu|edu|gov)/[^\s>]*")
#: The titles licence texts begin with (lower case, British spellings already American), and a bare
#: "License" heading: a line that is one of these, with a version and a date after it, is a title.
_TITLE = re.compile(
    r"\(?(?:the )?(?:gnu (?:affero |lesser |library )?general public license|gnu (?:a|l)?gpl|apache license"
    r"|mozilla public license|european union public license|eclipse public license|boost software license"
    r"|mit license|mit no attribution|isc license|zlib license|bsd zero clause license"
    r"|bsd [23]-clause(?: '[a-z ]+')? license|bsd license|creative commons\b"
    r"|attribution[\w-]* \d\.\d international|unlicense|license|copying)"
    r"[\w .,:;'/()+-]{0,60}"
)
#: Lines a licence file may begin with besides titles: version, date, copyright, SPDX tag, address.
_HEAD_LINE = re.compile(
    r"(?:version\b|v?\d{1,2}\.\d{1,2}(?:\s|,|$)|[\w ,.]{0,20}\b(?:19|20)\d\d$|\d{4}\b|copyright\b|\(c\)|©"
    r"|all rights reserved|spdx-|<?https?://)"
)
_OPTIONAL = re.compile(
    r"the text of the creative commons public licenses is dedicated to the public domain under the cc0 "
    r"public domain dedication\.?"
)
_END_OF_TERMS = re.compile(r"\bend of (?:the )?terms and conditions\b")
_WORD = re.compile(r"\w+(?:'\w+)?")
_TITLE_WORDS = 10


def _is_head_line(line: str) -> bool:
    """A line a licence file may start with before the licence's own words: title, version, copyright."""
    if not line:
        return True
    if _HEAD_LINE.match(line):
        return True
    return bool(_TITLE.fullmatch(line)) and len(line.split()) <= _TITLE_WORDS


def normalise(text: str) -> str:
    """``text`` as the comparison sees it (see the module's docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = _HTML_COMMENT.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _HEADING.sub("", text)
    text = _QUOTE_MARK.sub("", text)
    text = _RULE.sub("", text)
    text = _ADDRESS.sub(" ", text.lower())
    text = _BROKEN_WORD.sub(r"\1-\2", text)
    text = _QUOTES.sub("'", text)
    text = _DASHES.sub("-", text)
    text = text.replace("&", " and ").replace("http:", "https:")
    text = _SPELLING.sub(lambda match: VARIANT_SPELLINGS[" ".join(match.group(1).split())], text)
    text = _SPAN.sub(" ", text)
    text = _LIST_MARKER.sub("", text)
    lines = text.split("\n")
    start = 0
    while start < len(lines) and _is_head_line(lines[start].strip()):
        start += 1
    text = " ".join(lines[start:])
    text = _INLINE_MARKER.sub(" ", text)
    text = _OPTIONAL.sub(" ", text)
    end = _END_OF_TERMS.search(text)
    if end:
        text = text[: end.start()]
    return " ".join(text.split())


@dataclass(frozen=True)
class Words:
    """A normalised text: its word set and its length."""

    words: frozenset[str]
    length: int

    @classmethod
    def of(cls, text: str) -> Words:
        normal = normalise(text)
        return cls(frozenset(_WORD.findall(normal)), len(normal))

    def similarity(self, other: Words) -> float:
        """Sørensen-Dice of the two word sets with licensee's length penalty, in per cent (0 to 100)."""
        total = len(self.words) + len(other.words) + abs(self.length - other.length) / 4
        return 200.0 * len(self.words & other.words) / total if total else 0.0


KNOWN_TEXTS_PACKAGE = "programkontor.evaluation"


@functools.cache
def known_texts() -> dict[str, Words]:
    """The shipped SPDX licence texts, by SPDX id (read once)."""
    folder = resources.files(KNOWN_TEXTS_PACKAGE).joinpath("data", "licences")
    return {
        entry.name.removesuffix(".txt"): Words.of(entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".txt")
    }


def ranked(text: str) -> list[tuple[str, float]]:
    """Every known licence with its similarity to ``text``, the most similar first."""
    words = Words.of(text)
    if not words.words:
        return []
    scores = [(spdx, known.similarity(words)) for spdx, known in known_texts().items()]
    return sorted(scores, key=lambda pair: (-pair[1], pair[0]))


def title_lines(text: str, *, limit: int = 8) -> list[int]:
    """Indexes of (at most ``limit``) lines that look like a licence's title: where a licence text may
    begin after a project's own notice."""
    found = []
    for index, line in enumerate(text.replace("\r\n", "\n").split("\n")):
        stripped = line.strip().strip("#*=_ ").lower()
        if stripped and len(stripped.split()) <= _TITLE_WORDS and _TITLE.fullmatch(stripped):
            found.append(index)
            if len(found) >= limit:
                break
    return found
