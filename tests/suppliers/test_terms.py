"""A contract's dates (``suppliers/terms.py``): the notice date, the deadlines and which of them wait."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programkontor.suppliers.terms import DeadlineKind, deadlines, months_before, notice_date, pending

D = datetime.date


def test_it_moves_notice_back_whole_months_and_clamps_to_the_end_of_a_shorter_month() -> None:
    assert notice_date(D(2027, 12, 31), 3) == D(2027, 9, 30)
    assert notice_date(D(2027, 5, 31), 3) == D(2027, 2, 28)
    assert notice_date(D(2028, 5, 31), 3) == D(2028, 2, 29)
    assert notice_date(D(2027, 2, 15), 14) == D(2025, 12, 15)
    assert notice_date(D(2027, 6, 30), 0) == D(2027, 6, 30)
    assert notice_date(None, 3) is None


def test_it_refuses_a_negative_period() -> None:
    with pytest.raises(ValueError, match="negative"):
        months_before(D(2027, 1, 1), -1)


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)), st.integers(min_value=0, max_value=240))
def test_the_notice_date_is_never_after_the_end_and_lies_in_the_right_month(day: D, months: int) -> None:
    notice = months_before(day, months)
    assert notice <= day
    assert (day.year * 12 + day.month) - (notice.year * 12 + notice.month) == months
    assert notice.day == day.day or notice.day < day.day  # clamped only when the month is shorter
    # One more month back is never later: the order of notice dates follows the periods.
    if months < 240:
        assert months_before(day, months + 1) < notice


def test_its_deadlines_are_the_notice_date_the_end_and_the_reach_of_its_options_in_order() -> None:
    found = deadlines(end=D(2027, 12, 31), notice_months=6, options_left=2, options_until=D(2029, 12, 31))
    assert [(d.kind, d.date) for d in found] == [
        (DeadlineKind.NOTICE, D(2027, 6, 30)),
        (DeadlineKind.END, D(2027, 12, 31)),
        (DeadlineKind.OPTIONS_UNTIL, D(2029, 12, 31)),
    ]


def test_an_open_ended_contract_has_no_dates_and_a_given_notice_no_notice_date() -> None:
    assert deadlines(end=None, notice_months=3, options_left=0, options_until=None) == []
    given_notice = deadlines(
        end=D(2027, 12, 31), notice_months=3, options_left=0, options_until=None, notice_given=True
    )
    assert [d.kind for d in given_notice] == [DeadlineKind.END]


def test_a_passed_notice_date_waits_as_overdue_until_the_contract_ends() -> None:
    found = deadlines(end=D(2027, 3, 31), notice_months=3, options_left=0, options_until=None)
    today = D(2027, 1, 10)
    assert pending(found, today, today + datetime.timedelta(days=30)) == [(found[0], True)]
    # Once the end is near too, both wait; after the end, nothing does.
    near_end = D(2027, 3, 15)
    assert pending(found, near_end, near_end + datetime.timedelta(days=30)) == [
        (found[0], True),
        (found[1], False),
    ]
    assert pending(found, D(2027, 4, 1), D(2027, 5, 1)) == []


def test_deadlines_beyond_the_period_do_not_wait_yet() -> None:
    found = deadlines(end=D(2028, 12, 31), notice_months=3, options_left=0, options_until=None)
    assert pending(found, D(2027, 1, 1), D(2027, 1, 31)) == []
