"""Recurrence rules of the annual cycle (pure)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programkontor.governance.cycle import (
    LAST,
    THURSDAY,
    Rule,
    RuleError,
    day_in_month,
    next_occurrence,
    occurrences,
    reachable,
    recurrence,
)

D = datetime.date


def test_the_first_thursday_of_every_month() -> None:
    rule = Rule(start=D(2026, 1, 1), weekday=THURSDAY, ordinal=1)
    dates = occurrences(rule, D(2026, 1, 1), D(2026, 4, 30))
    assert dates == [D(2026, 1, 1), D(2026, 2, 5), D(2026, 3, 5), D(2026, 4, 2)]
    assert all(day.weekday() == THURSDAY and day.day <= 7 for day in dates)


def test_self_evaluation_in_march_and_september() -> None:
    rule = Rule(start=D(2025, 1, 1), day=1, months=(3, 9))
    assert occurrences(rule, D(2025, 1, 1), D(2026, 12, 31)) == [
        D(2025, 3, 1),
        D(2025, 9, 1),
        D(2026, 3, 1),
        D(2026, 9, 1),
    ]


def test_the_last_friday_and_a_day_clamped_to_the_months_end() -> None:
    assert day_in_month(Rule(start=D(2026, 1, 1), weekday=4, ordinal=LAST), 2026, 2) == D(2026, 2, 27)
    assert day_in_month(Rule(start=D(2026, 1, 1), day=31), 2026, 2) == D(2026, 2, 28)
    assert day_in_month(Rule(start=D(2024, 1, 1), day=31), 2024, 2) == D(2024, 2, 29)


def test_every_other_month_counted_from_the_start_and_within_the_rules_period() -> None:
    rule = Rule(start=D(2026, 2, 1), end=D(2026, 9, 30), day=10, every=2)
    assert occurrences(rule, D(2026, 1, 1), D(2026, 12, 31)) == [
        D(2026, 2, 10),
        D(2026, 4, 10),
        D(2026, 6, 10),
        D(2026, 8, 10),
    ]


def test_exceptions_are_left_out_and_next_occurrence_looks_ahead() -> None:
    rule = Rule(start=D(2026, 1, 1), day=1, exceptions=frozenset({D(2026, 2, 1)}))
    assert D(2026, 2, 1) not in occurrences(rule, D(2026, 1, 1), D(2026, 3, 31))
    assert next_occurrence(rule, D(2026, 1, 2)) == D(2026, 3, 1)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"day": 1, "weekday": 3, "ordinal": 1}, "day_and_weekday"),
        ({}, "no_day"),
        ({"day": 32}, "day"),
        ({"weekday": 3, "ordinal": 5}, "ordinal"),
        ({"day": 1, "months": (13,)}, "month"),
        ({"day": 1, "end": D(2019, 1, 1)}, "end_before_start"),
    ],
)
def test_broken_rules_are_refused_with_a_reason(kwargs: dict[str, object], code: str) -> None:
    with pytest.raises(RuleError) as error:
        Rule(start=D(2020, 1, 1), **kwargs)  # type: ignore[arg-type]
    assert error.value.code == code


rules = st.builds(
    Rule,
    start=st.dates(D(2020, 1, 1), D(2030, 1, 1)),
    months=st.lists(st.integers(1, 12), max_size=4, unique=True).map(lambda m: tuple(sorted(m))),
    weekday=st.integers(0, 6),
    ordinal=st.sampled_from([1, 2, 3, 4, LAST]),
    every=st.integers(1, 3),
)


@given(rules, st.dates(D(2019, 1, 1), D(2031, 1, 1)), st.integers(0, 800))
def test_occurrences_are_sorted_unique_in_range_and_on_the_rules_weekday(
    rule: Rule, start: D, length: int
) -> None:
    end = start + datetime.timedelta(days=length)
    dates = occurrences(rule, start, end)
    assert dates == sorted(set(dates))
    assert all(max(start, rule.start) <= day <= end for day in dates)
    assert all(day.weekday() == rule.weekday for day in dates)
    assert all(not rule.months or day.month in rule.months for day in dates)
    assert len({(d.year, d.month) for d in dates}) == len(dates)  # one date a month at most


@given(rules, st.dates(D(2020, 1, 1), D(2030, 1, 1)), st.integers(1, 400), st.integers(1, 400))
def test_splitting_a_period_gives_the_same_dates(rule: Rule, start: D, first: int, second: int) -> None:
    middle = start + datetime.timedelta(days=first)
    end = middle + datetime.timedelta(days=second)
    whole = occurrences(rule, start, end)
    assert whole == occurrences(rule, start, middle) + occurrences(
        rule, middle + datetime.timedelta(days=1), end
    )


day_rules = st.builds(
    Rule,
    start=st.dates(D(2020, 1, 1), D(2030, 1, 1)),
    months=st.lists(st.integers(1, 12), max_size=4, unique=True).map(lambda m: tuple(sorted(m))),
    day=st.integers(1, 31),
    every=st.integers(1, 5),
)


@given(rules | day_rules, st.dates(D(2019, 1, 1), D(2036, 1, 1)), st.integers(0, 800))
def test_the_dates_are_those_of_the_whole_recurrence_since_the_start(
    rule: Rule, start: D, length: int
) -> None:
    # occurrences() starts counting near ``start``; the recurrence walked from the rule's start agrees.
    end = start + datetime.timedelta(days=length)
    first = max(start, rule.start)
    if not reachable(rule) or end < first:  # (dateutil would search an unreachable rule until 9999)
        assert occurrences(rule, start, end) == []
        return
    walked = recurrence(rule, end).between(
        datetime.datetime.combine(first, datetime.time()),
        datetime.datetime.combine(end, datetime.time()),
        inc=True,
    )
    assert occurrences(rule, start, end) == [moment.date() for moment in walked]
