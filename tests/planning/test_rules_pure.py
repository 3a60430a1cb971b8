"""The other pure rules of planning: role descriptions, risk levels and the traffic light, indicator
progress, quarters and the roadmap layout, the CSV of the MoSCoW check, the charts."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programkontor.planning import charts, progress, timeline
from programkontor.planning.moscow import Priority
from programkontor.planning.moscow_csv import ItemsError, parse_items
from programkontor.planning.roledoc import RoleDescriptionError, parse_role_description
from programkontor.planning.timeline import ItemIn, LaneIn, MilestoneIn, Quarter
from tests.conftest import os2_shared

D = Decimal
DATA = Path(__file__).resolve().parents[2] / "src" / "programkontor" / "planning" / "data"

# --------------------------------------------------------------------------------------------
# Role descriptions


def test_it_reads_the_program_managers_three_lists_hours_and_yearly_review() -> None:
    role = parse_role_description((DATA / "programleder.md").read_text(encoding="utf-8"))
    assert role.title == "Funktionsbeskrivelse \u2013 Programleder i OS2"
    assert [len(role.tasks[p]) for p in (Priority.MUST, Priority.SHOULD, Priority.COULD)] == [8, 6, 5]
    assert role.tasks[Priority.MUST][0] == "Have rollen som Product Owner for et eller flere OS2-produkter."
    assert role.weekly_hours == 37 and not role.hours_is_range
    assert role.yearly_review


def test_it_reads_the_full_reference_texts_and_ignores_their_other_lists() -> None:
    reference = os2_shared("reference")
    manager = parse_role_description((reference / "program_manager_role.md").read_text(encoding="utf-8"))
    assert manager.task_count == 19 and manager.weekly_hours == 37
    coordinator = parse_role_description(
        (reference / "product_coordinator_role.md").read_text(encoding="utf-8")
    )
    assert coordinator.title == "Funktionsbeskrivelse \u2013 Produktkoordinator i OS2"
    assert [len(coordinator.tasks[p]) for p in (Priority.MUST, Priority.SHOULD, Priority.COULD)] == [4, 4, 4]
    assert coordinator.headings[Priority.MUST] == "MUST (skal løses for at produktfællesskabet fungerer)"
    assert coordinator.weekly_hours == 15 and coordinator.hours_is_range
    # The lists under "Ansvarsområde" and "Faglige kompetencer" are not tasks.
    assert not any("Planlægge, følge op" in task for tasks in coordinator.tasks.values() for task in tasks)


def test_it_accepts_other_heading_levels_numbered_lists_and_wrapped_items() -> None:
    text = """# Rolle
## must
1. Første
   fortsat på næste linje
2) Anden
## Should - vigtigt
* **Tredje** med [et link](https://os2.eu)
## COULD
+ Fjerde
## Andet
- Ikke en opgave
"""
    role = parse_role_description(text)
    assert role.tasks[Priority.MUST] == ["Første fortsat på næste linje", "Anden"]
    assert role.tasks[Priority.SHOULD] == ["Tredje med et link"]
    assert role.tasks[Priority.COULD] == ["Fjerde"]
    assert role.weekly_hours is None and not role.yearly_review


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# R\n## MUST\n- a\n## SHOULD\n- b\n", "mangler en overskrift, der begynder med COULD"),
        ("# R\n## MUST\n## SHOULD\n- b\n## COULD\n- c\n", "ingen punkter under overskriften MUST"),
        ("# R\n## MUST\n- a\n## MUST igen\n- a\n## SHOULD\n- b\n## COULD\n- c\n", "to gange"),
        ("Bare tekst", "MUST og SHOULD og COULD"),
    ],
)
def test_a_text_without_the_three_lists_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(RoleDescriptionError, match=message):
        parse_role_description(text)


# --------------------------------------------------------------------------------------------
# Risks and the traffic light


def test_risk_levels_on_the_5_by_5_scale() -> None:
    assert progress.risk_level(1, 4) == progress.RiskLevel.LOW
    assert progress.risk_level(1, 5) == progress.RiskLevel.MEDIUM
    assert progress.risk_level(3, 3) == progress.RiskLevel.MEDIUM
    assert progress.risk_level(2, 5) == progress.RiskLevel.HIGH
    with pytest.raises(ValueError, match="1 to 5"):
        progress.risk_score(0, 3)


def test_the_heat_map_has_impact_5_on_top_and_counts_each_cell() -> None:
    grid = progress.heat_map({(5, 5): 2, (1, 1): 1})
    assert len(grid) == 5 and all(len(row) == 5 for row in grid)
    assert grid[0][4] == (5, 5, 2, progress.RiskLevel.HIGH)
    assert grid[4][0] == (1, 1, 1, progress.RiskLevel.LOW)
    assert sum(cell[2] for row in grid for cell in row) == 3


@pytest.mark.parametrize(
    ("kwargs", "light", "reasons"),
    [
        ({}, "grey", []),
        ({"milestones_in_period": 1}, "green", []),
        ({"must_done": D(100), "elapsed": D(50)}, "green", []),
        ({"missed_milestones": 1}, "red", ["missed_milestone"]),
        ({"open_high_risks": 2}, "red", ["high_risks"]),
        ({"open_high_risks": 1}, "yellow", ["high_risk"]),
        ({"overdue_milestones": 1}, "yellow", ["overdue_milestone"]),
        ({"must_done": D(30), "elapsed": D(50)}, "yellow", ["must_behind"]),
        ({"must_done": D(10), "elapsed": D(50)}, "red", ["must_far_behind"]),
        ({"must_done": D(40), "elapsed": D(50)}, "green", []),
        (
            {"must_done": D(10), "elapsed": D(50), "open_high_risks": 1},
            "red",
            ["must_far_behind", "high_risk"],
        ),
    ],
)
def test_the_traffic_light_follows_its_written_rule(kwargs: dict, light: str, reasons: list[str]) -> None:  # type: ignore[type-arg]
    values = {
        "must_done": None,
        "elapsed": None,
        "missed_milestones": 0,
        "overdue_milestones": 0,
        "open_high_risks": 0,
        "milestones_in_period": 0,
    }
    status = progress.traffic_light(**{**values, **kwargs})
    assert status.light == light
    assert [str(r) for r in status.reasons] == reasons


def test_indicator_progress_works_up_and_down_and_is_clamped() -> None:
    assert progress.indicator_progress(D(40), D(70), D(55)) == 50
    assert progress.indicator_progress(D(100), D(50), D(75)) == 50  # a target below the baseline
    assert progress.indicator_progress(D(40), D(70), D(90)) == 100
    assert progress.indicator_progress(D(40), D(70), D(10)) == 0
    assert progress.indicator_progress(D(40), D(70), None) is None
    assert progress.indicator_progress(D(40), D(40), D(40)) is None


def test_elapsed_share_of_a_period() -> None:
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 1, 10)
    assert progress.elapsed_share(start, end, datetime.date(2024, 12, 1)) == 0
    assert progress.elapsed_share(start, end, datetime.date(2025, 1, 5)) == 50
    assert progress.elapsed_share(start, end, datetime.date(2026, 1, 1)) == 100


# --------------------------------------------------------------------------------------------
# Quarters and the roadmap layout


def test_quarters_parse_order_and_shift() -> None:
    assert Quarter.parse("2025-Q3") == Quarter.parse("2025q3") == Quarter.parse("2025-K3") == Quarter(2025, 3)
    assert str(Quarter(2025, 4).shift(1)) == "2026-Q1"
    assert Quarter(2025, 1).shift(-1) == Quarter(2024, 4)
    assert Quarter(2025, 2).start == datetime.date(2025, 4, 1) and Quarter(2025, 2).end == datetime.date(
        2025, 6, 30
    )
    assert Quarter.of(datetime.date(2025, 12, 31)).label == "K4 2025"
    with pytest.raises(ValueError, match="quarter like"):
        Quarter.parse("2025-5")


@settings(deadline=None)
@given(st.integers(min_value=1911 * 4, max_value=2980 * 4), st.integers(min_value=-40, max_value=40))
def test_shifting_a_quarter_and_back_is_the_same_quarter(index: int, by: int) -> None:
    quarter = Quarter.from_index(index)
    assert quarter.shift(by).shift(-by) == quarter
    assert Quarter.parse(str(quarter)) == quarter
    assert Quarter.of(quarter.start) == quarter == Quarter.of(quarter.end)


def test_the_layout_stacks_overlapping_items_and_draws_dependencies() -> None:
    q = Quarter(2025, 1)
    lanes = [LaneIn("p", "Program"), LaneIn(1, "OS2alpha")]
    items = [
        ItemIn("a", 1, "A", q, q.shift(1)),
        ItemIn("b", 1, "B", q, q.shift(2)),  # overlaps A: its own row
        ItemIn("c", 1, "C", q.shift(3), q.shift(3)),  # after A: back in row 0
        ItemIn("x", "nowhere", "X", q, q),  # a lane that is not shown
    ]
    stones = [MilestoneIn("m", 1, "M", datetime.date(2025, 2, 15))]
    layout = timeline.layout(
        lanes,
        items,
        stones,
        [("c", "a"), ("b", "a")],
        first=q,
        last=q.shift(3),
        today=datetime.date(2025, 5, 1),
    )
    alpha = layout.lanes[1]
    bars = {bar.item.key: bar for bar in alpha.bars}
    assert set(bars) == {"a", "b", "c"}
    assert bars["a"].y == bars["c"].y < bars["b"].y
    assert bars["a"].x == timeline.LABEL_WIDTH + 3
    assert bars["b"].width == 3 * timeline.QUARTER_WIDTH - 6
    assert (
        len(alpha.diamonds) == 1 and timeline.LABEL_WIDTH < alpha.diamonds[0].x < timeline.LABEL_WIDTH + 150
    )
    arrows = {(a.source, a.target): a for a in layout.arrows}
    assert not arrows[("a", "c")].conflict  # C starts after A ends
    assert arrows[("a", "b")].conflict  # B starts before A ends
    assert layout.width == timeline.LABEL_WIDTH + 4 * timeline.QUARTER_WIDTH
    assert [c.current for c in layout.columns] == [False, True, False, False]
    assert layout.today_x is not None


def test_cycles_in_dependencies_are_found() -> None:
    edges = [("b", "a"), ("c", "b")]
    assert timeline.creates_cycle(edges, ("a", "c"))
    assert timeline.creates_cycle(edges, ("a", "a"))
    assert not timeline.creates_cycle(edges, ("d", "c"))


# --------------------------------------------------------------------------------------------
# The CSV of the MoSCoW check


def test_it_reads_items_in_any_column_order_case_and_separator() -> None:
    items = parse_items("Hours;Title;Priority\n7,5;Første;must\n2;Anden;Won't\n\n")
    assert [(i.title, i.priority, i.hours, i.key) for i in items] == [
        ("Første", Priority.MUST, D("7.5"), 2),
        ("Anden", Priority.WONT, D(2), 3),
    ]


def test_every_bad_row_is_named_with_its_problem() -> None:
    with pytest.raises(ItemsError) as error:
        parse_items(
            'title,priority,hours\nOK,MUST,1\n,MUST,2\nB,MAYBE,1\nC,COULD,-1\nD,COULD,nan\nE,SHOULD,\n"F"\n'
        )
    assert [str(p) for p in error.value.problems] == [
        "Række 3: titlen mangler",
        "Række 4: prioriteten »MAYBE« er ukendt; brug MUST, SHOULD, COULD eller WONT",
        "Række 5: timer kan ikke være negative (-1)",
        "Række 6: timer skal være et endeligt tal, ikke »nan«",
        "Række 7: timer mangler",
        "Række 8: for få kolonner (1; forventet 3)",
    ]


def test_a_missing_column_or_an_empty_file_is_refused() -> None:
    with pytest.raises(ItemsError, match="mangler kolonnen hours"):
        parse_items("title,priority\nA,MUST\n")
    with pytest.raises(ItemsError, match="tom"):
        parse_items("")


# --------------------------------------------------------------------------------------------
# Charts


def test_the_capacity_bar_scales_to_the_larger_of_capacity_and_plan() -> None:
    hours = {Priority.MUST: D(60), Priority.SHOULD: D(20), Priority.COULD: D(40)}
    bar = charts.capacity_bar(hours, D(100), D(60))
    assert [s.width for s in bar.segments] == [500, 167, 333]
    assert bar.capacity_x == 833 and bar.must_limit_x == 500
    assert bar.over and bar.over_width == 1000 - 833
    fits = charts.capacity_bar({Priority.MUST: D(10)}, D(100), D(60))
    assert fits.capacity_x == 1000 and not fits.over and fits.segments[0].width == 100


def test_the_sparkline_spans_baseline_target_and_readings() -> None:
    spark = charts.sparkline(
        [(datetime.date(2025, 1, 1), D(10)), (datetime.date(2025, 7, 1), D(30))], D(0), D(40)
    )
    assert spark is not None
    assert spark.baseline_y > spark.dots[0][1] > spark.dots[1][1] > spark.target_y
    assert charts.sparkline([], D(0), D(1)) is None
