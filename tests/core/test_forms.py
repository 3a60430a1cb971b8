"""The select of many options writes the same HTML as Django's own select, faster."""

from __future__ import annotations

import pytest
from django import forms
from django.utils.safestring import mark_safe

from programkontor.core.forms import ManyOptionsSelect

CHOICES = [
    ("", "Alle personer"),
    (1, 'Åse <Ørsted> & "Co"'),
    (2, mark_safe("<b>safe</b>")),  # a label already safe stays as it is
    ("Gruppe 'A'", [(3, "Tre"), ("4", "Fire")]),
    (None, [(5, "Fem")]),
]


@pytest.mark.parametrize("value", [None, "", 1, "4", ["1", "3"]])
@pytest.mark.parametrize(
    "attrs", [{}, {"class": "form-select", "id": "id_owner", "disabled": True, "x": False}]
)
def test_it_renders_exactly_what_djangos_select_renders(value: object, attrs: dict[str, object]) -> None:
    django_select = forms.Select(attrs=attrs, choices=CHOICES)
    ours = ManyOptionsSelect(attrs=attrs, choices=CHOICES)
    if isinstance(value, list):
        django_select.allow_multiple_selected = ours.allow_multiple_selected = True
    assert ours.render("owner", value) == django_select.render("owner", value)
    assert ours.render("owner", value).count("<option") == 6
