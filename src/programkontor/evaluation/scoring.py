"""The scoring of evaluations: pure rules, no Django.

An evaluation gives every requirement of a catalogue a traffic light. From the lights alone this
module computes everything that used to be counted by hand:

* the draft lights of a new evaluation from the product's self-evaluation (the mapping OS2's own
  generator uses: Ja → green, Nej → red, Ikke relevant → gray, Ved ikke → yellow, unanswered → red);
* the counts per level — *exact* (the requirements of that level only, as in OS2's count table)
  and *cumulative* (that level and every level below it: requirements are inherited upwards);
* the counts per theme x level, and the totals;
* the *strict level*: the highest level at which every requirement up to and including it is
  green or gray (``None`` when not even the lowest level holds);
* what changed between two evaluations, mapping requirements by their id so that evaluations made
  with different catalogue versions can be compared;
* the order of the slices of a pie chart, and whole-number percentages as OS2 prints them.

Nothing here knows OS2's four themes, four levels or 43 requirements: the catalogue (its levels in
order, its themes and its requirements) is always an argument.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

GREEN = "green"
YELLOW = "yellow"
RED = "red"
GRAY = "gray"
#: The lights in OS2's fixed order (the order of the columns of the count tables).
LIGHTS: tuple[str, ...] = (GREEN, YELLOW, RED, GRAY)
#: Lights that keep a requirement from holding a level.
PASSING: frozenset[str] = frozenset({GREEN, GRAY})

YES = "yes"
NO = "no"
NOT_RELEVANT = "not_relevant"
UNKNOWN = "unknown"
ANSWERS: tuple[str, ...] = (YES, NO, NOT_RELEVANT, UNKNOWN)

#: Self-evaluation answer → the draft light of the evaluation (OS2's generator).
ANSWER_LIGHTS: Mapping[str, str] = {YES: GREEN, NO: RED, NOT_RELEVANT: GRAY, UNKNOWN: YELLOW}
UNANSWERED_LIGHT = RED

#: Hex colours of the lights in OS2's published charts.
LIGHT_COLOURS: Mapping[str, str] = {GREEN: "#008000", YELLOW: "#FFFF00", RED: "#FF0000", GRAY: "#808080"}


@dataclass(frozen=True)
class Item:
    """A requirement as the scoring sees it: its id, theme, level and whether it is only recommended."""

    code: str
    theme: str
    level: str
    recommendation: bool = False


LightCounts = dict[str, int]
LevelCounts = dict[str, LightCounts]


def light_for_answer(answer: str | None) -> str:
    """The draft light for a self-evaluation answer (``None``: unanswered)."""
    if answer is None or answer == "":
        return UNANSWERED_LIGHT
    try:
        return ANSWER_LIGHTS[answer]
    except KeyError:
        raise ValueError(f"Unknown answer {answer!r}; expected one of {ANSWERS} or None") from None


def draft_ratings(answers: Mapping[str, str | None], codes: Iterable[str]) -> dict[str, str]:
    """Draft lights for the requirements ``codes`` from the answers (mapped by requirement id).

    Requirements the self-evaluation does not answer — or does not have, when it was made with an
    older catalogue — are unanswered, so red.
    """
    return {code: light_for_answer(answers.get(code)) for code in codes}


def empty_counts() -> LightCounts:
    return dict.fromkeys(LIGHTS, 0)


def _check_light(code: str, light: str) -> None:
    if light not in LIGHTS:
        raise ValueError(f"{code}: unknown light {light!r}; expected one of {LIGHTS}")


def _index(levels: Sequence[str]) -> dict[str, int]:
    if len(set(levels)) != len(levels):
        raise ValueError(f"The levels {list(levels)} repeat a level")
    return {level: position for position, level in enumerate(levels)}


def _level_of(item: Item, index: Mapping[str, int]) -> str:
    if item.level not in index:
        raise ValueError(f"{item.code}: level {item.level!r} is not one of {list(index)}")
    return item.level


def count_by_level(ratings: Mapping[str, str], items: Iterable[Item], levels: Sequence[str]) -> LevelCounts:
    """Lights per level, counting each requirement at its own level only (OS2's count table).

    Requirements without a light are not counted.
    """
    index = _index(levels)
    counts: LevelCounts = {level: empty_counts() for level in levels}
    for item in items:
        level = _level_of(item, index)
        light = ratings.get(item.code)
        if light is None:
            continue
        _check_light(item.code, light)
        counts[level][light] += 1
    return counts


def cumulative(counts: Mapping[str, Mapping[str, int]], levels: Sequence[str]) -> LevelCounts:
    """Per level: the lights of that level and every level below it (requirements are inherited)."""
    running = empty_counts()
    result: LevelCounts = {}
    for level in levels:
        for light in LIGHTS:
            running[light] += counts.get(level, {}).get(light, 0)
        result[level] = dict(running)
    return result


def totals(counts: Mapping[str, Mapping[str, int]]) -> LightCounts:
    """The lights of all levels together."""
    result = empty_counts()
    for row in counts.values():
        for light in LIGHTS:
            result[light] += row.get(light, 0)
    return result


def count_by_theme(
    ratings: Mapping[str, str], items: Iterable[Item], levels: Sequence[str], themes: Sequence[str]
) -> dict[str, LevelCounts]:
    """Lights per theme and level (exact levels), for the themes in the given order."""
    index = _index(levels)
    result: dict[str, LevelCounts] = {theme: {level: empty_counts() for level in levels} for theme in themes}
    for item in items:
        level = _level_of(item, index)
        if item.theme not in result:
            raise ValueError(f"{item.code}: theme {item.theme!r} is not one of {list(themes)}")
        light = ratings.get(item.code)
        if light is None:
            continue
        _check_light(item.code, light)
        result[item.theme][level][light] += 1
    return result


def strict_level(
    ratings: Mapping[str, str],
    items: Iterable[Item],
    levels: Sequence[str],
    *,
    skip_recommendations: bool = False,
) -> str | None:
    """The highest level at which every requirement up to and including it is green or gray.

    A requirement without a light does not hold. ``None`` when the lowest level does not hold.
    With ``skip_recommendations`` the requirements marked as recommendations do not count.
    """
    index = _index(levels)
    failing: set[int] = set()
    for item in items:
        position = index[_level_of(item, index)]
        if skip_recommendations and item.recommendation:
            continue
        light = ratings.get(item.code)
        if light is not None:
            _check_light(item.code, light)
        if light not in PASSING:
            failing.add(position)
    reached: str | None = None
    for position, level in enumerate(levels):
        if position in failing:
            break
        reached = level
    return reached


# Comparing two evaluations, possibly made with different catalogue versions.


@dataclass(frozen=True)
class Change:
    code: str
    old: str
    new: str


@dataclass(frozen=True)
class Diff:
    """What changed between an older and a newer evaluation, requirement by requirement (by id)."""

    turned_green: tuple[Change, ...] = ()
    turned_red: tuple[Change, ...] = ()
    other_changes: tuple[Change, ...] = ()
    unchanged: tuple[str, ...] = ()
    #: Requirements only the older / only the newer evaluation rates (catalogue versions differ).
    only_old: tuple[str, ...] = ()
    only_new: tuple[str, ...] = ()

    @property
    def changed(self) -> tuple[Change, ...]:
        return self.turned_green + self.turned_red + self.other_changes

    @property
    def is_empty(self) -> bool:
        return not (self.changed or self.only_old or self.only_new)


def _ordered(codes: Iterable[str], order: Mapping[str, int]) -> list[str]:
    return sorted(codes, key=lambda code: (order.get(code, len(order)), code))


def order_of_both(new_codes: Sequence[str], old_codes: Sequence[str]) -> tuple[str, ...]:
    """The newer catalogue version's ids in its order, then those only the older has, in its order (to
    sort a :func:`diff` across versions)."""
    return tuple(dict.fromkeys([*new_codes, *old_codes]))


def diff(old: Mapping[str, str], new: Mapping[str, str], order: Sequence[str] = ()) -> Diff:
    """Compare two evaluations' lights by requirement id. ``order`` sorts the result (catalogue order)."""
    position = {code: i for i, code in enumerate(order)}
    green: list[Change] = []
    red: list[Change] = []
    other: list[Change] = []
    same: list[str] = []
    for code in _ordered(set(old) & set(new), position):
        before, after = old[code], new[code]
        if before == after:
            same.append(code)
        elif after == GREEN:
            green.append(Change(code, before, after))
        elif after == RED:
            red.append(Change(code, before, after))
        else:
            other.append(Change(code, before, after))
    return Diff(
        turned_green=tuple(green),
        turned_red=tuple(red),
        other_changes=tuple(other),
        unchanged=tuple(same),
        only_old=tuple(_ordered(set(old) - set(new), position)),
        only_new=tuple(_ordered(set(new) - set(old), position)),
    )


@dataclass(frozen=True)
class CodeMapping:
    """How the requirements of two catalogue versions correspond (by id)."""

    common: tuple[str, ...]
    removed: tuple[str, ...]
    added: tuple[str, ...]


def map_by_code(old_codes: Sequence[str], new_codes: Sequence[str]) -> CodeMapping:
    """Requirements in both versions (in the new version's order), only in the old, only in the new."""
    old_set, new_set = set(old_codes), set(new_codes)
    return CodeMapping(
        common=tuple(code for code in new_codes if code in old_set),
        removed=tuple(code for code in old_codes if code not in new_set),
        added=tuple(code for code in new_codes if code not in old_set),
    )


@dataclass(frozen=True)
class CatalogueChanges:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    level_changed: tuple[Change, ...] = ()
    theme_changed: tuple[Change, ...] = ()
    recommendation_changed: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.level_changed
            or self.theme_changed
            or self.recommendation_changed
        )


def compare_catalogues(old: Sequence[Item], new: Sequence[Item]) -> CatalogueChanges:
    """What a new catalogue version changes compared with an old one, requirement by requirement."""
    mapping = map_by_code([i.code for i in old], [i.code for i in new])
    before = {item.code: item for item in old}
    after = {item.code: item for item in new}
    return CatalogueChanges(
        added=mapping.added,
        removed=mapping.removed,
        level_changed=tuple(
            Change(code, before[code].level, after[code].level)
            for code in mapping.common
            if before[code].level != after[code].level
        ),
        theme_changed=tuple(
            Change(code, before[code].theme, after[code].theme)
            for code in mapping.common
            if before[code].theme != after[code].theme
        ),
        recommendation_changed=tuple(
            code for code in mapping.common if before[code].recommendation != after[code].recommendation
        ),
    )


# Charts


def pie_order(row: Mapping[str, int]) -> list[tuple[str, int]]:
    """The slices of a pie in the order Mermaid draws (and colours) them: largest first, ties in
    OS2's light order (green, yellow, red, gray). Every light is included, also with 0."""
    return sorted(((light, row.get(light, 0)) for light in LIGHTS), key=lambda pair: -pair[1])


def percent(part: int, whole: int) -> int:
    """``part`` of ``whole`` as a whole percentage, halves rounded up (0 when ``whole`` is 0)."""
    if whole <= 0:
        return 0
    return (200 * part + whole) // (2 * whole)


# Everything an evaluation page, an export and the API show, computed in one go.


@dataclass(frozen=True)
class Summary:
    levels: tuple[str, ...]
    themes: tuple[str, ...]
    exact: LevelCounts
    cumulative: LevelCounts
    totals: LightCounts
    by_theme: dict[str, LevelCounts]
    theme_totals: dict[str, LightCounts]
    strict_level: str | None
    strict_level_without_recommendations: str | None
    requirement_counts: dict[str, int] = field(default_factory=dict)

    @property
    def rated(self) -> int:
        return sum(self.totals.values())


def summarise(
    ratings: Mapping[str, str], items: Sequence[Item], levels: Sequence[str], themes: Sequence[str]
) -> Summary:
    exact = count_by_level(ratings, items, levels)
    by_theme = count_by_theme(ratings, items, levels, themes)
    requirement_counts = dict.fromkeys(levels, 0)
    for item in items:
        requirement_counts[item.level] += 1
    return Summary(
        levels=tuple(levels),
        themes=tuple(themes),
        exact=exact,
        cumulative=cumulative(exact, levels),
        totals=totals(exact),
        by_theme=by_theme,
        theme_totals={theme: totals(rows) for theme, rows in by_theme.items()},
        strict_level=strict_level(ratings, items, levels),
        strict_level_without_recommendations=strict_level(ratings, items, levels, skip_recommendations=True),
        requirement_counts=requirement_counts,
    )


# Published count tables against the recomputed counts.


@dataclass(frozen=True)
class Mismatch:
    """A row (or cell) of a published count table that disagrees with the counts of the lights."""

    table: str  # "levels" or "themes"
    row: str  # the row's label as printed
    expected: Mapping[str, int]
    found: Mapping[str, int | None]
    level: str | None = None  # level key (None: the total)
    theme: str | None = None  # theme key (themes table)
    column: str | None = None  # column label (themes table)
    matches_cumulative: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "level": self.level,
            "theme": self.theme,
            "expected": dict(self.expected),
            "found": dict(self.found),
            "differences": [light for light in LIGHTS if self.expected.get(light) != self.found.get(light)],
            "matches_cumulative": self.matches_cumulative,
        }


def row_mismatch(expected: Mapping[str, int], found: Mapping[str, int | None]) -> bool:
    return any(expected.get(light, 0) != found.get(light) for light in LIGHTS)
