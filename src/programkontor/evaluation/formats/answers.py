"""The answers of a self-evaluation as people write them: OS2's four words in any case and spacing,
the form's symbols (✅, ❌, the heavy minus and ❓), English words, and the checkboxes of the previous
governance model.

A value that names no answer (``Delvist``, ``?``, ``Afventer``) is not guessed: :class:`AnswerError`,
and the reader keeps it as written for a person to map.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from programkontor.core.markdown_reader import plain, undecorated
from programkontor.evaluation import scoring
from programkontor.evaluation.formats.common import clean_value

#: The answers as OS2's form and report write them.
ANSWER_TEXT: Mapping[str, str] = {
    scoring.YES: "Ja",
    scoring.NO: "Nej",
    scoring.NOT_RELEVANT: "Ikke relevant",
    scoring.UNKNOWN: "Ved ikke",
}
_WORDS: Mapping[str, str] = {
    "ja": scoring.YES,
    "yes": scoring.YES,
    "opfyldt": scoring.YES,
    "efterlevet": scoring.YES,
    "nej": scoring.NO,
    "no": scoring.NO,
    "ikke opfyldt": scoring.NO,
    "ikke efterlevet": scoring.NO,
    "ikke relevant": scoring.NOT_RELEVANT,
    "ikke-relevant": scoring.NOT_RELEVANT,
    "irrelevant": scoring.NOT_RELEVANT,
    "not relevant": scoring.NOT_RELEVANT,
    "not_relevant": scoring.NOT_RELEVANT,
    "n/a": scoring.NOT_RELEVANT,
    "ved ikke": scoring.UNKNOWN,
    "ved-ikke": scoring.UNKNOWN,
    "unknown": scoring.UNKNOWN,
    "don't know": scoring.UNKNOWN,
}
#: The symbols of OS2's form (Ja ✅, Nej ❌, Ikke relevant U+2796, Ved ikke ❓) and kin.
_SYMBOLS: Mapping[str, str] = {
    "\u2705": scoring.YES,  # ✅
    "\u2714": scoring.YES,  # ✔
    "\u2611": scoring.YES,  # ☑
    "\u274c": scoring.NO,  # ❌
    "\u2716": scoring.NO,  # ✖
    "\u2796": scoring.NOT_RELEVANT,  # heavy minus sign
    "\u2753": scoring.UNKNOWN,  # ❓
    "\u2754": scoring.UNKNOWN,  # ❔
}
#: What an unanswered requirement holds in OS2's form and generators.
_UNANSWERED = frozenset({"", "vælg", "udfyldes i selvevaluering", "[udfyldes i selvevaluering]"})
_VARIATION = re.compile("[\ufe0e\ufe0f\u200d]")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,20}(?:\s[^<>\n]{0,500})?/?>")


def _words(text: str) -> str:
    """The words of a value: no markup or symbols, lower case, one space, no closing full stop."""
    return " ".join(undecorated(plain(text)).casefold().split()).rstrip(".").strip()


class AnswerError(ValueError):
    """The value names no answer (or several); it is kept as written."""


def read_answer(value: object) -> str | None:
    """An answer as people write it → 'yes' | 'no' | 'not_relevant' | 'unknown' | None (unanswered)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise AnswerError(str(value))
    text = _VARIATION.sub("", unicodedata.normalize("NFC", clean_value(value)))
    found = {_SYMBOLS[char] for char in text if char in _SYMBOLS}
    words = _words("".join(" " if char in _SYMBOLS else char for char in text))
    if not found and (not text.strip() or (words and words in _UNANSWERED)):
        return None
    if words:
        answer = _WORDS.get(words)
        if answer is None:
            raise AnswerError(value)
        found.add(answer)
    if len(found) != 1:
        raise AnswerError(value)
    return found.pop()


_CHECKED = frozenset({"[x]", "x", "\u2611", "\u2705", "\u2714", "\u2612"})
_UNCHECKED = frozenset({"[ ]", "[]", "\u2610", "\u2b1c"})


class NotACheckbox(ValueError):
    pass


def read_checkbox(value: str) -> bool | None:
    """A checkbox cell of the previous governance model (``[x]``, ``[X]``, ``[ ]``, ``[]``, also inside
    ``<ul><li> [x] </li>``; ☑ ☐): True ticked, False empty, None for an empty cell."""
    text = _VARIATION.sub("", _TAG.sub(" ", value)).strip().casefold()
    text = " ".join(text.split())
    if not text:
        return None
    if text in _CHECKED:
        return True
    if text in _UNCHECKED or text == "[ ]":
        return False
    raise NotACheckbox(value)


def looks_like_checkboxes(cells: list[str]) -> bool:
    """Whether a column holds checkboxes (most of its non-empty cells are one)."""
    seen = boxes = 0
    for cell in cells:
        if not cell.strip():
            continue
        seen += 1
        try:
            read_checkbox(cell)
        except NotACheckbox:
            continue
        boxes += 1
    return seen > 0 and boxes * 2 > seen
