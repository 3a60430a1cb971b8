"""Requirement catalogues as plain data: levels, themes, requirements, and how reports name them.

Pure Python, no Django. Reading catalogues from OS2's template Markdown or from JSON is
:mod:`.catalogue`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from programkontor.core.markdown_export import markdown_line, markdown_text
from programkontor.evaluation import scoring
from programkontor.evaluation.formats.common import (
    FormatError,
    Problem,
    clean_value,
    gettext_noop,
    normalise,
    problem,
)

DEFAULT_LEVELS: tuple[tuple[str, str], ...] = (
    ("sandbox", "Sandkasse"),
    ("1", "Niveau 1"),
    ("2", "Niveau 2"),
    ("3", "Niveau 3"),
)
#: How many answers of one kind (levels, themes) a catalogue keeps at most.
KEPT_ANSWERS = 4_096
RECOMMENDATION = re.compile(r"\(\s*anbefal\w*\s*\)", re.IGNORECASE)
_CODE = re.compile(r"^[A-Za-z]{0,4}\d{1,3}[a-z]?$")
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


@dataclass(frozen=True)
class Level:
    key: str
    label: str

    def tokens(self) -> set[str]:
        """Ways a report writes this level: its key, its label, the label without 'Niveau'."""
        label = normalise(self.label)
        key = normalise(self.key)
        found = {key, label, _unprefixed(label)}
        if key == "sandbox":
            found |= {"sandkasse", "sandbox"}
        return found


_NON_WORD = re.compile(r"[^\w]+")
_LEVEL_PREFIX = re.compile(r"^(?:produktniveau|niveau|niv|level|lvl)\.?\s{0,5}(?=\d)")


def _unprefixed(text: str) -> str:
    """``niveau 2`` → ``2``; ``niveau2`` → ``2``."""
    return _LEVEL_PREFIX.sub("", text).strip()


@dataclass(frozen=True)
class ThemeData:
    key: str
    name: str


@dataclass(frozen=True)
class RequirementData:
    code: str
    theme: str
    level: str
    title: str
    recommendation: bool = False
    text: str = ""
    guidance: str = ""
    criterion: str = ""

    def item(self) -> scoring.Item:
        return scoring.Item(self.code, self.theme, self.level, self.recommendation)


@dataclass(frozen=True)
class CatalogueData:
    standard: str
    name: str
    version: str
    levels: tuple[Level, ...]
    themes: tuple[ThemeData, ...]
    requirements: tuple[RequirementData, ...]
    released: str = ""
    report_template_version: str = ""
    description: str = ""
    source: str = ""

    @property
    def level_keys(self) -> list[str]:
        return [level.key for level in self.levels]

    @property
    def theme_keys(self) -> list[str]:
        return [theme.key for theme in self.themes]

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.requirements]

    def items(self) -> list[scoring.Item]:
        """The requirements as the scoring sees them (made once per catalogue: every report asks)."""
        cached: tuple[scoring.Item, ...] | None = self.__dict__.get("_items")
        if cached is None:
            cached = tuple(r.item() for r in self.requirements)
            object.__setattr__(self, "_items", cached)
        return list(cached)

    def requirement(self, code: str) -> RequirementData | None:
        return self._by_code().get(code.strip().upper())

    def _by_code(self) -> dict[str, RequirementData]:
        cached: dict[str, RequirementData] | None = self.__dict__.get("_codes")
        if cached is None:
            cached = {r.code.upper(): r for r in self.requirements}
            object.__setattr__(self, "_codes", cached)
        return cached

    def level_for(self, text: str) -> str | None:
        """The level key a cell names, however it is spelt (``Sandkasse``, ``sandkasse``, ``2``,
        ``Niveau 2``, ``**Niveau 2.**``), or None. When the other levels are numbered 1, 2, 3 …, the
        first level is also ``0`` (``Niveau 0``: OS2's earlier name for the sandbox). The answers are
        kept on the catalogue: every row of every report of an import asks."""
        return self._answer("_level_answers", text, self._read_level)

    def _answer(self, store: str, question: str, read: Callable[[str], str | None]) -> str | None:
        """``read(question)``, kept on the catalogue in its ``store`` (at most ``KEPT_ANSWERS``, then
        begun again): an import asks the same few questions for every row of every report."""
        answers: dict[str, str | None] | None = self.__dict__.get(store)
        if answers is None:
            answers = {}
            object.__setattr__(self, store, answers)
        if question not in answers:
            if len(answers) >= KEPT_ANSWERS:
                answers.clear()
            answers[question] = read(question)
        return answers[question]

    def _read_level(self, text: str) -> str | None:
        value = normalise(clean_value(text)).strip(".")
        if not value:
            return None
        bare = _unprefixed(value)
        numbered = [level.key for level in self.levels[1:]] == [str(n) for n in range(1, len(self.levels))]
        for position, level in enumerate(self.levels):
            tokens = level.tokens()
            if value in tokens or bare in tokens or (numbered and bare == str(position)):
                return level.key
        return None

    def level_label(self, key: str) -> str:
        return next((level.label for level in self.levels if level.key == key), key)

    def theme_for(self, heading: str) -> str | None:
        """The theme key a heading names (``## STRATEGISK SAMMENHÆNG``, ``### 🌍 Relevans``,
        ``**GOVERNANCE**``), or None. A short form that begins exactly one theme's name (OS2's form
        writes ``"kategori": "strategisk"``) names it too, and so does a heading that contains exactly
        one theme's name as words (``Tema: Relevans``). The answers are kept on the catalogue, as
        :meth:`level_for`'s."""
        return self._answer("_theme_answers", heading, self._read_theme)

    def _read_theme(self, heading: str) -> str | None:
        value = normalise(heading)
        if not value:
            return None
        for theme in self.themes:
            if value in (normalise(theme.name), normalise(theme.key)):
                return theme.key
        starting = [theme.key for theme in self.themes if normalise(theme.name).startswith(value + " ")]
        if len(starting) == 1:
            return starting[0]
        padded = " " + _NON_WORD.sub(" ", value) + " "
        containing = [theme.key for theme in self.themes if f" {normalise(theme.name)} " in padded]
        return containing[0] if len(containing) == 1 else None

    def theme_name(self, key: str) -> str:
        return next((theme.name for theme in self.themes if theme.key == key), key)

    def validate(self) -> None:
        """FormatError unless the catalogue is coherent: unique ids, known levels and themes."""
        problems: list[Problem] = []
        if not self.standard.strip():
            problems.append(problem(gettext_noop("The catalogue names no standard.")))
        if not self.version.strip():
            problems.append(problem(gettext_noop("The catalogue has no version.")))
        if not self.levels:
            problems.append(problem(gettext_noop("The catalogue has no levels.")))
        if len({level.key for level in self.levels}) != len(self.levels):
            problems.append(problem(gettext_noop("The catalogue repeats a level.")))
        if len({theme.key for theme in self.themes}) != len(self.themes):
            problems.append(problem(gettext_noop("The catalogue repeats a theme.")))
        if not self.requirements:
            problems.append(problem(gettext_noop("The catalogue has no requirements.")))
        seen: set[str] = set()
        levels, themes = set(self.level_keys), set(self.theme_keys)
        for requirement in self.requirements:
            code = requirement.code
            if not _CODE.match(code):
                problems.append(
                    problem(gettext_noop("'%(code)s' is not a requirement id such as R1 or F12."), code=code)
                )
            if code.upper() in seen:
                problems.append(problem(gettext_noop("The requirement %(code)s appears twice."), code=code))
            seen.add(code.upper())
            if requirement.level not in levels:
                problems.append(
                    problem(
                        gettext_noop(
                            "%(code)s has the level '%(level)s', which the catalogue does not have."
                        ),
                        code=code,
                        level=requirement.level,
                    )
                )
            if requirement.theme not in themes:
                problems.append(
                    problem(
                        gettext_noop(
                            "%(code)s has the theme '%(theme)s', which the catalogue does not have."
                        ),
                        code=code,
                        theme=requirement.theme,
                    )
                )
            if not requirement.title.strip():
                problems.append(problem(gettext_noop("%(code)s has no title."), code=code))
        if problems:
            raise FormatError(problems)


def slug(text: str) -> str:
    value = normalise(text).translate(_DANISH)
    return re.sub(r"[^a-z0-9]+", "-", value).strip("-") or "x"


def theme_display_name(heading: str) -> str:
    """``STRATEGISK SAMMENHÆNG`` → ``Strategisk sammenhæng``; mixed-case headings stay as written."""
    text = " ".join(heading.replace("*", "").split())
    if text.isupper():
        return text[:1] + text[1:].lower()
    return text


def short_title(text: str, limit: int = 120) -> str:
    """A requirement's official text as a title: without '(anbefaling)', cut at ``limit`` characters."""
    value = " ".join(RECOMMENDATION.sub("", text).split()).rstrip(" .")
    if len(value) <= limit:
        return value
    cut = value[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def inert(catalogue: CatalogueData) -> CatalogueData:
    """The catalogue with its texts made inert for an exported Markdown file (labels, names, titles,
    texts, guidance and criteria; keys and codes stay as they are)."""
    return replace(
        catalogue,
        levels=tuple(Level(level.key, markdown_line(level.label)) for level in catalogue.levels),
        themes=tuple(ThemeData(theme.key, markdown_line(theme.name)) for theme in catalogue.themes),
        requirements=tuple(
            replace(
                requirement,
                title=markdown_text(requirement.title),
                text=markdown_text(requirement.text),
                guidance=markdown_text(requirement.guidance),
                criterion=markdown_text(requirement.criterion),
            )
            for requirement in catalogue.requirements
        ),
    )


def is_json(text: str) -> bool:
    return text.lstrip().startswith(("{", "["))
