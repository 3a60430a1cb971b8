"""Role descriptions and MoSCoW item lists: hostile files are refused clearly, in linear time (issue 10)."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from programkontor.core.textfile import Limits
from programkontor.planning.moscow_csv import ItemsError, parse_items
from programkontor.planning.roledoc import RoleDescriptionError, parse_role_description
from tests.conftest import OS2_SHARED

ROLE = "# Rolle\n## MUST\n- A\n## SHOULD\n- B\n## COULD\n- C\n"
LONG = 200_000


@pytest.mark.parametrize(
    "text",
    [
        "# a" + " " * LONG + "b",
        ROLE + "  " + "x" + " " * LONG + "y",
        ROLE + "1" * LONG,
        ROLE + "1" * LONG + " timer pr. uge",
        ROLE + "revider" + "a" * LONG,
        ROLE + "[" * LONG,
    ],
    ids=["heading", "continuation", "digits", "digits-hours", "review", "brackets"],
)
def test_a_pathological_role_description_is_read_in_linear_time(text: str) -> None:
    """These took the old patterns quadratic or cubic time (the heading: minutes at 20,000 spaces)."""
    with contextlib.suppress(RoleDescriptionError):
        parse_role_description(text)


def test_hours_are_read_only_where_a_number_begins() -> None:
    assert parse_role_description(ROLE + "Timetal: 37 timer pr. uge").weekly_hours == Decimal(37)
    assert parse_role_description(ROLE + "5-15 timer om ugen").weekly_hours == Decimal(15)
    assert parse_role_description(ROLE + "Revideres én gang om året.").yearly_review


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title,priority,hours\nA,MUST,1e999999999\n", "højst være 100000"),
        ("title,priority,hours\nA,MUST," + "9" * 5_000 + "\n", "ikke »" + "9" * 40 + "«"),
        ('title,priority,hours\n"' + "x" * 200_000 + "\n", "cannot be read as CSV"),
        ("title,priority,hours\nA\x00,MUST,1\n", "control character U+0000"),
        ("title,priority,hours\n" + "A,MUST,1\n" * 30, "more than 20 lines"),
    ],
)
def test_a_hostile_item_list_is_refused_with_its_row(text: str, expected: str) -> None:
    with pytest.raises(ItemsError) as refused:
        parse_items(text, limits=Limits(max_bytes=1024 * 1024, max_rows=20))
    assert any(expected in str(problem) for problem in refused.value.problems)


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("title,priority;hours\nMUSTCOULDWON'\"7.5 -e\x00")), max_size=200)
)
def test_any_item_list_gives_items_or_named_problems(text: str) -> None:
    problems: list[str] = []
    try:
        items = parse_items(text)
    except ItemsError as error:
        problems = [str(problem) for problem in error.problems] or [""]
    if problems:
        assert all(problems)
    else:
        assert all(Decimal(0) <= item.hours <= Decimal(100_000) for item in items)


@settings(max_examples=150, deadline=None)
@given(
    st.text(max_size=400)
    | st.text(alphabet=st.sampled_from(list("#*-+ MUSTHOULDC1234567890.,\n[]()`_")), max_size=400)
)
def test_any_text_gives_a_role_description_or_a_reason(text: str) -> None:
    reason = None
    try:
        description = parse_role_description(text)
    except RoleDescriptionError as error:
        reason = str(error)
    if reason is not None:
        assert reason
    else:
        assert description.task_count >= 3


@pytest.mark.skipif(not (OS2_SHARED / "reference").is_dir(), reason=f"OS2's files are not at {OS2_SHARED}")
def test_the_real_role_descriptions_still_read() -> None:
    for name in ("program_manager_role.md", "product_coordinator_role.md"):
        text = (OS2_SHARED / "reference" / name).read_text(encoding="utf-8")
        assert parse_role_description(text).task_count > 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (ROLE.encode() + b"\x00", "kontroltegnet U+0000"),
        (b"PK\x03\x04" + bytes(200), "zip-arkiv"),
        (b"x" * (1024 * 1024 + 1), "større end 1 MB"),
    ],
)
def test_the_page_refuses_a_hostile_role_description_and_saves_nothing(
    world: Any, pw: Any, client: Any, content: bytes, message: str
) -> None:
    before = list(pw.plan.responsibilities.values_list("pk", flat=True))
    client.force_login(world["bob"])
    response = client.post(
        reverse("planning:roleplan_import", args=[pw.plan.pk]),
        {"file": SimpleUploadedFile("rolle.md", content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(pw.plan.responsibilities.values_list("pk", flat=True)) == before
