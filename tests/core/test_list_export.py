"""Every list as CSV or XLSX: the rows the user can see, through the same gate and filter, all pages."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from programkontor.core.list_export import resolve
from programkontor.core.views import ObjectListView
from tests import factories as f
from tests.governance.factories import DecisionFactory


def _list_views() -> dict[str, type[ObjectListView]]:
    found: dict[str, type[ObjectListView]] = {}

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns,
                    f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace,
                )
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "view_class", None)
                if view is not None and issubclass(view, ObjectListView) and not pattern.pattern.converters:
                    found[f"{namespace}{pattern.name}"] = view

    walk(get_resolver().url_patterns, "")
    return found


LISTS = _list_views()


def _csv(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_every_list_view_declares_its_export_columns() -> None:
    assert len(LISTS) >= 20
    for name, view in LISTS.items():
        assert view.export_columns, f"{name} ({view.__name__}) declares no export_columns"
        resolve(view.model, view.export_columns)  # every path names a field


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_list_downloads_in_both_formats(world: Any, client: Any, name: str) -> None:
    client.force_login(world["alice"])
    columns = resolve(LISTS[name].model, LISTS[name].export_columns)
    rows = _csv(b"".join(client.get(reverse(name), {"format": "csv"}).streaming_content))
    assert rows[0] == [column.label for column in columns]
    workbook = load_workbook(io.BytesIO(client.get(reverse(name), {"format": "xlsx"}).content))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == rows[0]
    assert sheet.max_row == len(rows)


def test_the_file_holds_the_rows_the_user_sees_on_every_page(world: Any, client: Any) -> None:
    for n in range(55):
        DecisionFactory(product=world.product, title=f"Alfa {n:02}")
    DecisionFactory(product=world.other_product, title="Beta hemmelig")
    DecisionFactory(product=world.product, title="Særlig hosting")
    DecisionFactory(product=world.product, title='=HYPERLINK("http://x")')
    client.force_login(world["bob"])

    rows = _csv(
        b"".join(client.get(reverse("governance:decision_list"), {"format": "csv"}).streaming_content)
    )

    titles = {row[1] for row in rows[1:]}
    assert rows[0][:3] == ["Dato", "Titel", "Type"]
    assert len(rows) == 1 + 57  # every page, not the first 50
    assert "Alfa 54" in titles and "Beta hemmelig" not in titles
    assert '\'=HYPERLINK("http://x")' in titles  # a formula stays text
    assert {row[6] for row in rows[1:]} == {"OS2alpha"}

    filtered = client.get(reverse("governance:decision_list"), {"q": "Særlig", "format": "xlsx"})
    assert filtered["Content-Disposition"].startswith('attachment; filename="beslutninger-')
    sheet = load_workbook(io.BytesIO(filtered.content)).worksheets[0]
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == ["Særlig hosting"]

    client.force_login(world["mallory"])
    nothing = _csv(
        b"".join(client.get(reverse("governance:decision_list"), {"format": "csv"}).streaming_content)
    )
    assert nothing == [rows[0]]


def test_internal_columns_are_empty_for_rows_the_user_may_not_read_internally(
    world: Any, client: Any
) -> None:
    f.PersonFactory(first_name="Offentlig", last_name="Kontakt", email="off@example.org", is_public=True)
    client.force_login(world["erin"])
    rows = _csv(b"".join(client.get(reverse("portfolio:person_list"), {"format": "csv"}).streaming_content))
    public = next(row for row in rows if row[0] == "Offentlig")
    assert public[4] == ""  # e-mail is internal data in the export
    client.force_login(world["alice"])
    rows = _csv(b"".join(client.get(reverse("portfolio:person_list"), {"format": "csv"}).streaming_content))
    assert next(row for row in rows if row[0] == "Offentlig")[4] == "off@example.org"


def test_amounts_in_ore_are_written_as_kroner(world: Any, client: Any) -> None:
    from tests.economy.factories import economy_of

    economy_of(world)
    client.force_login(world["alice"])
    rows = _csv(b"".join(client.get(reverse("economy:actual_list"), {"format": "csv"}).streaming_content))
    assert [rows[1][0], rows[1][1], rows[1][2], rows[1][4]] == ["03-02-2026", "OS2alpha", "00005", "1234,56"]
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("economy:actual_list"), {"format": "xlsx"}).content)
    ).active
    assert float(sheet.cell(row=2, column=5).value) == 1234.56


def test_the_export_reads_a_fixed_number_of_queries(world: Any, client: Any) -> None:
    client.force_login(world["bob"])
    counts = []
    for n in (5, 60):
        for i in range(n):
            DecisionFactory(product=world.product, title=f"R{n}-{i}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("governance:decision_list"), {"format": "csv"})
            b"".join(response.streaming_content)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_list_page_links_to_both_files_with_its_filter(world: Any, client: Any) -> None:
    client.force_login(world["alice"])
    page = client.get(reverse("governance:decision_list"), {"q": "budget", "page": "1"}).content.decode()
    assert "Hent som" in page
    assert 'href="?q=budget&amp;format=csv"' in page and 'href="?q=budget&amp;format=xlsx"' in page
