"""The one kroner formatter every app uses, and its template filter."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from programkontor.core.money import kroner
from programkontor.economy.money import parse_amount


def test_it_writes_kroner_the_danish_way() -> None:
    assert kroner(Decimal("1234567.89")) == "1.234.567,89 kr."
    assert kroner(Decimal("0.05")) == "0,05 kr."
    assert kroner(0) == "0,00 kr."
    assert kroner(-1234) == "-1.234,00 kr."
    assert kroner(None) == "—"


def test_it_rounds_half_away_from_zero() -> None:
    assert kroner(Decimal("0.005")) == "0,01 kr."
    assert kroner(Decimal("-0.005")) == "-0,01 kr."
    assert kroner(Decimal("1234.5"), decimals=False) == "1.235 kr."
    assert kroner(Decimal("-1234.5"), decimals=False) == "-1.235 kr."
    assert kroner(Decimal("-0.4"), decimals=False) == "0 kr."


def test_it_writes_ore_in_a_sentence_only_when_there_are_any() -> None:
    assert kroner(Decimal("400000.00"), decimals=None) == "400.000 kr."
    assert kroner(Decimal("1234.50"), decimals=None) == "1.234,50 kr."


def test_it_leaves_out_the_unit_when_asked() -> None:
    assert kroner(Decimal("1234567.5"), unit=False) == "1.234.567,50"
    assert kroner(Decimal("1234567.5"), decimals=False, unit=False) == "1.234.568"


@given(st.integers(min_value=-(10**14), max_value=10**14))
def test_what_it_writes_reads_back_as_the_same_ore(ore: int) -> None:
    assert parse_amount(kroner(Decimal(ore) / 100)) == ore


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_filter_writes_danish_kroner_on_every_page(language: str) -> None:
    template = Template(
        '{% load core_money %}{{ a|kroner }}|{{ a|kroner:"whole" }}|{{ a|kroner:"number" }}|{{ none|kroner }}'
    )
    with translation.override(language):
        out = template.render(Context({"a": Decimal("50000.50"), "none": None}))
    assert out == "50.000,50 kr.|50.001 kr.|50.000,50|—"
