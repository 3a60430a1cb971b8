"""What the transparency site holds: every page an anonymous reader may see, read through the gate.

Every read here is ``restrict(None, "view")`` — the anonymous visitor of the public pages — so the
site shows exactly what the application shows a visitor who is not signed in, decided by the same
scopes (``<app>/rules.py``); nothing here decides visibility again. Of what the gate lets through,
the pages write only public fields: never a model's ``internal_fields``, and no person at all (the
evaluator's name is part of OS2's published report layout). A related row is named only when the
gate lets the visitor see it too (a published decision about an unpublished product names no product).

The result is data (:class:`Site`): pages with the template that writes them and their context, the
evaluation reports as OS2's Markdown, and the roadmaps as SVG; ``output.py`` writes it in a format.
Everything is in a fixed order and addressed by slugs, so the same data give the same site.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Model, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from programkontor.core.jobs import Progress
from programkontor.economy.models import BudgetLine, BudgetVersion, TariffSheet
from programkontor.evaluation.models import Evaluation
from programkontor.evaluation.selectors import evaluation_views, level_label, report_markdown
from programkontor.governance.models import AgendaItem, Decision, Meeting
from programkontor.portfolio.models import Body, Product, Program
from programkontor.publishing.roadmaps import DrawnRoadmap, roadmap_svg

#: The reader of the site: nobody signed in.
ANONYMOUS = None

#: The site's sections: path of the index page, title, position in the navigation.
SECTIONS = {
    "portfolio": ("index", 1),
    "programs": ("programmer/index", 2),
    "products": ("produkter/index", 3),
    "decisions": ("beslutninger", 4),
    "minutes": ("referater/index", 5),
    "economy": ("oekonomi/index", 6),
    "reports": ("evalueringsrapporter/index", 7),
}


@dataclass(frozen=True)
class Page:
    """One page: its address without extension (``produkter/os2alpha``), navigation, template."""

    path: str
    title: str
    template: str
    context: dict[str, object] = field(default_factory=dict)
    parent: str = ""
    nav_order: int = 0
    has_children: bool = False

    @property
    def root(self) -> str:
        """The relative way back to the site's root from this page (``../`` per folder)."""
        return "../" * self.path.count("/")


@dataclass(frozen=True)
class Report:
    """A published evaluation report, in OS2's layout (Markdown with its own front matter)."""

    path: str
    title: str
    markdown: str


@dataclass
class Site:
    pages: list[Page]
    reports: list[Report]
    images: dict[str, str]
    sections: list[Page] = field(default_factory=list)


def section_titles() -> dict[str, str]:
    """The sections' titles (the Jekyll pages name their parent by its title)."""
    return {
        "portfolio": _("Portfolio"),
        "programs": _("Programs"),
        "products": _("Products"),
        "decisions": _("Decision log"),
        "minutes": _("Approved minutes"),
        "economy": _("Economy"),
        "reports": _("Evaluation reports"),
    }


class UnknownProgram(LookupError):
    """``--program`` names no program an anonymous reader may see."""


_T = TypeVar("_T")
_M = TypeVar("_M", bound=Model)


def _by_key(rows: Iterable[_T], key: Callable[[_T], int]) -> dict[int, list[_T]]:
    grouped: dict[int, list[_T]] = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped


def _unique_paths(prefix: str, rows: Sequence[_M], stem: Callable[[_M], str]) -> dict[int, str]:
    """A stable file name per row: its stem, with the primary key added where two stems meet."""
    stems = [(row.pk, stem(row)) for row in rows]
    counts: dict[str, int] = defaultdict(int)
    for _pk, text in stems:
        counts[text] += 1
    return {pk: f"{prefix}{text}" if counts[text] == 1 else f"{prefix}{text}-{pk}" for pk, text in stems}


def collect(
    *, program: str | None = None, today: datetime.date | None = None, progress: Progress | None = None
) -> Site:
    """Everything public, as pages (``program``: only that program's part of it)."""
    today = today or timezone.localdate()
    progress = progress or (lambda done, total, message="": None)
    programs = list(
        Program.objects.restrict(ANONYMOUS, "view").filter(archived_at__isnull=True).order_by("name")
    )
    visible = {p.pk: p for p in programs}
    products_qs = Product.objects.restrict(ANONYMOUS, "view").filter(archived_at__isnull=True)
    if program is not None:
        programs = [p for p in programs if p.slug == program]
        if not programs:
            raise UnknownProgram(program)
        products_qs = products_qs.filter(program=programs[0])
    products = list(products_qs.select_related("program").order_by("name"))
    scope = Q(program__in=programs) | Q(product__in=products) if program else Q()
    progress(1, 8, _("Programs and products"))

    bodies = {b.pk: b for b in Body.objects.restrict(ANONYMOUS, "view")}
    by_pk = {p.pk: p for p in products}
    decisions = [
        DecisionRow(
            d,
            by_pk.get(d.product_id or 0),
            visible.get(d.program_id or 0),
            bodies.get(d.decided_by_body_id or 0),
        )
        for d in Decision.objects.restrict(ANONYMOUS, "view").filter(scope).order_by("-date", "title", "pk")
    ]
    progress(2, 8, _("Decision log"))
    body_scope = Q(body__program__in=programs) | Q(body__product__in=products) if program else Q()
    meetings = list(
        Meeting.objects.restrict(ANONYMOUS, "view")
        .filter(body_scope)
        .select_related("body")
        .order_by("starts_at", "pk")
    )
    items = _by_key(
        list(
            AgendaItem.objects.restrict(ANONYMOUS, "view")
            .filter(meeting__in=meetings)
            .order_by("meeting_id", "position", "pk")
        ),
        lambda item: item.meeting_id,
    )
    progress(3, 8, _("Minutes"))
    evaluations = list(
        Evaluation.objects.restrict(ANONYMOUS, "view")
        .filter(product__in=products)
        .select_related("product", "catalogue")
        .order_by("product__name", "-evaluated_on", "pk")
    )
    views = evaluation_views(evaluations)
    report_paths = _unique_paths(
        "evalueringsrapporter/", evaluations, lambda e: f"{e.product.slug}-{e.evaluated_on:%Y-%m-%d}"
    )
    reports = [
        Report(
            report_paths[v.evaluation.pk],
            f"{v.evaluation.product.name} {v.evaluation.evaluated_on:%d-%m-%Y}",
            report_markdown(v),
        )
        for v in views
    ]
    evaluation_rows = [
        EvaluationRow(
            v.evaluation,
            report_paths[v.evaluation.pk],
            level_label(v.strict_level, v.catalogue),
            level_label(v.evaluation.decided_level, v.catalogue),
        )
        for v in views
    ]
    progress(4, 8, _("Evaluation reports"))
    budgets = _budgets(program is not None, products)
    tariffs = list(
        TariffSheet.objects.restrict(ANONYMOUS, "view")
        .filter(product__in=products)
        .select_related("product")
        .order_by("-year", "product__name", "pk")
    )
    progress(5, 8, _("Budgets and tariff sheets"))
    images = {}
    roadmaps: dict[int, DrawnRoadmap] = {}
    for shown in programs:
        drawn = roadmap_svg(shown, today=today)
        if drawn is not None:
            images[f"programmer/{shown.slug}-koereplan.svg"] = drawn.svg
            roadmaps[shown.pk] = drawn
    progress(6, 8, _("Roadmaps"))

    meeting_paths = _unique_paths(
        "referater/", meetings, lambda m: f"{m.date:%Y-%m-%d}-{slugify(m.body.name) or 'moede'}"
    )
    common: dict[str, object] = {
        "programs": programs,
        "products": products,
        "visible_programs": set(visible),
        "groups": _groups(programs, products, set(visible)),
    }
    by_product_evaluations = _by_key(evaluation_rows, lambda row: row.product_id)
    pages = _section_pages(common, decisions, meetings, meeting_paths, evaluation_rows, budgets, tariffs)
    for shown in programs:
        pages.append(
            Page(
                f"programmer/{shown.slug}",
                shown.name,
                "program",
                {
                    **common,
                    "program": shown,
                    "members": [p for p in products if p.program_id == shown.pk],
                    "roadmap": roadmaps.get(shown.pk),
                    "decisions": [d for d in decisions if d.decision.program_id == shown.pk],
                },
                parent=section_titles()["programs"],
            )
        )
    for product in products:
        pages.append(
            Page(
                f"produkter/{product.slug}",
                product.name,
                "product",
                {
                    **common,
                    "product": product,
                    "evaluations": by_product_evaluations.get(product.pk, []),
                    "tariffs": [t for t in tariffs if t.product_id == product.pk],
                    "budgets": [b for b in budgets if b.version.budget.product_id == product.pk],
                    "decisions": [d for d in decisions if d.decision.product_id == product.pk],
                },
                parent=section_titles()["products"],
            )
        )
    for meeting in meetings:
        pages.append(
            Page(
                meeting_paths[meeting.pk],
                meeting.display_title,
                "meeting",
                {**common, "meeting": meeting, "items": items.get(meeting.pk, [])},
                parent=section_titles()["minutes"],
            )
        )
    progress(7, 8, _("Pages"))
    sections = [p for p in pages if p.template in SECTIONS]
    return Site(pages=pages, reports=reports, images=images, sections=sections)


@dataclass(frozen=True)
class DecisionRow:
    """A published decision with what it concerns, where the visitor may see that too."""

    decision: Decision
    product: Product | None
    program: Program | None
    body: Body | None


@dataclass(frozen=True)
class EvaluationRow:
    evaluation: Evaluation
    path: str
    strict_level: str
    decided_level: str

    @property
    def product_id(self) -> int:
        return int(self.evaluation.product_id)


@dataclass(frozen=True)
class Group:
    program: Program | None
    products: list[Product]


@dataclass(frozen=True)
class BudgetRow:
    version: BudgetVersion
    lines: list[BudgetLine]
    total: int


@dataclass(frozen=True)
class MinutesRow:
    meeting: Meeting
    path: str


def _groups(programs: list[Program], products: list[Product], visible: set[int]) -> list[Group]:
    """The portfolio by program; the products of no (visible) program last."""
    groups = [Group(p, [product for product in products if product.program_id == p.pk]) for p in programs]
    outside = [product for product in products if product.program_id not in visible]
    if outside:
        groups.append(Group(None, outside))
    return groups


def _budgets(scoped: bool, products: list[Product]) -> list[BudgetRow]:
    """The budget in force of each budget: its newest approved, published version, with its lines."""
    versions = BudgetVersion.objects.restrict(ANONYMOUS, "view").select_related("budget", "budget__product")
    if scoped:
        versions = versions.filter(budget__product__in=products)
    newest: dict[int, BudgetVersion] = {}
    for version in versions.order_by("budget_id", "number"):
        newest[version.budget_id] = version
    chosen = sorted(
        newest.values(),
        key=lambda v: (-v.budget.year, v.budget.product.name if v.budget.product else "", v.pk),
    )
    lines = _by_key(
        list(
            BudgetLine.objects.restrict(ANONYMOUS, "view")
            .filter(budget_version__in=chosen)
            .select_related("account")
            .order_by("budget_version_id", "account__number", "pk")
        ),
        lambda line: line.budget_version_id,
    )
    return [
        BudgetRow(v, lines.get(v.pk, []), sum(line.amount for line in lines.get(v.pk, []))) for v in chosen
    ]


def _section_pages(
    common: dict[str, object],
    decisions: list[DecisionRow],
    meetings: list[Meeting],
    meeting_paths: dict[int, str],
    evaluations: list[EvaluationRow],
    budgets: list[BudgetRow],
    tariffs: list[TariffSheet],
) -> list[Page]:
    """The index page of each section (and economy's two pages)."""
    minutes = [MinutesRow(m, meeting_paths[m.pk]) for m in reversed(meetings)]
    titles = section_titles()
    contexts: dict[str, dict[str, object]] = {
        "decisions": {"decisions": decisions},
        "minutes": {"minutes": minutes},
        "reports": {"evaluations": evaluations},
        "economy": {"budgets": budgets, "tariffs": tariffs},
    }
    pages = [
        Page(
            path,
            titles[key],
            key,
            {**common, **contexts.get(key, {})},
            nav_order=order,
            has_children=key in ("programs", "products", "minutes", "economy", "reports"),
        )
        for key, (path, order) in SECTIONS.items()
    ]
    economy: list[tuple[str, str, str, object]] = [
        ("oekonomi/budgetter", _("Budgets"), "budgets", budgets),
        ("oekonomi/takstblade", _("Tariff sheets"), "tariffs", tariffs),
    ]
    for order, (path, title, template, rows) in enumerate(economy, start=1):
        pages.append(
            Page(path, title, template, {**common, template: rows}, parent=titles["economy"], nav_order=order)
        )
    return pages
