"""The README check (F5): every README variant of the repository is read, and the purpose counts as
described when a README has a section on it or states it in its opening text.

The *opening text* is what comes before the first heading, or — when the README begins with its
title — between the title and the next heading. It describes the purpose when one of its first
paragraphs is a real sentence: after images, badges, HTML tags and link addresses are taken away,
at least :data:`SENTENCE_WORDS` words, most of them words of letters, ending like a sentence (``.``,
``!``, ``?`` or ``:``). Badge lines, lists, tables, code and quotes of commands do not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from programkontor.evaluation import scoring
from programkontor.evaluation.formats.common import gettext_noop
from programkontor.evaluation.repository.context import Finding, _Context
from programkontor.evaluation.repository.sources import Unreadable

#: Where GitHub and GitLab look for a README, and its variants (README.md, readme.md, README.da.md, ...).
README_PATHS = (
    r"(?:\.github/|docs/)?readme(?:\.[a-z]{2}(?:[-_][a-z]{2})?)?(?:\.(?:md|markdown|rst|txt|adoc|org))?"
)
SENTENCE_WORDS = 8
OPENING_PARAGRAPHS = 3
EXCERPT = 160

_PURPOSE = re.compile(
    r"^(?:#{1,6}\s*|)(formål|formaal|purpose|om\b|about|introduktion|introduction|beskrivelse|description|"
    r"what is|hvad er|overview|overblik|baggrund|background|værdi|value|hvorfor|why|features|funktioner)",
    re.IGNORECASE,
)
_ATX = re.compile(r"^\s{0,3}#{1,6}\s+\S")
_UNDERLINE = re.compile(r"\s*([=\-~^*#])\1{2,}\s*")
_HTML_HEADING = re.compile(r"^\s*<h[1-6][^>]*>", re.IGNORECASE)
_IMAGE = re.compile(r"!\[[^\]\n]{0,300}\]\([^)\n]{0,500}\)")
_LINK = re.compile(r"\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)|\[([^\]\n]{0,300})\]\[[^\]\n]{0,100}\]")
_TAG = re.compile(r"<[^>\n]{0,500}>")
_ADDRESS = re.compile(r"https?://\S+")
_NOT_PROSE = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|\||```|~~~|\$ |\.\. |:[a-z]+:|\[!)")
_WORD = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_END = re.compile(r"[.!?:]\s*$|[.!?]\s+\S")


@dataclass(frozen=True)
class Purpose:
    how: str  # "section" or "opening"
    text: str  # the heading, or the opening sentence(s)


def headings(text: str) -> list[str]:
    """A README's headings (Markdown, setext and reStructuredText underlines, HTML h1-h6)."""
    lines = text.splitlines()
    found = [line.lstrip().lstrip("#").strip() for line in lines if _ATX.match(line)]
    for index in range(1, len(lines)):
        if _UNDERLINE.fullmatch(lines[index]) and lines[index - 1].strip():
            found.append(lines[index - 1].strip())
    found += [_TAG.sub("", line).strip() for line in lines if _HTML_HEADING.match(line)]
    return found


def _blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    fenced = False
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip().startswith(("```", "~~~")):
            fenced = not fenced
            current.append("```")
            continue
        if fenced:
            continue
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _is_heading(block: list[str]) -> bool:
    if _ATX.match(block[0]) or _HTML_HEADING.match(block[0]):
        return True
    return any(_UNDERLINE.fullmatch(line) for line in block[:3]) and len(block) <= 3


def _prose(block: list[str]) -> str:
    """The block's text without images, badges, tags and link addresses ("" when it is not prose)."""
    if _NOT_PROSE.match(block[0]):
        return ""
    text = " ".join(line.strip().lstrip(">").strip() for line in block)
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(lambda match: match.group(1) or match.group(2) or "", text)
    text = _TAG.sub(" ", text)
    text = _ADDRESS.sub(" ", text)
    return " ".join(text.split())


def _is_sentence(text: str) -> bool:
    words = text.split()
    letters = _WORD.findall(text)
    return (
        len(words) >= SENTENCE_WORDS
        and len(letters) * 3 >= len(words) * 2
        and bool(_SENTENCE_END.search(text))
    )


def opening_purpose(text: str) -> str:
    """The opening text's first sentence-like paragraph (see the module's docstring), or ""."""
    blocks = _blocks(text)
    seen_title = False
    for index, block in enumerate(blocks):
        if _is_heading(block):
            if seen_title or any(_prose(earlier) for earlier in blocks[:index]):
                return ""
            seen_title = True
            continue
        if index >= OPENING_PARAGRAPHS + 4:  # badges and a logo may come first, but not much more
            return ""
        prose = _prose(block)
        if prose and _is_sentence(prose):
            return prose
    return ""


def purpose(text: str) -> Purpose | None:
    """Where a README describes the purpose: a section on it, or its opening text."""
    for heading in headings(text):
        if _PURPOSE.match(heading):
            return Purpose("section", heading)
    opening = opening_purpose(text)
    return Purpose("opening", opening) if opening else None


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rsplit(" ", 1)[0] + "…"


def check_readme(ctx: _Context) -> Finding:
    paths = sorted(
        ctx.find(README_PATHS), key=lambda path: (path.count("/"), path.lower() != "readme.md", path)
    )
    if not paths:
        return ctx.finding(
            "readme", scoring.RED, gettext_noop("No README describes the purpose of the solution.")
        )
    texts: dict[str, str] = {}
    unreadable: list[Unreadable] = []
    for path in paths:
        try:
            texts[path] = ctx.read(path) or ""
        except Unreadable as exc:
            unreadable.append(exc)
    if not texts:
        raise unreadable[0]
    read = ", ".join(texts)
    common: dict[str, Any] = {
        "readmes": list(texts),
        "read": read,
        "unreadable": [exc.path for exc in unreadable] or None,
    }
    found = {path: purpose(text) for path, text in texts.items()}
    for how in ("section", "opening"):
        for path, described in found.items():
            if described is None or described.how != how:
                continue
            if how == "section":
                return ctx.finding(
                    "readme",
                    scoring.GREEN,
                    gettext_noop(
                        "%(path)s has a section on the purpose ('%(section)s'); READMEs read: %(read)s."
                    ),
                    path=path,
                    section=described.text,
                    headings=headings(texts[path])[:20],
                    **common,
                )
            return ctx.finding(
                "readme",
                scoring.GREEN,
                gettext_noop(
                    '%(path)s states the purpose in its opening text: "%(excerpt)s"; READMEs read: %(read)s.'
                ),
                path=path,
                excerpt=_excerpt(described.text),
                opening=described.text[:1000],
                **common,
            )
    path = max(texts, key=lambda p: len(texts[p].split()))
    words = len(texts[path].split())
    if words >= 80:
        return ctx.finding(
            "readme",
            scoring.YELLOW,
            gettext_noop(
                "%(path)s has %(words)d words but neither a section on the purpose (e.g. '## Formål') nor "
                "an opening text stating it; READMEs read: %(read)s."
            ),
            path=path,
            words=words,
            headings=headings(texts[path])[:20],
            **common,
        )
    return ctx.finding(
        "readme",
        scoring.RED,
        gettext_noop(
            "%(path)s is nearly empty (%(words)d words) and does not describe the purpose; READMEs read: "
            "%(read)s."
        ),
        path=path,
        words=words,
        **common,
    )
