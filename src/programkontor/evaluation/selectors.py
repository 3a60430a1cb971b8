"""Reads of the evaluation app: gated, with a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber

from programkontor.core.access import access_for
from programkontor.core.unchanged_cache import cached_while_unchanged
from programkontor.evaluation import cycle, scoring
from programkontor.evaluation.formats import report as report_format
from programkontor.evaluation.formats.catalogue import CatalogueData, Level, RequirementData, ThemeData
from programkontor.evaluation.models import (
    Catalogue,
    Evaluation,
    EvaluationStatus,
    Rating,
    Requirement,
    SelfEvaluation,
    SelfEvaluationAnswer,
    SelfEvaluationStatus,
)
from programkontor.portfolio.models import Body, Product, Program

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

DEFAULT_STANDARD = "os2-styringsmodel"


def current_catalogue(standard: str | None = None) -> Catalogue | None:
    """The current version of ``standard`` (OS2's governance model by default; else any current one)."""
    current = Catalogue.objects.filter(is_current=True)
    found: Catalogue | None = current.filter(standard=standard or DEFAULT_STANDARD).first()
    if found is None and standard is None:
        found = current.order_by("pk").first()
    return found


def catalogue_data_for(catalogue_ids: Iterable[int]) -> dict[int, CatalogueData]:
    """Plain catalogue data for several catalogues in two queries."""
    ids = sorted(set(catalogue_ids))
    if not ids:
        return {}
    catalogues = {c.pk: c for c in Catalogue.objects.filter(pk__in=ids)}
    requirements: dict[int, list[Requirement]] = defaultdict(list)
    themes: dict[int, dict[int, Any]] = defaultdict(dict)
    for requirement in (
        Requirement.objects.filter(catalogue_id__in=ids).select_related("theme").order_by("order", "pk")
    ):
        requirements[requirement.catalogue_id].append(requirement)
        themes[requirement.catalogue_id][requirement.theme_id] = requirement.theme
    result = {}
    for pk, catalogue in catalogues.items():
        ordered_themes = sorted(themes[pk].values(), key=lambda t: (t.order, t.pk))
        result[pk] = CatalogueData(
            standard=catalogue.standard,
            name=catalogue.name,
            version=catalogue.standard_version,
            levels=tuple(Level(level["key"], level["label"]) for level in catalogue.levels),
            themes=tuple(ThemeData(t.key, t.name) for t in ordered_themes),
            requirements=tuple(
                RequirementData(
                    code=r.code,
                    theme=r.theme.key,
                    level=r.level,
                    title=r.title,
                    recommendation=r.is_recommendation,
                    text=r.text,
                    guidance=r.guidance,
                    criterion=r.criterion,
                )
                for r in requirements[pk]
            ),
            released=catalogue.released,
            report_template_version=catalogue.report_template_version,
            description=catalogue.description,
            source=catalogue.source,
        )
        catalogue._data = result[pk]
    return result


def lights_of(evaluation_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """Requirement id → light, per evaluation, in one query."""
    ids = sorted(set(evaluation_ids))
    result: dict[int, dict[str, str]] = {pk: {} for pk in ids}
    if ids:
        rows = (
            Rating.objects.filter(evaluation_id__in=ids)
            .order_by()
            .values_list("evaluation_id", "requirement__code", "light")
        )
        for evaluation_id, code, light in rows:
            result[evaluation_id][code] = light
    return result


def self_evaluation_answers(self_evaluation_id: int | None) -> dict[str, tuple[str, str]]:
    """Requirement id → (answer, documentation) of a self-evaluation, in one query (none without an id)."""
    if self_evaluation_id is None:
        return {}
    return {
        code: (answer, documentation)
        for code, answer, documentation in SelfEvaluationAnswer.objects.filter(
            self_evaluation_id=self_evaluation_id
        )
        .order_by()
        .values_list("requirement__code", "answer", "documentation")
    }


def summary_of(catalogue: CatalogueData, lights: dict[str, str]) -> scoring.Summary:
    return scoring.summarise(lights, catalogue.items(), catalogue.level_keys, catalogue.theme_keys)


@dataclass
class EvaluationView:
    """An evaluation with its lights and computed counts, for pages, exports and the API."""

    evaluation: Evaluation
    catalogue: CatalogueData
    lights: dict[str, str]
    summary: scoring.Summary

    @property
    def strict_level(self) -> str | None:
        return self.summary.strict_level


def evaluation_views(evaluations: Sequence[Evaluation]) -> list[EvaluationView]:
    """The evaluations with their counts: three queries however many there are."""
    data = catalogue_data_for(e.catalogue_id for e in evaluations)
    lights = lights_of(e.pk for e in evaluations)
    return [
        EvaluationView(e, data[e.catalogue_id], lights[e.pk], summary_of(data[e.catalogue_id], lights[e.pk]))
        for e in evaluations
    ]


def report_markdown(view: EvaluationView) -> str:
    """The evaluation's report in OS2's layout (Markdown with front matter): what the export offers
    and the public site publishes (one query for the evidence)."""
    evaluation = view.evaluation
    evidence = dict(
        Rating.objects.filter(evaluation=evaluation).order_by().values_list("requirement__code", "evidence")
    )
    content = report_format.ReportContent(
        product_name=evaluation.product.name,
        evaluated_on=evaluation.evaluated_on,
        evaluator=evaluation.evaluator,
        git_url=evaluation.git_url,
        summary=evaluation.summary,
        overall=evaluation.overall_assessment,
        recommendations=evaluation.recommendations,
        ratings=view.lights,
        evidence=evidence,
        template_version=evaluation.template_version,
        title=f"{evaluation.product.name} {evaluation.evaluated_on:%d-%m-%Y}",
    )
    return report_format.render_report(view.catalogue, content)


def level_label(key: str | None, catalogue: CatalogueData | None = None) -> str:
    from programkontor.portfolio.models import ProductLevel

    if not key:
        return ""
    labels = dict(ProductLevel.choices)
    if key in labels:
        return str(labels[key])
    return catalogue.level_label(key) if catalogue else key


# The product page: level and trend


@dataclass
class Trend:
    views: list[EvaluationView]
    diff: scoring.Diff | None
    newer: EvaluationView | None
    older: EvaluationView | None


def trend(user: AnyUser, product: Product, limit: int = 3) -> Trend:
    """The product's last evaluations the user may see (newest first) and what changed between the
    two latest final ones."""
    return trends(user, [product], limit)[product.pk]


def trends(user: AnyUser, products: Iterable[Product], limit: int = 3) -> dict[int, Trend]:
    """:func:`trend` of each of ``products`` (by id), in four queries however many there are: the
    last ``limit`` evaluations of every product in one (numbered per product in the database)."""
    ids = [product.pk for product in products]
    newest_first = Window(
        RowNumber(), partition_by=[F("product_id")], order_by=[F("evaluated_on").desc(), F("pk").desc()]
    )
    evaluations = list(
        Evaluation.objects.restrict(user, "view")
        .filter(product_id__in=ids)
        .select_related("catalogue")
        .annotate(newest=newest_first)
        .filter(newest__lte=limit)
        .order_by("product_id", "-evaluated_on", "-pk")
    )
    views_of: dict[int, list[EvaluationView]] = {pk: [] for pk in ids}
    for view in evaluation_views(evaluations):
        views_of[view.evaluation.product_id].append(view)
    return {pk: _trend(views) for pk, views in views_of.items()}


def _trend(views: list[EvaluationView]) -> Trend:
    final = [v for v in views if v.evaluation.status == EvaluationStatus.FINAL]
    if len(final) >= 2:
        newer, older = final[0], final[1]
        order = scoring.order_of_both(newer.catalogue.codes, older.catalogue.codes)
        return Trend(views, scoring.diff(older.lights, newer.lights, order), newer, older)
    return Trend(views, None, final[0] if final else None, None)


def may_write_self_evaluation(user: AnyUser, product: Product) -> bool:
    """May ``user`` start or fill in ``product``'s self-evaluation (at most one query)?"""
    access = access_for(user)
    if (
        access.is_secretariat
        or product.pk in access.products_write
        or product.program_id in access.programs_write
    ):
        return True
    if not access.bodies:
        return False
    steering = Body.objects.filter(pk__in=sorted(access.bodies), kind="steering", archived_at__isnull=True)
    return bool(steering.filter(product_id=product.pk).exists()) or bool(
        product.program_id and steering.filter(program_id=product.program_id).exists()
    )


def latest_self_evaluation(
    user: AnyUser, product: Product, *, submitted: bool = False
) -> SelfEvaluation | None:
    rows = SelfEvaluation.objects.restrict(user, "view").filter(product=product)
    if submitted:
        rows = rows.filter(status=SelfEvaluationStatus.SUBMITTED)
    found: SelfEvaluation | None = rows.order_by("-number").first()
    return found


# The evaluation cycle


def last_final_dates(user: AnyUser) -> Subquery:
    return Subquery(
        Evaluation.objects.restrict(user, "view")
        .filter(product=OuterRef("pk"), status=EvaluationStatus.FINAL)
        .order_by("-evaluated_on", "-pk")
        .values("evaluated_on")[:1]
    )


@dataclass(frozen=True)
class OverdueRow:
    product: Product
    due: cycle.Due


def products_in_cycle(user: AnyUser) -> QuerySet[Product]:
    return (
        Product.objects.restrict(user, "view")
        .filter(archived_at__isnull=True, stage__in=sorted(cycle.ACTIVE_STAGES))
        .select_related("program")
        .annotate(last_evaluated=last_final_dates(user))
    )


def overdue_evaluations(
    user: AnyUser,
    *,
    on: datetime.date,
    until: datetime.date | None = None,
    products: Iterable[Product] | None = None,
) -> list[OverdueRow]:
    """Products in the cycle whose evaluation is overdue on ``on`` (or due by ``until``), most overdue
    first; products never evaluated come last. One query (none when given ``products_in_cycle``'s
    ``products``, read by the caller)."""
    rows = []
    for product in products_in_cycle(user).order_by("name") if products is None else products:
        due = cycle.due(getattr(product, "last_evaluated", None), on=on)
        if due.overdue or (until is not None and due.due is not None and due.due <= until):
            rows.append(OverdueRow(product, due))
    rows.sort(
        key=lambda row: (
            row.due.never_evaluated,
            -(row.due.days_overdue),
            row.due.due or on,
            row.product.name,
        )
    )
    return rows


# The portfolio heatmap


@dataclass(frozen=True)
class HeatmapColumn:
    code: str
    title: str
    theme: str
    level: str
    recommendation: bool


@dataclass
class HeatmapRow:
    product: Product
    evaluation_id: int | None
    evaluated_on: datetime.date | None
    cells: list[str]  # a light, or "" (not rated / not in the evaluation's catalogue)
    strict_level: str | None = None


@dataclass
class Heatmap:
    catalogue: CatalogueData | None
    columns: list[HeatmapColumn]
    groups: list[tuple[str, int]]  # theme name, number of columns
    rows: list[HeatmapRow]
    totals: dict[str, int] = field(default_factory=dict)
    programs: list[HeatmapProgram] = field(default_factory=list)


@dataclass
class HeatmapProgram:
    """One program's row of the portfolio view: its products and, per column, the number of each light
    in its products' latest final evaluations."""

    name: str
    slug: str  # the program filter's value: the program's slug, or NO_PROGRAM
    products: int
    evaluated: int
    cells: list[dict[str, int]]


#: The program filter's value for products without a program.
NO_PROGRAM = "null"


def latest_final_evaluation(user: AnyUser) -> Subquery:
    """The id of the product's (``OuterRef("pk")``) latest final evaluation ``user`` may see."""
    return Subquery(
        Evaluation.objects.restrict(user, "view")
        .filter(product=OuterRef("pk"), status=EvaluationStatus.FINAL)
        .order_by("-evaluated_on", "-pk")
        .values("pk")[:1]
    )


def heatmap_products(user: AnyUser, products: QuerySet[Product]) -> QuerySet[Product]:
    """``products`` in the heatmap's order, each with its latest final evaluation's id and date (for a
    page of the program view: slice it, then pass the rows to :func:`heatmap`)."""
    return (
        products.annotate(
            latest_evaluation=latest_final_evaluation(user), last_evaluated=last_final_dates(user)
        )
        .only("pk", "name", "slug", "level", "kind")
        .order_by("name", "pk")
    )


def _columns(
    catalogue: Catalogue, theme: str | None
) -> tuple[CatalogueData, list[HeatmapColumn], list[tuple[str, int]]]:
    data = catalogue_data_for([catalogue.pk])[catalogue.pk]
    requirements = [r for r in data.requirements if theme is None or r.theme == theme]
    columns = [HeatmapColumn(r.code, r.title, r.theme, r.level, r.recommendation) for r in requirements]
    groups: list[tuple[str, int]] = []
    for column in columns:
        name = data.theme_name(column.theme)
        if groups and groups[-1][0] == name:
            groups[-1] = (name, groups[-1][1] + 1)
        else:
            groups.append((name, 1))
    return data, columns, groups


def heatmap(
    user: AnyUser, rows: Iterable[Product], catalogue: Catalogue | None, *, theme: str | None = None
) -> Heatmap:
    """Products x requirements of ``catalogue``: the lights of each product's latest final evaluation
    the user may see (``rows`` from :func:`heatmap_products`). Requirements are matched by code, so
    evaluations made with another catalogue version show where the codes agree. A fixed number of
    queries."""
    if catalogue is None:
        return Heatmap(None, [], [], [])
    data, columns, groups = _columns(catalogue, theme)
    # (product, its latest final evaluation's id, that evaluation's date): heatmap_products' annotations
    annotated: list[tuple[Product, int | None, datetime.date | None]] = [
        (p, getattr(p, "latest_evaluation", None), getattr(p, "last_evaluated", None)) for p in rows
    ]
    lights = lights_of(evaluation_id for _p, evaluation_id, _on in annotated if evaluation_id)
    items = data.items()
    totals = scoring.empty_counts()
    result = []
    for product, evaluation_id, evaluated_on in annotated:
        own = lights.get(evaluation_id, {}) if evaluation_id else {}
        cells = [own.get(column.code, "") for column in columns]
        for light in cells:
            if light:
                totals[light] += 1
        result.append(
            HeatmapRow(
                product=product,
                evaluation_id=evaluation_id,
                evaluated_on=evaluated_on,
                cells=cells,
                strict_level=scoring.strict_level(own, items, data.level_keys) if own else None,
            )
        )
    return Heatmap(data, columns, groups, result, totals)


#: What the portfolio view's counts are read from (``core.unchanged_cache``).
HEATMAP_SOURCES = (Evaluation, Rating, Product, Program, Requirement)


def heatmap_by_program(
    user: AnyUser, products: QuerySet[Product], catalogue: Catalogue | None, *, theme: str | None = None
) -> Heatmap:
    """The portfolio view: one row per program (and one for the products without a program), each cell
    the number of green, yellow, red and gray lights of that requirement in the latest final evaluations
    (that ``user`` may see) of the program's products in ``products``. Counted in the database: two
    grouped queries whatever the number of products, plus the catalogue's; the counts are cached until
    one of ``HEATMAP_SOURCES`` changes (one query reads their history marks)."""
    if catalogue is None:
        return Heatmap(None, [], [], [])
    data, columns, groups = _columns(catalogue, theme)
    latest = latest_final_evaluation(user)
    per_program = (
        products.annotate(latest_evaluation=latest)
        .order_by()
        .values("program_id", "program__name", "program__slug")
        .annotate(products=Count("pk"), evaluated=Count("latest_evaluation"))
    )
    # The latest final evaluation of each product (a product without one gives NULL, which IN never
    # matches): the subquery once per product, read from the top of evaluation_latest_final, and
    # each evaluation's lights from the index rating_lights.
    evaluations = products.annotate(latest_evaluation=latest).order_by().values("latest_evaluation")
    counted = (
        Rating.objects.filter(evaluation_id__in=evaluations)
        .order_by()
        .values_list("evaluation__product__program_id", "requirement__code", "light")
        .annotate(n=Count("*"))  # not the id: the lights are read from the index alone
    )
    # Both counts are kept while no evaluation, rating, product, program or requirement changed: the
    # key is their SQL, which carries the user's scope and the filters.
    program_rows, light_rows = cached_while_unchanged(
        "heatmap-programs",
        f"{per_program.query}\n{counted.query}",
        HEATMAP_SOURCES,
        lambda: (list(per_program), list(counted)),
    )
    index = {column.code: i for i, column in enumerate(columns)}
    cells: dict[int | None, list[dict[str, int]]] = defaultdict(lambda: [{} for _ in columns])
    totals = scoring.empty_counts()
    for program_id, code, light, n in light_rows:
        if code in index:
            cells[program_id][index[code]][light] = n
            totals[light] += n
    programs = [
        HeatmapProgram(
            name=row["program__name"] or "",
            slug=row["program__slug"] or NO_PROGRAM,
            products=row["products"],
            evaluated=row["evaluated"],
            cells=cells[row["program_id"]],
        )
        for row in program_rows
    ]
    programs.sort(key=lambda p: (p.slug == NO_PROGRAM, p.name.casefold(), p.slug))
    return Heatmap(data, columns, groups, [], totals, programs)


def self_evaluation_products(user: AnyUser) -> QuerySet[Product]:
    """The products whose self-evaluation ``user`` may write (for the API's and forms' choices)."""
    from programkontor.core.gate import NOTHING
    from programkontor.portfolio.rules import any_of, ids_q

    access = access_for(user)
    products = Product.objects.restrict(user, "view")
    if access.is_secretariat:
        return products
    scope = any_of(ids_q("", "pk", access.products_write), ids_q("", "program_id", access.programs_write))
    if access.bodies:
        steering = Body.objects.filter(
            pk__in=sorted(access.bodies), kind="steering", archived_at__isnull=True
        )
        scope = any_of(
            scope,
            Q(pk__in=steering.filter(product__isnull=False).values("product_id"))
            | Q(program_id__in=steering.filter(program__isnull=False).values("program_id")),
        )
    return products.none() if scope is NOTHING else products.filter(scope)
