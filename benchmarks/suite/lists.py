"""The list pages, overviews and list endpoints the suite measures, each with hand-written SQL.

The SQL of a page is written here by hand, never captured from the page: it reads the rows the page
shows (the page of 50 with the columns and joined names it displays, and the count a paginated list
needs; for an overview the aggregate its figures come from) in the order the page shows them, through
the indexes a list should have. It is what a page could cost if Django, the permission gate, the
template or the serializer added nothing; the page's own statements would hide a missing index.
The suite reads as the secretariat, who sees every row, so no permission filter belongs in the SQL.
"""

from __future__ import annotations

import datetime
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks.common import TODAY, client

YEAR = TODAY.year
QUARTER = (TODAY.month - 1) // 3 + 1
QUARTER_START = datetime.date(YEAR, 3 * QUARTER - 2, 1)
QUARTER_END = (QUARTER_START + datetime.timedelta(days=95)).replace(day=1) - datetime.timedelta(days=1)

Statement = tuple[str, tuple[Any, ...]]
#: Runs of the hand-written SQL per request: the SQL is short, its median needs more samples.
SQL_RUNS = 3


@dataclass(frozen=True)
class Case:
    name: str
    url: Callable[[Any], str]
    sql: Callable[[Any], list[Statement]]


@dataclass
class Measured:
    name: str
    url: str
    median_ms: float
    queries: int
    sql_ms: float
    kilobytes: float

    @property
    def ratio(self) -> float:
        return self.median_ms / self.sql_ms if self.sql_ms else float("inf")


def _page(table_sql: str, count_sql: str, *params: Any) -> list[Statement]:
    return [(count_sql, params), (table_sql, params)]


def _reverse(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


PRODUCT_COUNT = "SELECT count(*) FROM portfolio_product WHERE archived_at IS NULL"
DUE_MEETINGS = (
    "SELECT m.id, m.title, m.starts_at, m.status, b.name FROM governance_meeting m "
    "JOIN portfolio_body b ON b.id = m.body_id WHERE m.starts_at >= %s AND m.starts_at < %s "
    "ORDER BY m.starts_at LIMIT 10"
)
DUE_DECISIONS = (
    "SELECT d.id, d.title, d.ratification_due, p.name FROM governance_decision d "
    "LEFT JOIN portfolio_product p ON p.id = d.product_id "
    "WHERE d.status = 'ratification_pending' ORDER BY d.ratification_due LIMIT 10"
)


def _home(_e: Any) -> list[Statement]:
    now = datetime.datetime.combine(TODAY, datetime.time(), tzinfo=datetime.UTC)
    soon = TODAY + datetime.timedelta(days=30)
    return [
        (DUE_MEETINGS, (now, now + datetime.timedelta(days=30))),
        (DUE_DECISIONS, ()),
        (
            "SELECT r.id, r.title, r.review_date, p.name FROM planning_risk r "
            "LEFT JOIN portfolio_product p ON p.id = r.product_id WHERE r.archived_at IS NULL "
            "AND r.status <> 'closed' AND r.review_date <= %s ORDER BY r.review_date LIMIT 10",
            (soon,),
        ),
        (
            "SELECT m.id, m.title, m.due_date, p.name FROM planning_milestone m "
            "LEFT JOIN portfolio_product p ON p.id = m.product_id WHERE m.status = 'planned' "
            "AND m.due_date <= %s ORDER BY m.due_date LIMIT 10",
            (soon,),
        ),
    ]


def _risks_to_review(_e: Any) -> list[Statement]:
    """*Til mig*'s first "Vis flere" of the risks to review: rows 11 to 35, and how many there are."""
    live = "r.archived_at IS NULL AND r.status <> 'closed' AND r.review_date <= %s"
    return _page(
        "SELECT r.id, r.title, r.review_date, r.probability, r.impact, p.name FROM planning_risk r "
        f"LEFT JOIN portfolio_product p ON p.id = r.product_id WHERE {live} "
        "ORDER BY r.review_date, r.title, r.id LIMIT 25 OFFSET 10",
        f"SELECT count(*) FROM planning_risk r WHERE {live}",
        TODAY + datetime.timedelta(days=30),
    )


def _api(table: str, order: str, where: str = "") -> Callable[[Any], list[Statement]]:
    condition = f" WHERE {where}" if where else ""
    return lambda _e: _page(
        f"SELECT * FROM {table}{condition} ORDER BY {order} LIMIT 50",
        f"SELECT count(*) FROM {table}{condition}",
    )


def _quarterly(_e: Any) -> list[Statement]:
    return [
        (
            "SELECT a.product_id, a.account_id, SUM(a.amount) FROM economy_actual a "
            "WHERE a.date BETWEEN %s AND %s GROUP BY a.product_id, a.account_id",
            (QUARTER_START, QUARTER_END),
        ),
        (
            "SELECT b.product_id, l.account_id, SUM(l.amount) FROM economy_budgetline l "
            "JOIN economy_budgetversion v ON v.id = l.budget_version_id AND v.status = 'approved' "
            "JOIN economy_budget b ON b.id = v.budget_id WHERE b.year = %s GROUP BY b.product_id, "
            "l.account_id",
            (YEAR,),
        ),
        ("SELECT p.id, p.name, p.program_id FROM portfolio_product p ORDER BY p.name LIMIT 50", ()),
    ]


def _decisions(_e: Any) -> list[Statement]:
    return _page(
        "SELECT d.id, d.date, d.title, d.kind, d.record_type, d.status, d.is_published, p.name, g.name "
        "FROM governance_decision d LEFT JOIN portfolio_product p ON p.id = d.product_id "
        "LEFT JOIN portfolio_program g ON g.id = d.program_id ORDER BY d.date DESC, d.id DESC LIMIT 50",
        "SELECT count(*) FROM governance_decision",
    )


def _meetings(_e: Any) -> list[Statement]:
    now = datetime.datetime.now(datetime.UTC)
    return _page(
        "SELECT m.id, m.title, m.starts_at, m.status, m.location, b.name FROM governance_meeting m "
        "JOIN portfolio_body b ON b.id = m.body_id WHERE m.starts_at >= %s ORDER BY m.starts_at, m.id "
        "LIMIT 50",
        "SELECT count(*) FROM governance_meeting WHERE starts_at >= %s",
        now,
    )


def _workitems(_e: Any) -> list[Statement]:
    return _page(
        "SELECT w.id, w.title, w.priority, w.status, w.estimate_hours, p.name, t.name FROM "
        "planning_workitem w "
        "LEFT JOIN portfolio_product p ON p.id = w.product_id LEFT JOIN planning_timebox t ON t.id = "
        "w.timebox_id "
        # the list's order (planning.models.work_list_order), read from the index workitem_moscow_order
        "WHERE w.archived_at IS NULL ORDER BY w.timebox_start, CASE WHEN w.priority = 'must' THEN 0 "
        "WHEN w.priority = 'should' THEN 1 WHEN w.priority = 'could' THEN 2 WHEN w.priority = 'wont' THEN 3 "
        "ELSE NULL END, w.rank, w.title, w.id LIMIT 50",
        # the list counts up to 1,000 ("more than 1,000" beyond: core.pagination.CappedPaginator)
        "SELECT count(*) FROM (SELECT 1 FROM planning_workitem WHERE archived_at IS NULL LIMIT 1001) c",
    )


def _board(e: Any) -> list[Statement]:
    box = e.planning.program_box.pk
    return [
        (
            # The first 25 cards of each column, with the product's name ...
            "SELECT * FROM (SELECT w.id, w.title, w.priority, w.status, w.estimate_hours, w.rank, p.name, "
            "row_number() OVER (PARTITION BY w.priority ORDER BY w.rank, w.title, w.id) AS position "
            "FROM planning_workitem w LEFT JOIN portfolio_product p ON p.id = w.product_id "
            "WHERE w.timebox_id = %s AND w.archived_at IS NULL AND w.status <> 'dropped') cards "
            "WHERE position <= 25 ORDER BY rank, title, id",
            (box,),
        ),
        (
            # ... and what the analysis needs of every item (the drop plan ranks them).
            "SELECT id, title, priority, estimate_hours, rank, status FROM planning_workitem "
            "WHERE timebox_id = %s AND archived_at IS NULL ORDER BY rank, title, id",
            (box,),
        ),
        ("SELECT * FROM planning_timebox WHERE id = %s", (box,)),
    ]


def _dashboard(e: Any) -> list[Statement]:
    program = e.planning.program.pk
    return [
        (
            "SELECT id, name, slug, level, stage FROM portfolio_product WHERE program_id = %s ORDER BY name",
            (program,),
        ),
        (
            "SELECT w.product_id, SUM(w.estimate_hours), SUM(w.estimate_hours) FILTER (WHERE w.status "
            "= 'done') "
            "FROM planning_workitem w JOIN portfolio_product p ON p.id = w.product_id AND p.program_id = %s "
            "WHERE w.priority = 'must' AND w.status <> 'dropped' AND w.archived_at IS NULL GROUP BY "
            "w.product_id",
            (program,),
        ),
        (
            "SELECT m.product_id, m.due_date, m.status FROM planning_milestone m "
            "JOIN portfolio_product p ON p.id = m.product_id AND p.program_id = %s "
            "WHERE m.due_date BETWEEN %s AND %s",
            (program, QUARTER_START, QUARTER_END),
        ),
        (
            "SELECT r.product_id, count(*) FROM planning_risk r JOIN portfolio_product p ON p.id = "
            "r.product_id "
            "AND p.program_id = %s WHERE r.archived_at IS NULL AND r.probability * r.impact >= 10 "
            "GROUP BY r.product_id",
            (program,),
        ),
    ]


#: Each product's latest final evaluation (the heatmap's rows and counts start here).
LATEST_FINAL = (
    "latest AS (SELECT DISTINCT ON (e.product_id) e.product_id, e.id, e.evaluated_on "
    "FROM evaluation_evaluation e WHERE e.status = 'final' "
    "ORDER BY e.product_id, e.evaluated_on DESC, e.id DESC)"
)
REQUIREMENTS = (
    "SELECT q.code, q.title, q.level, t.name FROM evaluation_requirement q "
    "JOIN evaluation_theme t ON t.id = q.theme_id JOIN evaluation_catalogue c ON c.id = q.catalogue_id "
    'WHERE c.is_current ORDER BY q."order", q.id'
)


def _heatmap(_e: Any) -> list[Statement]:
    """The portfolio view: per program, the products, the evaluated ones, and each light's count per
    requirement over the latest final evaluations - the aggregate the page shows, not its cells."""
    return [
        (REQUIREMENTS, ()),
        (
            f"WITH {LATEST_FINAL} SELECT p.program_id, g.name, g.slug, count(*), count(l.id) "
            "FROM portfolio_product p LEFT JOIN portfolio_program g ON g.id = p.program_id "
            "LEFT JOIN latest l ON l.product_id = p.id WHERE p.archived_at IS NULL "
            "GROUP BY p.program_id, g.name, g.slug",
            (),
        ),
        (
            f"WITH {LATEST_FINAL} SELECT p.program_id, q.code, r.light, count(*) FROM latest l "
            "JOIN portfolio_product p ON p.id = l.product_id AND p.archived_at IS NULL "
            "JOIN evaluation_rating r ON r.evaluation_id = l.id "
            "JOIN evaluation_requirement q ON q.id = r.requirement_id "
            "GROUP BY p.program_id, q.code, r.light",
            (),
        ),
    ]


def _heatmap_program(e: Any) -> list[Statement]:
    """A program's view: its first 50 products by name with their latest final evaluation, the
    lights of those evaluations, and the count of products and evaluated ones."""
    program = e.planning.program.pk
    products = (
        "SELECT p.id, p.name, p.slug, p.level, l.id AS evaluation_id, l.evaluated_on "
        "FROM portfolio_product p "
        "LEFT JOIN latest l ON l.product_id = p.id "
        "WHERE p.program_id = %s AND p.archived_at IS NULL ORDER BY p.name, p.id LIMIT 50"
    )
    return [
        (REQUIREMENTS, ()),
        (
            f"WITH {LATEST_FINAL} SELECT count(*), count(l.id) FROM portfolio_product p "
            "LEFT JOIN latest l ON l.product_id = p.id WHERE p.program_id = %s AND p.archived_at IS NULL",
            (program,),
        ),
        (f"WITH {LATEST_FINAL} {products}", (program,)),
        (
            f"WITH {LATEST_FINAL}, page AS ({products}) SELECT r.evaluation_id, q.code, r.light "
            "FROM evaluation_rating r JOIN evaluation_requirement q ON q.id = r.requirement_id "
            "WHERE r.evaluation_id IN (SELECT evaluation_id FROM page)",
            (program,),
        ),
    ]


def _evaluations(_e: Any) -> list[Statement]:
    return _page(
        "SELECT e.id, e.evaluated_on, e.status, e.evaluator, e.decided_level, e.is_published, p.name "
        "FROM evaluation_evaluation e JOIN portfolio_product p ON p.id = e.product_id "
        "ORDER BY e.evaluated_on DESC, e.id DESC LIMIT 50",
        "SELECT count(*) FROM evaluation_evaluation",
    )


def _api_evaluations(e: Any) -> list[Statement]:
    page = "SELECT id FROM evaluation_evaluation ORDER BY evaluated_on DESC, id DESC LIMIT 50"
    return [
        *_api("evaluation_evaluation", "evaluated_on DESC, id DESC")(e),
        (f"SELECT * FROM evaluation_rating WHERE evaluation_id = ANY(ARRAY({page}))", ()),
    ]


def _api_checks(e: Any) -> list[Statement]:
    page = "SELECT id FROM evaluation_repositorycheck ORDER BY checked_at DESC, id DESC LIMIT 50"
    return [
        *_api("evaluation_repositorycheck", "checked_at DESC, id DESC")(e),
        (
            f"SELECT * FROM evaluation_finding WHERE repository_check_id = ANY(ARRAY({page})) "
            "ORDER BY repository_check_id, id",
            (),
        ),
    ]


def _self_evaluations(_e: Any) -> list[Statement]:
    return _page(
        "SELECT s.id, s.number, s.status, s.filled_by, s.submitted_at, s.is_published, p.name "
        "FROM evaluation_selfevaluation s JOIN portfolio_product p ON p.id = s.product_id "
        "ORDER BY p.name, s.number DESC LIMIT 50",
        "SELECT count(*) FROM evaluation_selfevaluation",
    )


def _cycle(_e: Any) -> list[Statement]:
    start = datetime.datetime(YEAR, 1, 1, tzinfo=datetime.UTC)
    year = (start, start.replace(year=YEAR + 1))
    return [
        (
            "SELECT id, title, kind, months, day, ordinal, weekday, product_id, program_id, body_id "
            "FROM governance_cycleevent ORDER BY title, id",
            (),
        ),
        (
            # The first 40 meetings of each month, and how many each month has.
            "SELECT * FROM (SELECT m.id, m.title, m.starts_at, m.status, b.name, row_number() OVER "
            "(PARTITION BY date_trunc('month', m.starts_at) ORDER BY m.starts_at, m.id) AS position "
            "FROM governance_meeting m JOIN portfolio_body b ON b.id = m.body_id "
            "WHERE m.starts_at >= %s AND m.starts_at < %s) listed WHERE position <= 40",
            year,
        ),
        (
            "SELECT date_trunc('month', starts_at), count(*) FROM governance_meeting "
            "WHERE starts_at >= %s AND starts_at < %s GROUP BY 1",
            year,
        ),
    ]


def _overview(_e: Any) -> list[Statement]:
    return [
        (PRODUCT_COUNT, ()),
        (
            "SELECT p.id, p.name, p.slug, p.kind, p.stage, p.level, p.summary, p.is_published, g.name, "
            "(SELECT count(*) FROM portfolio_participation a WHERE a.product_id = p.id "
            "AND a.accession_date <= %s AND (a.exit_date IS NULL OR a.exit_date >= %s)) "
            "FROM portfolio_product p LEFT JOIN portfolio_program g ON g.id = p.program_id "
            "WHERE p.archived_at IS NULL ORDER BY g.name NULLS LAST, p.name, p.id LIMIT 50",
            (TODAY, TODAY),
        ),
    ]


CASES = [
    Case("home page (Til mig: the due list)", lambda _e: "/", _home),
    Case(
        "Til mig, one kind: risks to review, rows 11-35",
        lambda _e: _reverse("core:for_me_kind", "planning.risks") + "?fra=10",
        _risks_to_review,
    ),
    Case("portfolio overview", lambda _e: _reverse("portfolio:overview"), _overview),
    Case(
        "API /api/products/",
        lambda _e: "/api/products/",
        _api("portfolio_product", "name, id", "archived_at IS NULL"),
    ),
    Case(
        "API /api/organisations/",
        lambda _e: "/api/organisations/",
        _api("portfolio_organisation", "name, id", "archived_at IS NULL"),
    ),
    Case(
        "API /api/people/",
        lambda _e: "/api/people/",
        _api("portfolio_person", "last_name, first_name, id", "archived_at IS NULL"),
    ),
    Case(
        "quarterly overview",
        lambda _e: _reverse("economy:overview") + f"?year={YEAR}&quarter={QUARTER}",
        _quarterly,
    ),
    Case("API /api/actuals/", lambda _e: "/api/actuals/", _api("economy_actual", "date DESC, id DESC")),
    Case("decision log", lambda _e: _reverse("governance:decision_list"), _decisions),
    Case("meetings (upcoming)", lambda _e: _reverse("governance:meeting_list") + "?when=upcoming", _meetings),
    Case(
        "API /api/decisions/", lambda _e: "/api/decisions/", _api("governance_decision", "date DESC, id DESC")
    ),
    Case("annual cycle", lambda _e: _reverse("governance:cycle"), _cycle),
    Case("work-item list", lambda _e: _reverse("planning:workitem_list"), _workitems),
    Case(
        "API /api/work-items/",
        lambda _e: "/api/work-items/",
        _api("planning_workitem", "rank, title, id", "archived_at IS NULL"),
    ),
    Case(
        "board: program timebox",
        lambda e: _reverse("planning:timebox_board", e.planning.program_box.pk),
        _board,
    ),
    Case(
        "program dashboard (40 products)",
        lambda e: _reverse("planning:dashboard", e.planning.program.slug),
        _dashboard,
    ),
    Case("evaluation heatmap", lambda _e: _reverse("evaluation:portfolio"), _heatmap),
    Case(
        "evaluation heatmap: a program",
        lambda e: _reverse("evaluation:portfolio") + f"?program={e.planning.program.slug}",
        _heatmap_program,
    ),
    Case("evaluation list", lambda _e: _reverse("evaluation:evaluation_list"), _evaluations),
    Case("API /api/evaluations/", lambda _e: "/api/evaluations/", _api_evaluations),
    Case("API /api/repository-checks/", lambda _e: "/api/repository-checks/", _api_checks),
    Case("self-evaluation list", lambda _e: _reverse("evaluation:selfevaluation_list"), _self_evaluations),
]


def _sql_seconds(statements: list[Statement]) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        started = time.perf_counter()
        for sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()
        return time.perf_counter() - started


def measure(case: Case, everything: Any, repeat: int) -> Measured:
    """The page's median server time through Django's test client (after two warm-up requests), its
    query count, and the median time of its hand-written SQL, each ``repeat`` times, interleaved."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = case.url(everything)
    statements = case.sql(everything)
    browser = client(everything.users["secretariat"])
    for _ in range(2):
        response = browser.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{case.name}: status {response.status_code} for {url}")
        _sql_seconds(statements)
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    queries = len(captured.captured_queries)  # now: the next request empties the log
    pages, sqls = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        response = browser.get(url)
        pages.append(time.perf_counter() - started)
        sqls.extend(_sql_seconds(statements) for _ in range(SQL_RUNS))
        if response.status_code != 200:
            raise SystemExit(f"{case.name}: status {response.status_code} for {url}")
    return Measured(
        name=case.name,
        url=url,
        median_ms=statistics.median(pages) * 1000,
        queries=queries,
        sql_ms=statistics.median(sqls) * 1000,
        kilobytes=len(response.content) / 1024,
    )
