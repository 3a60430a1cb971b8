"""No page, export or API answer shows the title of an object its reader may not open.

Objects the readers below may not open get titles with a unique marker; some of them hang on objects
those readers may open (an unpublished decision that approved a published budget version or
decided a published tariff sheet, an unpublished work item under a published decision, a private
product in a published program). Then every page and API route of the permission matrix is
crawled as an anonymous visitor, a supplier's contact (erin) and a user without roles (mallory),
following the site's own links from each answer, and no answer may carry the marker: not the HTML,
not the JSON, not the text of an XLSX export.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import deque
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from programkontor.core import services
from programkontor.economy.models import BudgetVersion
from tests import factories as f
from tests.economy.factories import (
    YEAR,
    approve,
    association_tariff,
    budget_with_lines,
    decision,
    tariff_sheet,
)
from tests.governance.factories import MeetingFactory
from tests.planning.factories import TimeboxFactory, WorkItemFactory
from tests.security.test_permission_matrix import API, WEB

MARK = "HEMMELIGT-7Q3"
#: Pages a crawl never follows: logging out, the admin, the interactive API docs, static files.
SKIP = re.compile(r"^/(static|admin|api/docs|api/schema)/|logout|/log-ud")
HREF = re.compile(r'href="(/[^"#]*)"')
MAX_PAGES = 700


def publish(obj: Any) -> Any:
    return services.set_published(obj, actor=None, expected_version=obj.version, published=True)


def seed_secrets(world: Any) -> dict[str, Any]:
    """Objects named with the marker that anonymous visitors, erin and mallory may not open."""
    gamma = world.published_product  # published, in the published program Infrastruktur
    secret_decision = decision(product=gamma, title=f"{MARK} budgetbeslutning")
    assert not secret_decision.is_published

    _budget, version = budget_with_lines(world["alice"], gamma, {"00002": 10_000_00})
    approved = approve(world["alice"], version, secret_decision)
    approved = publish(BudgetVersion.objects.get(pk=approved.pk))
    sheet = tariff_sheet(gamma, decision=secret_decision)
    sheet = publish(sheet)
    tariff = association_tariff(year=YEAR + 1, published=True)  # the matrix's economy has YEAR's
    services.update(
        tariff, actor=None, expected_version=tariff.version, changes={"decision": secret_decision}
    )

    public_decision = publish(decision(product=gamma, title="Offentlig beslutning om prioritering"))
    timebox = publish(TimeboxFactory(product=gamma))
    WorkItemFactory(timebox=timebox, product=gamma, title=f"{MARK} opgave", decision=public_decision)
    MeetingFactory(body=f.BodyFactory(product=gamma, name="Styregruppen for OS2gamma"), title=f"{MARK} møde")
    f.ProductFactory(program=world.other_program, name=f"{MARK} produkt", slug="hemmeligt-produkt")
    return {"version": approved, "sheet": sheet, "decision": public_decision}


def texts_of(response: Any) -> str:
    """What a reader gets to read in an answer: its body, or the text inside an XLSX/DOCX export."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return content.decode("utf-8", "replace")


def links_in(url: str, text: str, content_type: str) -> list[str]:
    if content_type.startswith("text/html"):
        return [link.replace("&amp;", "&") for link in HREF.findall(text)]
    if content_type.startswith("application/json") and url.startswith("/api/"):
        try:
            data = json.loads(text)
        except ValueError:
            return []
        rows = data.get("results", []) if isinstance(data, dict) else []
        base = url.split("?", 1)[0]
        return [f"{base}{row['id']}/" for row in rows if isinstance(row, dict) and "id" in row]
    return []


def start_urls(world: Any) -> list[str]:
    """The URL of every GET row of the permission matrix. A row builds its objects as it needs them;
    a row that cannot build them next to another row's (two drafts of one thing) is left to the
    crawl's links."""
    urls = ["/"]
    rows = [(name, row) for name, row in WEB.items() if row.method == "get"]
    rows += [(name, row) for (name, method), row in API.items() if method == "get"]
    for name, row in rows:
        try:
            with transaction.atomic():
                urls.append(reverse(name, kwargs=row.kwargs(world)))
        except ValidationError:
            continue
    assert len(urls) > 0.9 * len(rows)
    return urls


def crawl(client: Client, start: list[str]) -> tuple[int, list[str]]:
    """Visit ``start`` and every same-site link found on the way (GET only); the number of pages read
    and the URLs whose answer shows the marker."""
    queue = deque(dict.fromkeys(start))
    seen = set(queue)
    leaks: list[str] = []
    visited = 0
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        visited += 1
        text = texts_of(response)
        if MARK in text:
            leaks.append(f"{url} ({response.status_code})")
        if response.status_code != 200:
            continue
        for link in links_in(url, text, response.get("Content-Type", "")):
            path = link.split("?", 1)[0] if not link.startswith("/api/") else link
            if path not in seen and not SKIP.search(path):
                seen.add(path)
                queue.append(path)
    return visited, leaks


@pytest.mark.parametrize("reader", [None, "erin", "mallory"], ids=lambda name: name or "anonymous")
def test_no_answer_shows_the_title_of_an_object_the_reader_may_not_open(
    world: Any, reader: str | None
) -> None:
    start = start_urls(world)  # builds the matrix's objects first
    secrets = seed_secrets(world)
    client = Client()
    if reader:
        client.force_login(world[reader])
    start = [
        *start,
        secrets["version"].get_absolute_url(),
        secrets["sheet"].get_absolute_url(),
        secrets["decision"].get_absolute_url(),
    ]

    visited, leaks = crawl(client, start)

    assert visited > 200
    assert leaks == []


def test_the_crawl_finds_the_marker_where_the_reader_may_open_it(world: Any) -> None:
    """The control: the secretariat opens everything, so the same crawl must meet the marker."""
    secrets = seed_secrets(world)
    client = Client()
    client.force_login(world["alice"])

    _visited, leaks = crawl(
        client, [secrets["version"].get_absolute_url(), secrets["sheet"].get_absolute_url()]
    )

    assert leaks
