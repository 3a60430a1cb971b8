"""Every link a demo user is shown leads somewhere (issue 16's acceptance): signed in as each demo
role, and as an anonymous visitor, follow the links of every page reached (GET only, one page of
each kind) and find no 4xx or 5xx. A link the user may not follow ("Rediger" on a posting
the user can only read) is a defect of the page that shows it, not of the page it leads to."""

from __future__ import annotations

import io
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from programkontor.portfolio.demo.plan import DEMO_USERNAMES

HREF = re.compile(r'href="([^"#]*)')
LEAVES = ("/konto/log-ud", "/static/", "/admin/", "/media/")
PAGES_OF_EACH_KIND = 1

# Links and their permissions, not SQL: the permission matrix and the pages' own tests cover
# PostgreSQL; the crawl (about 2 minutes there, under 1 on SQLite) runs in the SQLite pass.
pytestmark = pytest.mark.skipif(connection.vendor == "postgresql", reason="runs in the SQLite pass")


@dataclass
class Crawl:
    pages: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    broken: list[tuple[int, str, str]] = field(default_factory=list)


def links_of(url: str, html: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        href = href.replace("&amp;", "&")
        if not href or href.startswith(("http:", "https:", "mailto:", "tel:", "javascript:", "//")):
            continue
        target = urljoin(url, href)
        if not target.startswith(LEAVES):
            found.append(target)
    return found


def crawl(client: Client, *start: str) -> Crawl:
    result = Crawl()
    queue, seen = deque(start), set(start)
    while queue:
        url = queue.popleft()
        try:
            kind = resolve(urlsplit(url).path).view_name
        except Resolver404:
            result.broken.append((404, url, "no such address"))
            continue
        if result.kinds[kind] >= PAGES_OF_EACH_KIND:
            continue
        result.kinds[kind] += 1
        response = client.get(url)
        result.pages += 1
        if response.status_code >= 400:
            result.broken.append((response.status_code, url, kind))
            continue
        if response.status_code in (301, 302, 303):
            found = [urljoin(url, response["Location"])]
        elif "text/html" in response.get("Content-Type", ""):
            found = links_of(url, response.content.decode())
        else:
            continue
        for target in found:
            if target not in seen and not target.startswith(LEAVES):
                seen.add(target)
                queue.append(target)
    return result


def test_no_link_shown_to_any_demo_role_leads_to_an_error(db: Any) -> None:
    call_command("demo", stdout=io.StringIO())
    start = (reverse("core:for_me"), reverse("portfolio:overview"))
    reached: dict[str, Crawl] = {}
    for username in (*DEMO_USERNAMES, ""):
        client = Client()
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        reached[username or "anonymous"] = crawl(client, *start)

    broken = {role: found.broken for role, found in reached.items() if found.broken}
    assert broken == {}
    # The crawl really went round: the secretariat reaches the pages of every app, a supplier's
    # contact far fewer, and a visitor only what is published (and the login page).
    kinds = {role: set(found.kinds) for role, found in reached.items()}
    for app in ("core", "portfolio", "planning", "governance", "economy", "evaluation"):
        assert any(kind.startswith(f"{app}:") for kind in kinds["sekretariat"]), app
    assert len(kinds["sekretariat"]) > 150
    assert len(kinds["leverandoer"]) < len(kinds["programleder"]) < len(kinds["sekretariat"])
    assert "accounts:login" in kinds["anonymous"]
    writes = {kind for kind in kinds["anonymous"] if kind.endswith(("_add", "_edit", "_delete"))}
    assert writes == set()
    assert {"economy:actual_list", "economy:received_invoice_list"}.isdisjoint(kinds["anonymous"])
    assert "economy:actual_list" in kinds["programleder"]
