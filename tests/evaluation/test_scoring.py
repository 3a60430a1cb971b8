"""The pure scoring rules: mapping, counting (exact, cumulative, per theme), strict level, diffs,
catalogue-version mapping and pie order — with OS2's catalogue and with made-up standards."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programkontor.evaluation import scoring
from programkontor.evaluation.formats.catalogue import CatalogueData
from programkontor.evaluation.scoring import GRAY, GREEN, RED, YELLOW, Item

LEVELS = ["sandbox", "1", "2", "3"]


def test_the_draft_light_of_each_answer_is_os2s_mapping() -> None:
    assert scoring.light_for_answer("yes") == GREEN
    assert scoring.light_for_answer("no") == RED
    assert scoring.light_for_answer("not_relevant") == GRAY
    assert scoring.light_for_answer("unknown") == YELLOW
    assert scoring.light_for_answer(None) == RED
    assert scoring.light_for_answer("") == RED


def test_an_unknown_answer_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown answer"):
        scoring.light_for_answer("maybe")


def test_draft_ratings_map_by_id_and_leave_nothing_out() -> None:
    drafts = scoring.draft_ratings({"R1": "yes", "R2": "unknown", "OLD": "no"}, ["R1", "R2", "R3"])
    assert drafts == {"R1": GREEN, "R2": YELLOW, "R3": RED}


def test_os2s_catalogue_has_43_requirements_in_the_published_distribution(os2: CatalogueData) -> None:
    assert len(os2.requirements) == 43
    per_level = Counter(r.level for r in os2.requirements)
    assert [per_level[level] for level in LEVELS] == [6, 10, 19, 8]
    per_theme = Counter(r.theme for r in os2.requirements)
    assert [per_theme[t.key] for t in os2.themes] == [4, 20, 5, 14]


def test_counts_of_the_worked_example_match_its_published_tables(os2: CatalogueData) -> None:
    lights = dict.fromkeys(os2.codes, GREEN)
    lights.update(dict.fromkeys(["F13", "F14", "F15", "F16", "F17", "F18", "F19", "F20", "G5", "G9"], RED))
    lights.update(dict.fromkeys(["R4", "F21", "F22", "G14"], GRAY))
    summary = scoring.summarise(lights, os2.items(), os2.level_keys, os2.theme_keys)

    assert summary.exact == {
        "sandbox": {GREEN: 6, YELLOW: 0, RED: 0, GRAY: 0},
        "1": {GREEN: 10, YELLOW: 0, RED: 0, GRAY: 0},
        "2": {GREEN: 9, YELLOW: 0, RED: 10, GRAY: 0},
        "3": {GREEN: 4, YELLOW: 0, RED: 0, GRAY: 4},
    }
    assert summary.totals == {GREEN: 29, YELLOW: 0, RED: 10, GRAY: 4}
    assert summary.cumulative["2"] == {GREEN: 25, YELLOW: 0, RED: 10, GRAY: 0}
    assert summary.by_theme["formkrav"]["2"] == {GREEN: 1, YELLOW: 0, RED: 8, GRAY: 0}
    assert summary.theme_totals["governance"] == {GREEN: 11, YELLOW: 0, RED: 2, GRAY: 1}
    assert summary.strict_level == "1"
    assert summary.requirement_counts == {"sandbox": 6, "1": 10, "2": 19, "3": 8}


def test_the_strict_level_is_the_highest_level_with_every_requirement_green_or_gray() -> None:
    items = [Item("A", "t", "sandbox"), Item("B", "t", "1"), Item("C", "t", "2"), Item("D", "t", "3")]
    assert scoring.strict_level({"A": GREEN, "B": GRAY, "C": GREEN, "D": GREEN}, items, LEVELS) == "3"
    assert scoring.strict_level({"A": GREEN, "B": GREEN, "C": YELLOW, "D": GREEN}, items, LEVELS) == "1"
    assert scoring.strict_level({"A": RED, "B": GREEN, "C": GREEN, "D": GREEN}, items, LEVELS) is None
    # A requirement without a light does not hold.
    assert scoring.strict_level({"A": GREEN, "C": GREEN, "D": GREEN}, items, LEVELS) == "sandbox"


def test_recommendations_can_be_left_out_of_the_strict_level() -> None:
    items = [Item("A", "t", "sandbox"), Item("B", "t", "1", recommendation=True)]
    lights = {"A": GREEN, "B": RED}
    assert scoring.strict_level(lights, items, ["sandbox", "1"]) == "sandbox"
    assert scoring.strict_level(lights, items, ["sandbox", "1"], skip_recommendations=True) == "1"


def test_another_standard_with_three_levels_and_two_themes_counts_the_same_way() -> None:
    items = [Item("X1", "people", "bronze"), Item("X2", "code", "silver"), Item("X3", "code", "gold")]
    levels = ["bronze", "silver", "gold"]
    summary = scoring.summarise({"X1": GREEN, "X2": RED, "X3": GREEN}, items, levels, ["people", "code"])
    assert summary.exact["silver"][RED] == 1
    assert summary.cumulative["gold"] == {GREEN: 2, YELLOW: 0, RED: 1, GRAY: 0}
    assert summary.by_theme["code"]["gold"][GREEN] == 1
    assert summary.strict_level == "bronze"


def test_an_unknown_level_theme_or_light_is_an_error() -> None:
    with pytest.raises(ValueError, match="level"):
        scoring.count_by_level({}, [Item("A", "t", "9")], LEVELS)
    with pytest.raises(ValueError, match="theme"):
        scoring.count_by_theme({}, [Item("A", "x", "1")], LEVELS, ["t"])
    with pytest.raises(ValueError, match="light"):
        scoring.count_by_level({"A": "blue"}, [Item("A", "t", "1")], LEVELS)
    with pytest.raises(ValueError, match="repeat"):
        scoring.count_by_level({}, [], ["1", "1"])


def test_the_diff_tells_what_turned_green_and_red_and_what_only_one_version_has() -> None:
    old = {"R1": RED, "R2": GREEN, "R3": YELLOW, "R4": GREEN, "F8": RED}
    new = {"R1": GREEN, "R2": RED, "R3": GRAY, "R4": GREEN, "F23": GREEN}
    found = scoring.diff(old, new, ["R1", "R2", "R3", "R4", "F23"])
    assert [(c.code, c.old, c.new) for c in found.turned_green] == [("R1", RED, GREEN)]
    assert [(c.code, c.old, c.new) for c in found.turned_red] == [("R2", GREEN, RED)]
    assert [(c.code, c.old, c.new) for c in found.other_changes] == [("R3", YELLOW, GRAY)]
    assert found.unchanged == ("R4",)
    assert found.only_old == ("F8",)
    assert found.only_new == ("F23",)
    assert not found.is_empty


def test_catalogue_versions_are_compared_by_id() -> None:
    old = [Item("R1", "a", "1"), Item("R2", "a", "2"), Item("F8", "b", "1")]
    new = [Item("R1", "a", "2"), Item("R2", "b", "2", recommendation=True), Item("F9", "b", "1")]
    changes = scoring.compare_catalogues(old, new)
    assert changes.added == ("F9",)
    assert changes.removed == ("F8",)
    assert [(c.code, c.old, c.new) for c in changes.level_changed] == [("R1", "1", "2")]
    assert [(c.code, c.old, c.new) for c in changes.theme_changed] == [("R2", "a", "b")]
    assert changes.recommendation_changed == ("R2",)
    mapping = scoring.map_by_code(["R1", "R2", "F8"], ["F9", "R2", "R1"])
    assert mapping.common == ("R2", "R1")
    assert mapping.removed == ("F8",)
    assert mapping.added == ("F9",)


def test_pie_slices_are_largest_first_with_ties_in_light_order() -> None:
    assert scoring.pie_order({GREEN: 9, RED: 10}) == [(RED, 10), (GREEN, 9), (YELLOW, 0), (GRAY, 0)]
    assert scoring.pie_order({GREEN: 4, GRAY: 4}) == [(GREEN, 4), (GRAY, 4), (YELLOW, 0), (RED, 0)]


def test_percentages_round_halves_up_as_os2_prints_them() -> None:
    assert scoring.percent(10, 19) == 53
    assert scoring.percent(9, 19) == 47
    assert scoring.percent(1, 8) == 13  # 12.5
    assert scoring.percent(4, 43) == 9
    assert scoring.percent(0, 0) == 0


# Properties

lights_strategy = st.sampled_from(scoring.LIGHTS)


@st.composite
def catalogues(draw: st.DrawFn) -> tuple[list[Item], list[str], list[str]]:
    levels = [f"L{i}" for i in range(draw(st.integers(1, 5)))]
    themes = [f"T{i}" for i in range(draw(st.integers(1, 4)))]
    count = draw(st.integers(0, 40))
    items = [
        Item(f"K{i}", draw(st.sampled_from(themes)), draw(st.sampled_from(levels)), draw(st.booleans()))
        for i in range(count)
    ]
    return items, levels, themes


@given(catalogues(), st.data())
def test_every_rated_requirement_is_counted_exactly_once(
    shape: tuple[list[Item], list[str], list[str]], data: st.DataObject
) -> None:
    items, levels, themes = shape
    lights = {item.code: data.draw(lights_strategy) for item in items}
    summary = scoring.summarise(lights, items, levels, themes)
    assert sum(summary.totals.values()) == len(items)
    assert summary.totals == dict(Counter(lights.values())) | {
        light: 0 for light in scoring.LIGHTS if light not in lights.values()
    }
    assert sum(sum(row.values()) for rows in summary.by_theme.values() for row in rows.values()) == len(items)
    # The cumulative counts of the highest level are the totals, and never shrink upwards.
    assert summary.cumulative[levels[-1]] == summary.totals
    for lower, upper in itertools.pairwise(levels):
        for light in scoring.LIGHTS:
            assert summary.cumulative[lower][light] <= summary.cumulative[upper][light]


@given(catalogues(), st.data())
def test_the_strict_level_holds_up_to_it_and_fails_just_above_it(
    shape: tuple[list[Item], list[str], list[str]], data: st.DataObject
) -> None:
    items, levels, _themes = shape
    lights = {item.code: data.draw(lights_strategy) for item in items}
    reached = scoring.strict_level(lights, items, levels)
    position = -1 if reached is None else levels.index(reached)
    for item in items:
        if levels.index(item.level) <= position:
            assert lights[item.code] in scoring.PASSING
    if position + 1 < len(levels):
        above = [item for item in items if levels.index(item.level) == position + 1]
        assert any(lights[item.code] not in scoring.PASSING for item in above)
    # Leaving out recommendations can only keep or raise the level.
    lenient = scoring.strict_level(lights, items, levels, skip_recommendations=True)
    assert (-1 if lenient is None else levels.index(lenient)) >= position


@given(
    st.dictionaries(st.text("ABC", min_size=1, max_size=3), lights_strategy),
    st.dictionaries(st.text("ABC", min_size=1, max_size=3), lights_strategy),
)
def test_a_diff_accounts_for_every_requirement_once(old: dict[str, str], new: dict[str, str]) -> None:
    found = scoring.diff(old, new)
    seen = (
        [c.code for c in found.changed] + list(found.unchanged) + list(found.only_old) + list(found.only_new)
    )
    assert sorted(seen) == sorted(set(old) | set(new))
    assert all(c.new == GREEN for c in found.turned_green)
    assert all(c.new == RED for c in found.turned_red)
    assert scoring.diff(old, old).is_empty


@given(st.dictionaries(lights_strategy, st.integers(0, 50)))
def test_pie_slices_cover_every_light_in_descending_order(row: dict[str, int]) -> None:
    slices = scoring.pie_order(row)
    assert sorted(light for light, _count in slices) == sorted(scoring.LIGHTS)
    counts = [count for _light, count in slices]
    assert counts == sorted(counts, reverse=True)
    total = sum(counts)
    if total:
        assert abs(sum(scoring.percent(count, total) for count in counts) - 100) <= 2


@given(st.lists(st.sampled_from([*scoring.ANSWERS, None]), max_size=30))
def test_drafts_from_answers_only_use_the_mapping(answers: list[str | None]) -> None:
    codes = [f"K{i}" for i in range(len(answers))]
    drafts = scoring.draft_ratings(dict(zip(codes, answers, strict=True)), codes)
    for code, answer in zip(codes, answers, strict=True):
        assert drafts[code] == (scoring.ANSWER_LIGHTS[answer] if answer else RED)
