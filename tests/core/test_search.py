"""Search everything a user may see (issue 16): on SQLite's FTS5 and PostgreSQL's Danish full-text search.

alice (secretariat) sees everything; dave (steering group of OS2alpha) reads OS2alpha's internal data
and nothing of OS2beta's; mallory (logged in, no role) and anonymous visitors see what is published.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programkontor.core import search, services
from programkontor.core.models import SearchEntry
from programkontor.governance.models import Decision
from programkontor.planning.models import Milestone, Risk
from tests.governance.factories import DecisionFactory
from tests.planning.factories import MilestoneFactory, RiskFactory, WorkItemFactory

SEARCH = reverse("core:search")
POSTGRESQL_ONLY = pytest.mark.skipif(connection.vendor != "postgresql", reason="Danish stemming and pg_trgm")


def page(client: Any, query: str, **params: str) -> str:
    response = client.get(SEARCH, {"q": query, **params})
    assert response.status_code == 200
    return str(response.content.decode())


def hits(html: str) -> list[str]:
    """The titles of the hits on a results page, in order."""
    return re.findall(r'<li class="pk-hit"><a href="[^"]*">([^<]*)</a>', html)


def groups(html: str) -> dict[str, int]:
    """Each group's heading and count on a results page."""
    return {
        label.strip(): int(count)
        for label, count in re.findall(r'<h2 class="h3">([^<]*)<span class="pk-muted">\((\d+)\)</span>', html)
    }


@pytest.fixture
def nemlog(world: Any) -> dict[str, Any]:
    """OS2alpha's plans name NemLog-in the way the demo portfolio does; OS2beta has one of its own."""
    product, other = world.product, world.other_product
    type(product).objects.filter(pk=product.pk).update(is_published=True)  # its published plans are public
    return {
        "risk": RiskFactory(
            product=product,
            title="KOMBIT flytter tidsplanen for NemLog-in-brokeren",
            mitigation="Tæt dialog med KOMBIT.",
        ),
        "milestone": MilestoneFactory(
            product=product,
            title="NemLog-in-broker i produktion",
            is_published=True,
            notes="Kodeord: zebrafink",
        ),
        "private_milestone": MilestoneFactory(product=product, title="NemLog-in-broker i testmiljøet"),
        "work_item": WorkItemFactory(product=product, title="Understøttelse af den nye NemLog-in-broker"),
        "decision": DecisionFactory(
            product=product,
            title="Overgang til den nye login-løsning",
            decision="Vi skifter til NemLog-in-brokeren i 2027.",
        ),
        "other_risk": RiskFactory(product=other, title="NemLog-in-certifikatet udløber for OS2beta"),
    }


def test_nemlog_finds_the_risks_milestones_work_items_and_decisions_that_name_it(
    world: Any, nemlog: dict[str, Any], client: Any
) -> None:
    client.force_login(world["alice"])
    html = page(client, "NemLog")
    assert groups(html) == {"Risici": 2, "Milepæle": 2, "Opgaver": 1, "Beslutninger": 1}
    found = hits(html)
    assert "KOMBIT flytter tidsplanen for NemLog-in-brokeren" in found
    assert "15.05.2026 Overgang til den nye login-løsning" in found  # found by its text, not its title
    assert f'href="{nemlog["risk"].get_absolute_url()}"' in html
    assert "<mark>NemLog-in-brokeren" in html  # the decision's snippet
    assert "6 resultater for “NemLog”" in html


def test_a_word_is_found_by_its_beginning(world: Any, nemlog: dict[str, Any], client: Any) -> None:
    client.force_login(world["alice"])
    assert "KOMBIT flytter tidsplanen for NemLog-in-brokeren" in hits(page(client, "kombi tidspl"))
    assert hits(page(client, "kombit zzz")) == []  # every word must match


def test_visitors_and_users_without_a_role_find_only_what_is_published(
    world: Any, nemlog: dict[str, Any], client: Any
) -> None:
    for user in (None, world["mallory"]):
        client.logout()
        if user is not None:
            client.force_login(user)
        html = page(client, "NemLog")
        assert groups(html) == {"Milepæle": 1}
        assert hits(html) == [str(nemlog["milestone"])]
        assert "Risici" not in html and "Beslutninger" not in html
        # The published milestone's internal notes are neither matched nor shown.
        assert hits(page(client, "zebrafink")) == []
        assert "zebrafink" not in html


def test_a_steering_group_member_finds_their_product_and_its_internal_text_but_nothing_else(
    world: Any, nemlog: dict[str, Any], client: Any
) -> None:
    client.force_login(world["dave"])
    html = page(client, "NemLog")
    assert groups(html) == {"Risici": 1, "Milepæle": 2, "Opgaver": 1, "Beslutninger": 1}
    assert "NemLog-in-certifikatet udløber for OS2beta" not in html
    internal = page(client, "zebrafink")
    assert hits(internal) == [str(nemlog["milestone"])]
    assert "<mark>zebrafink</mark>" in internal


def test_the_index_follows_updates_archiving_and_deletes_at_once(
    world: Any, nemlog: dict[str, Any], client: Any
) -> None:
    client.force_login(world["alice"])
    risk = nemlog["risk"]
    services.update(
        risk,
        actor=world["alice"],
        expected_version=risk.version,
        changes={"title": "KOMBIT flytter tidsplanen for MitID"},
    )
    assert "KOMBIT flytter tidsplanen for MitID" in hits(page(client, "MitID"))
    assert "KOMBIT flytter tidsplanen for MitID" not in hits(page(client, "NemLog"))
    services.set_archived(risk, actor=world["alice"], expected_version=risk.version, archived=True)
    assert hits(page(client, "MitID")) == []
    services.set_archived(risk, actor=world["alice"], expected_version=risk.version, archived=False)
    assert hits(page(client, "MitID")) == ["KOMBIT flytter tidsplanen for MitID"]
    services.delete(nemlog["decision"], actor=world["alice"])
    assert "Beslutninger" not in page(client, "NemLog")
    assert not SearchEntry.objects.filter(kind="governance.decision").exists()


def test_publishing_makes_a_hit_visible_to_visitors(world: Any, nemlog: dict[str, Any], client: Any) -> None:
    milestone = nemlog["private_milestone"]
    assert str(milestone) not in hits(page(client, "testmiljøet"))
    services.set_published(
        milestone, actor=world["alice"], expected_version=milestone.version, published=True
    )
    assert hits(page(client, "testmiljøet")) == [str(milestone)]


def test_snippets_and_titles_are_escaped(world: Any, client: Any) -> None:
    RiskFactory(
        product=world.product,
        title='<img src=x onerror="alert(1)">NemLog',
        description='<script>alert("x")</script> Risikoen for NemLog <b>fed</b> & mere',
    )
    client.force_login(world["alice"])
    html = page(client, "NemLog")
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>fed" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Risikoen for <mark>NemLog</mark>" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;NemLog</a>" in html
    assert "&lt;b&gt;fed&lt;/b&gt; &amp; mere" in html


def test_a_kind_shows_all_its_hits_a_page_at_a_time(world: Any, client: Any) -> None:
    for number in range(30):
        RiskFactory(product=world.product, title=f"NemLog-risiko {number}")
    client.force_login(world["alice"])
    html = page(client, "NemLog")
    assert groups(html) == {"Risici": 30} and len(hits(html)) == 5
    assert "?q=NemLog&amp;type=planning.risk" in html
    first = page(client, "NemLog", type="planning.risk")
    assert len(hits(first)) == 25 and "Side 1 af 2" in first
    assert len(hits(page(client, "NemLog", type="planning.risk", page="2"))) == 5
    # A kind the user may not see is empty, and an unknown kind shows every kind.
    client.force_login(world["mallory"])
    assert hits(page(client, "NemLog", type="planning.risk")) == []
    assert groups(page(client, "NemLog", type="nonsense")) == {}


def test_the_number_of_queries_does_not_grow_with_the_hits(world: Any, client: Any) -> None:
    def count(query: str, **params: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            page(client, query, **params)
        return len(queries)

    client.force_login(world["dave"])
    RiskFactory(product=world.product, title="Skalering 1")
    page(client, "Skalering")  # warm up (session, sites)
    few, few_kind = count("Skalering"), count("Skalering", type="planning.risk")
    for number in range(40):
        RiskFactory(product=world.product, title=f"Skalering {number}")
        MilestoneFactory(product=world.product, title=f"Skalering {number}")
        DecisionFactory(product=world.product, title=f"Skalering {number}")
    assert count("Skalering") == few
    assert count("Skalering", type="planning.risk") == few_kind


def test_bulk_imports_index_what_they_create(world: Any, client: Any, tmp_path: Any) -> None:
    """The governance import creates decisions, meetings and agenda items with bulk_create."""
    import shutil
    from pathlib import Path

    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).parents[1] / "governance" / "repo_fixture", repo)
    call_command(
        "import_governance", str(repo), "--product", "os2alpha", stdout=io.StringIO(), stderr=io.StringIO()
    )
    decision = Decision.objects.get(source_path="beslutninger/2026-05-07-ny-version-i-2027.md")
    client.force_login(world["alice"])
    assert str(decision) in hits(page(client, decision.title))
    indexed = set(SearchEntry.objects.values_list("kind", flat=True))
    assert {"governance.decision", "governance.meeting", "governance.agendaitem"} <= indexed


def test_the_planning_demo_is_searchable_as_loaded(db: Any, client: Any) -> None:
    from programkontor.accounts.models import User
    from programkontor.planning import demo
    from programkontor.portfolio import demo as portfolio_demo

    portfolio_demo.load_demo(stdout=io.StringIO())
    demo.load_demo()
    client.force_login(User.objects.filter(is_secretariat=True).first())
    found = groups(page(client, "NemLog"))
    assert found["Risici"] == Risk.objects.filter(title__icontains="nemlog").count() == 1
    assert found["Milepæle"] == Milestone.objects.filter(title__icontains="nemlog").count() == 2
    assert {"Opgaver", "Roadmap"} <= set(found)


def test_reindex_search_rebuilds_the_index_with_a_progress_bar(world: Any, nemlog: dict[str, Any]) -> None:
    entries = SearchEntry.objects.count()
    SearchEntry.objects.filter(kind="planning.risk").delete()
    SearchEntry.objects.create(kind="gone.thing", object_id=1, title="Forældet", url="/")
    Risk.objects.filter(pk=nemlog["risk"].pk).update(title="Opdateret uden signal")
    out, err = io.StringIO(), io.StringIO()
    call_command("reindex_search", stdout=out, stderr=err)
    assert SearchEntry.objects.count() == entries
    assert (
        SearchEntry.objects.get(kind="planning.risk", object_id=nemlog["risk"].pk).title
        == "Opdateret uden signal"
    )
    assert f"Søgeindekset har {entries} objekter" in out.getvalue()
    assert re.search(rf"\[#{{30}}\] {entries}/{entries} Timebokse\n$", err.getvalue())
    call_command("reindex_search", "planning.risk", stdout=out, stderr=io.StringIO())
    with pytest.raises(Exception, match=r"Ukendt type: planning\.nothing"):
        call_command("reindex_search", "planning.nothing", stdout=out, stderr=io.StringIO())


def test_index_objects_is_the_hook_for_writes_without_signals(world: Any, nemlog: dict[str, Any]) -> None:
    risk = nemlog["risk"]
    Risk.objects.filter(pk=risk.pk).update(title="Ændret i bulk")
    search.index_objects(Risk, [risk])
    assert SearchEntry.objects.get(kind="planning.risk", object_id=risk.pk).title == "Ændret i bulk"
    Risk.objects.filter(pk=risk.pk).update(archived_at="2026-01-01T00:00:00Z")
    search.index_objects(Risk, [risk.pk])
    assert not SearchEntry.objects.filter(kind="planning.risk", object_id=risk.pk).exists()


def test_an_empty_or_wordless_query_finds_nothing(world: Any, client: Any) -> None:
    client.force_login(world["alice"])
    assert hits(page(client, "")) == [] and hits(page(client, '"*:() & | !')) == []


def test_the_header_search_box_leads_to_the_search_page(world: Any, client: Any) -> None:
    html = client.get(reverse("portfolio:overview")).content.decode()
    assert f'action="{SEARCH}"' in html


@POSTGRESQL_ONLY
def test_danish_stemming_finds_other_forms_of_a_word(world: Any, client: Any) -> None:
    DecisionFactory(product=world.product, title="Beslutning om hosting", is_published=True)
    client.force_login(world["alice"])
    html = page(client, "beslutninger")
    assert hits(html) == ["15.05.2026 Beslutning om hosting"]
    assert "<mark>Beslutning</mark>" not in html  # titles are not marked; the snippet is empty here
    assert hits(page(client, "nemlog")) == []


@POSTGRESQL_ONLY
def test_a_name_is_found_despite_a_typo(world: Any, client: Any) -> None:
    client.force_login(world["alice"])
    assert "Testrup Kommune" in hits(page(client, "Testrupp Kommune"))


def test_migrate_fills_an_empty_index(world: Any, nemlog: dict[str, Any]) -> None:
    """An upgrade to the search: the table is new and empty, the objects are there."""
    entries = SearchEntry.objects.count()
    SearchEntry.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert SearchEntry.objects.count() == entries
    assert SearchEntry.objects.filter(kind="planning.risk", object_id=nemlog["risk"].pk).exists()
