"""The evaluation heatmap, bounded: per program across the portfolio (counted in the database, through
the permission gate), per product (50 a page) within a program."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programkontor.core import services as services_core
from programkontor.core.gate import restrict
from programkontor.core.services import set_archived
from programkontor.evaluation import scoring, services
from programkontor.evaluation.models import Catalogue, Evaluation, Rating
from programkontor.portfolio.models import Product
from tests import factories as f
from tests.evaluation import factories as ef

pytestmark = pytest.mark.django_db

GREEN, YELLOW, RED, GRAY = scoring.GREEN, scoring.YELLOW, scoring.RED, scoring.GRAY


def client_for(world: Any, name: str | None) -> Client:
    client = Client()
    if name:
        client.force_login(world[name])
    return client


def by_hand(user: Any) -> dict[str, Counter[tuple[str, str]]]:
    """Program slug ("null": none) -> (requirement code, light) -> count, counted row by row in Python
    over the latest final evaluation ``user`` may see of each product ``user`` may see."""
    latest: dict[int, Evaluation] = {}
    visible = restrict(Evaluation, user, "view").filter(status="final", product__archived_at__isnull=True)
    products = set(restrict(Product, user, "view").values_list("pk", flat=True))
    for evaluation in visible.order_by("evaluated_on", "pk"):
        if evaluation.product_id in products:
            latest[evaluation.product_id] = evaluation
    counts: dict[str, Counter[tuple[str, str]]] = {}
    for evaluation in latest.values():
        program = evaluation.product.program
        slug = program.slug if program else "null"
        for rating in Rating.objects.filter(evaluation=evaluation).select_related("requirement"):
            counts.setdefault(slug, Counter())[(rating.requirement.code, rating.light)] += 1
    return counts


def shown(response: Any) -> dict[str, Counter[tuple[str, str]]]:
    heatmap = response.context["heatmap"]
    codes = [column.code for column in heatmap.columns]
    counts: dict[str, Counter[tuple[str, str]]] = {}
    for program in heatmap.programs:
        found: Counter[tuple[str, str]] = Counter()
        for code, cell in zip(codes, program.cells, strict=True):
            for light, n in cell.items():
                found[(code, light)] += n
        if found:
            counts[program.slug] = found
    return counts


@pytest.fixture
def small_world(world: Any, catalogue: Catalogue) -> Any:
    """Four products in two programs and one without: earlier, draft and unpublished evaluations too."""
    today = timezone.localdate()
    earlier = today - datetime.timedelta(days=200)
    # OS2alpha (Velfærd, not published): an earlier final evaluation that must not count, then the latest.
    ef.evaluation(world.product, catalogue, default=RED, level="1", evaluated_on=earlier)
    ef.evaluation(world.product, catalogue, lights={"R1": RED, "R2": YELLOW}, level="1")
    # OS2gamma (Infrastruktur, published): a published evaluation, and a later one that is not published.
    ef.evaluation(
        world.published_product,
        catalogue,
        lights={"R1": YELLOW, "F1": GRAY},
        level="1",
        published=True,
        evaluated_on=earlier,
    )
    ef.evaluation(world.published_product, catalogue, default=YELLOW, lights={"R1": RED}, level="1")
    # OS2beta (Infrastruktur): only a draft - it counts as not evaluated.
    ef.evaluation(world.other_product, catalogue, default=RED)
    # A product without a program.
    orphan = f.ProductFactory(program=None, name="OS2delta", slug="os2delta", is_published=True)
    ef.evaluation(orphan, catalogue, default=GREEN, lights={"R3": RED}, level="1", published=True)
    return world


def test_the_portfolio_view_counts_each_programs_lights_as_counting_by_hand(small_world: Any) -> None:
    world = small_world
    response = client_for(world, "alice").get(reverse("evaluation:portfolio"))
    heatmap = response.context["heatmap"]
    assert heatmap.rows == []
    assert [(p.name, p.products, p.evaluated) for p in heatmap.programs] == [
        ("Infrastruktur", 2, 1),
        ("Velfærd", 1, 1),
        ("", 1, 1),
    ]
    assert shown(response) == by_hand(world["alice"])
    codes = [column.code for column in heatmap.columns]
    velfaerd = heatmap.programs[1]
    assert velfaerd.cells[codes.index("R1")] == {RED: 1}
    assert velfaerd.cells[codes.index("R2")] == {YELLOW: 1}
    assert sum(velfaerd.cells[codes.index("R3")].values()) == 1

    # What the reader sees: symbol and number in each cell, and each program links to its products.
    html = response.content.decode()
    assert "4 products, 3 evaluated" in html
    row = html[html.index('<tbody><tr><th scope="row"') :].split("</tr>")[1]
    assert '<a href="?program=velfaerd">Velfærd</a>' in row
    assert row.count("<td") == 2 + 43
    assert '<span class="pk-ev-h-red" title="Red">✗&#8239;1</span>' in row
    assert '<a href="?program=null">No program</a>' in html

    # The program's own view: its products, a row each, as before.
    program = client_for(world, "alice").get(reverse("evaluation:portfolio"), {"program": "velfaerd"})
    assert [row.product.name for row in program.context["heatmap"].rows] == ["OS2alpha"]
    assert program.context["heatmap"].programs == []
    orphans = client_for(world, "alice").get(reverse("evaluation:portfolio"), {"program": "null"})
    assert [row.product.name for row in orphans.context["heatmap"].rows] == ["OS2delta"]


def test_products_and_evaluations_a_reader_may_not_see_are_not_counted(small_world: Any) -> None:
    world = small_world
    anonymous = client_for(world, None).get(reverse("evaluation:portfolio"))
    counts = shown(anonymous)
    assert counts == by_hand(None)
    # OS2alpha is not published: Velfærd is not there at all. OS2gamma's latest evaluation is not
    # published: its earlier, published one is counted instead.
    assert [(p.name, p.products, p.evaluated) for p in anonymous.context["heatmap"].programs] == [
        ("Infrastruktur", 1, 1),
        ("", 1, 1),
    ]
    assert counts["infrastruktur"][("R1", YELLOW)] == 1
    assert counts["infrastruktur"][("F1", GRAY)] == 1
    assert ("R1", RED) not in counts["infrastruktur"]
    assert "Velfærd" not in anonymous.content.decode().split('id="heatmap"')[1]


def test_the_portfolio_view_keeps_the_filters(small_world: Any) -> None:
    client = client_for(small_world, "alice")
    by_theme = client.get(reverse("evaluation:portfolio"), {"theme": "relevans", "level": "1"})
    assert [column.code for column in by_theme.context["heatmap"].columns] == ["R1", "R2", "R3", "R4"]
    assert all(len(p.cells) == 4 for p in by_theme.context["heatmap"].programs)
    html = by_theme.content.decode()
    assert re.search(r'href="\?theme=relevans&amp;level=1&amp;program=velfaerd"', html)
    archived = client.get(reverse("evaluation:portfolio"), {"q": "OS2delta"})
    assert [p.slug for p in archived.context["heatmap"].programs] == ["null"]


def test_a_programs_view_shows_fifty_products_a_page_with_links_that_keep_the_filters(
    world: Any, catalogue: Catalogue
) -> None:
    for i in range(55):
        f.ProductFactory(program=world.program, name=f"OS2p{i:02d}", slug=f"os2p{i:02d}")
    client = client_for(world, "alice")
    first = client.get(reverse("evaluation:portfolio"), {"program": "velfaerd", "theme": "relevans"})
    assert len(first.context["heatmap"].rows) == 50
    html = first.content.decode()
    assert "56 products, 0 evaluated" in html
    assert "Page 1 of 2" in html
    assert 'href="?program=velfaerd&amp;theme=relevans&amp;page=2"' in html
    second = client.get(
        reverse("evaluation:portfolio"), {"program": "velfaerd", "theme": "relevans", "page": "2"}
    )
    assert [row.product.name for row in second.context["heatmap"].rows] == [
        f"OS2p{i:02d}" for i in range(49, 55)
    ]
    assert 'href="?program=velfaerd&amp;theme=relevans&amp;page=1"' in second.content.decode()


def test_the_portfolio_views_query_count_does_not_grow_with_programs(
    small_world: Any, catalogue: Catalogue
) -> None:
    """The per-product growth is measured in test_query_counts.py; here the number of programs grows."""
    client = client_for(small_world, "alice")
    url = reverse("evaluation:portfolio")
    client.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    few = queries()
    for i in range(8):
        product = f.ProductFactory(program=f.ProgramFactory(name=f"Program {i}", slug=f"program-{i}"))
        ef.evaluation(product, catalogue, default=YELLOW, level="1")
    assert len(client.get(url).context["heatmap"].programs) == 11
    assert queries() == few


def test_the_portfolio_views_counts_are_kept_until_an_evaluation_or_product_changes(
    small_world: Any, catalogue: Catalogue
) -> None:
    """The counts are cached (core.unchanged_cache): a repeated request reads only the history marks,
    and each kind of write the counts depend on is seen on the next request."""
    world = small_world
    client = client_for(world, "alice")
    url = reverse("evaluation:portfolio")

    def requested() -> tuple[dict[str, Counter[tuple[str, str]]], int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        return shown(response), len(captured)

    first, computed = requested()
    again, kept = requested()
    assert again == first == by_hand(world["alice"])
    assert kept == computed - 2  # the two grouped queries are not made again

    # A draft decided (final through the service): Infrastruktur's OS2beta is counted now.
    draft = Evaluation.objects.get(product=world.other_product, status="draft")
    services.decide_level(
        evaluation=draft, actor=world["alice"], expected_version=draft.version, level="1", reason="Fordi."
    )
    decided, queries = requested()
    assert queries == computed
    assert decided == by_hand(world["alice"]) != first
    assert decided["infrastruktur"][("R1", RED)] == 2

    # A product archived drops out; one moved to another program moves its lights.
    set_archived(
        world.other_product, actor=world["alice"], expected_version=world.other_product.version, archived=True
    )
    assert requested()[0] == by_hand(world["alice"]) == first
    product = Product.objects.get(pk=world.product.pk)
    services_core.update(
        product, actor=world["alice"], expected_version=product.version, changes={"program": None}
    )
    moved = requested()[0]
    assert "velfaerd" not in moved and moved == by_hand(world["alice"])

    # A rating changed outside the services (the admin saves the row itself) is seen too.
    rating = Rating.objects.filter(evaluation__product__slug="os2delta", requirement__code="R3").get()
    rating.light = GREEN
    rating.save()
    assert requested()[0]["null"][("R3", GREEN)] == 2


def test_readers_with_different_rights_never_share_the_portfolio_views_counts(small_world: Any) -> None:
    world = small_world
    url = reverse("evaluation:portfolio")
    assert shown(client_for(world, "alice").get(url)) == by_hand(world["alice"])
    anonymous = shown(client_for(world, None).get(url))
    assert anonymous == by_hand(None) != by_hand(world["alice"])
    # Nor do two filters of one reader: after the whole portfolio was counted (and kept), a search
    # for one product counts that product alone.
    searched = shown(client_for(world, "alice").get(url, {"q": "OS2delta"}))
    assert searched == {"null": by_hand(world["alice"])["null"]}
