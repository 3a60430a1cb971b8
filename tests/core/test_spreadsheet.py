"""Spreadsheet safety shared by all exports: no formula can be smuggled in through a name."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programkontor.core.spreadsheet import FORMULA_START, neutralise, sheet_title


@pytest.mark.parametrize("text", ["=1+1", "+45 12 34", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_gets_an_apostrophe(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["OS2kitos", "", "1 = 1", "'quoted"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert neutralise(text) == text


@given(st.text())
def test_no_neutralised_text_starts_like_a_formula(text: str) -> None:
    assert not neutralise(text).startswith(FORMULA_START)


def test_sheet_titles_are_cleaned_shortened_and_unique() -> None:
    taken: set[str] = set()
    assert sheet_title("Drift: 2026/Q1 [ny]?", taken) == "Drift_ 2026_Q1 _ny__"
    long_name = "Et meget langt produktnavn der ikke kan være i en fane"
    first = sheet_title(long_name, taken)
    second = sheet_title(long_name.upper(), taken)
    assert len(first) == 31 and len(second) == 31
    assert second.endswith(" (2)")
    assert sheet_title("", taken) == "Ark"
    assert sheet_title("ark", taken) == "ark (2)"
