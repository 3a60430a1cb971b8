"""The initiatives demo: two initiatives with business cases and specifications, once; the OS2forms
case has a break-even from the economy demo's tariff sheet; the reset deletes them."""

from __future__ import annotations

import io
from typing import Any

import pytest

from programkontor.accounts.models import User
from programkontor.economy import demo as economy_demo
from programkontor.governance import demo as governance_demo
from programkontor.initiatives import demo, selectors
from programkontor.initiatives.models import Initiative
from programkontor.planning import demo as planning_demo
from programkontor.portfolio import demo as portfolio_demo


@pytest.fixture
def loaded(db: Any) -> list[str]:
    for module in (portfolio_demo, governance_demo, planning_demo, economy_demo):
        module.load_demo(stdout=io.StringIO())
    return demo.load_demo(stdout=io.StringIO())


def test_it_loads_two_initiatives_once_and_deletes_them(loaded: list[str]) -> None:
    assert loaded == ["Initiativer: oprettet 2 initiativer med business case og kravspecifikation."]
    assert demo.load_demo(stdout=io.StringIO()) == [
        "Initiativer: demodata var allerede indlæst; intet nyt er oprettet."
    ]
    assert demo.demo_totals() == [("Initiativer", 2), ("Business case-linjer", 9), ("Krav", 9)]
    forms = Initiative.objects.get(product__slug="os2forms")
    assert forms.requirements.get(number="K-02").work_item is not None
    secretariat = User.objects.filter(is_secretariat=True).first()
    assert secretariat is not None
    case = selectors.business_case(forms, secretariat)
    assert case.tariff_sheet is not None and case.summary.break_even is not None
    assert case.summary.payback_year == forms.first_year + 2 and case.summary.break_even == 17
    demo.delete_demo()
    assert not Initiative.objects.exists() and not Initiative.history.exists()
