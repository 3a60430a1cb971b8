"""The secretariat's evaluations: start from a self-evaluation, save the lights, apply findings,
decide the level, import a published report."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from programkontor.core import bulk, services
from programkontor.core.markdown_reader import MarkdownDocument
from programkontor.evaluation import scoring
from programkontor.evaluation.formats import report as report_format
from programkontor.evaluation.formats.common import FormatError, decode, read_document
from programkontor.evaluation.models import (
    Catalogue,
    Evaluation,
    EvaluationSource,
    EvaluationStatus,
    Finding,
    FindingStatus,
    Rating,
    Requirement,
    SelfEvaluation,
)
from programkontor.evaluation.selectors import (
    catalogue_data_for,
    level_label,
    summary_of,
)
from programkontor.evaluation.services.catalogues import _catalogue_or_current, catalogue_for_file
from programkontor.evaluation.services.common import (
    _bump,
    _format_failed,
    _name_of,
    _user,
    checksum,
    refuse_unresolved,
)
from programkontor.evaluation.services.self_evaluations import _answers_by_code, _latest_submitted
from programkontor.governance.interfaces import DecisionRole, record_level_decision
from programkontor.portfolio.classification import classification_errors
from programkontor.portfolio.models import Body, Product, ProductLevel

if TYPE_CHECKING:
    from programkontor.core.actors import Actor

# Evaluations

#: The columns of an imported rating (``core.bulk.insert_rows``).
RATING_COLUMNS = ("evaluation_id", "requirement_id", "light", "evidence")


def _product_repository(product: Product) -> str:
    repositories = product.repository_urls or []
    return repositories[0] if repositories else ""


@transaction.atomic
def start_evaluation(
    *,
    product: Product,
    actor: Actor,
    self_evaluation: SelfEvaluation | None = None,
    use_latest_self_evaluation: bool = True,
    catalogue: Catalogue | None = None,
    evaluated_on: datetime.date | None = None,
) -> Evaluation:
    """A draft evaluation whose lights come from the self-evaluation (Ja → green, Nej → red,
    Ikke relevant → gray, Ved ikke → yellow, unanswered → red) and whose evidence is the documentation."""
    if self_evaluation is None and use_latest_self_evaluation:
        self_evaluation = _latest_submitted(product)
    if self_evaluation is not None and self_evaluation.product_id != product.pk:
        raise ValidationError(_("The self-evaluation is another product's."))
    catalogue = _catalogue_or_current(catalogue)
    answers = _answers_by_code(self_evaluation)
    evaluation = services.create(
        Evaluation,
        actor=actor,
        fields={
            "product": product,
            "catalogue": catalogue,
            "self_evaluation": self_evaluation,
            "status": EvaluationStatus.DRAFT,
            "evaluated_on": evaluated_on or timezone.localdate(),
            "evaluator": _name_of(actor),
            "git_url": (self_evaluation.git_url if self_evaluation else "") or _product_repository(product),
            "template_version": catalogue.report_template_version,
            "source": EvaluationSource.APP,
        },
    )
    rows = []
    for requirement in catalogue.requirements.order_by("order", "pk"):
        answer, documentation = answers.get(requirement.code, ("", ""))
        rows.append(
            Rating(
                evaluation=evaluation,
                requirement=requirement,
                light=scoring.light_for_answer(answer or None),
                evidence=documentation.strip() or report_format.NO_DATA,
            )
        )
    bulk_create_with_history(rows, Rating, default_user=_user(actor))
    return evaluation


@dataclass(frozen=True)
class RatingInput:
    light: str
    evidence: str
    #: A repository finding the light was taken from (accepted) or set against (overridden).
    finding: Finding | None = None


def _check_draft_evaluation(evaluation: Evaluation) -> None:
    if not evaluation.is_draft:
        raise ValidationError(_("The evaluation is final; its lights can no longer change."))


@transaction.atomic
def save_evaluation(
    *,
    evaluation: Evaluation,
    actor: Actor,
    expected_version: int,
    changes: Mapping[str, Any] | None = None,
    ratings: Mapping[str, RatingInput] | None = None,
) -> Evaluation:
    """Save the draft's texts and lights (requirement id → light, evidence, finding)."""
    _check_draft_evaluation(evaluation)
    for code, rating in (ratings or {}).items():
        if rating.light not in scoring.LIGHTS:
            raise ValidationError(
                _("%(code)s: '%(light)s' is not a light.") % {"code": code, "light": rating.light}
            )
        if rating.finding is not None and rating.finding.repository_check.product_id != evaluation.product_id:
            raise ValidationError(_("%(code)s: the finding is about another product.") % {"code": code})
    services.update(evaluation, actor=actor, expected_version=expected_version, changes=dict(changes or {}))
    if not ratings:
        return evaluation
    changed = []
    findings = []
    known = set()
    for row in evaluation.ratings.select_related("requirement"):
        code = row.requirement.code
        known.add(code)
        if code not in ratings:
            continue
        new = ratings[code]
        finding_id = new.finding.pk if new.finding else row.finding_id
        if (row.light, row.evidence, row.finding_id) != (new.light, new.evidence.strip(), finding_id):
            row.light, row.evidence, row.finding_id = new.light, new.evidence.strip(), finding_id
            changed.append(row)
        if new.finding is not None:
            finding = new.finding
            status = FindingStatus.ACCEPTED if finding.light == new.light else FindingStatus.OVERRIDDEN
            if (finding.status, finding.evaluation_id) != (status, evaluation.pk):
                finding.status, finding.evaluation_id = status, evaluation.pk
                findings.append(finding)
    unknown = sorted(set(ratings) - known)
    if unknown:
        raise ValidationError(
            _("Not requirements of this evaluation: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    if changed:
        _bump(changed)
        bulk_update_with_history(
            changed, Rating, ["light", "evidence", "finding", "version"], default_user=_user(actor)
        )
    if findings:
        _bump(findings)
        bulk_update_with_history(
            findings, Finding, ["status", "evaluation", "version"], default_user=_user(actor)
        )
    return evaluation


@transaction.atomic
def apply_finding(
    *, evaluation: Evaluation, finding: Finding, actor: Actor, expected_version: int, light: str | None = None
) -> Evaluation:
    """Accept a repository finding's proposed light (or override it with ``light``) for its requirement.

    The finding's summary, file and commit are added to the requirement's evidence.
    """
    rating = (
        evaluation.ratings.select_related("requirement")
        .filter(requirement__code=finding.requirement_code)
        .first()
    )
    if rating is None:
        raise ValidationError(
            _("%(code)s is not a requirement of this evaluation's catalogue.")
            % {"code": finding.requirement_code}
        )
    where = ", ".join(part for part in (finding.path, finding.commit[:12]) if part)
    line = _("Repository check: %(summary)s") % {"summary": finding.summary} + (
        f" ({where})" if where else ""
    )
    evidence = (
        rating.evidence
        if line in rating.evidence
        else "\n\n".join(
            part
            for part in (rating.evidence if rating.evidence != report_format.NO_DATA else "", line)
            if part
        )
    )
    return save_evaluation(
        evaluation=evaluation,
        actor=actor,
        expected_version=expected_version,
        ratings={finding.requirement_code: RatingInput(light or finding.light, evidence, finding)},
    )


def decision_roles() -> list[tuple[str, str]]:
    """Who may be named as having decided a level instead of a body: the secretariat."""
    return [
        (str(value), str(label)) for value, label in DecisionRole.choices if value == DecisionRole.SECRETARIAT
    ]


@transaction.atomic
def decide_level(
    *,
    evaluation: Evaluation,
    actor: Actor,
    expected_version: int,
    level: str,
    reason: str,
    decided_on: datetime.date | None = None,
    decided_by_role: str = "",
    decided_by_body: Body | None = None,
    base_url: str = "",
) -> Evaluation:
    """Decide the product's level on the basis of the evaluation.

    Records a decision (kind "level change") in the decision log with the basis and a link back to
    the evaluation, sets the product's level through the core services (history, version check),
    and makes the evaluation final. All or nothing.
    """
    _check_draft_evaluation(evaluation)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the level.")})
    if decided_by_body is not None and decided_by_role:
        raise ValidationError(_("Name the role or the body that decided, not both."))
    product = Product.objects.select_for_update().get(pk=evaluation.product_id)
    levels = dict(ProductLevel.choices)
    if level not in levels:
        raise ValidationError(
            {"level": _("'%(level)s' is not a level a product can hold.") % {"level": level}}
        )
    catalogue_levels = set(evaluation.catalogue.level_keys) | {ProductLevel.NONE}
    if level not in catalogue_levels:
        raise ValidationError(
            {"level": _("The catalogue of the evaluation has no level '%(level)s'.") % {"level": level}}
        )
    problems = classification_errors(kind=product.kind, stage=product.stage, level=level)
    if problems:
        raise ValidationError(
            {"level": [str(message) for messages in problems.values() for message in messages]}
        )
    decided_on = decided_on or timezone.localdate()
    previous = product.level
    data = catalogue_data_for([evaluation.catalogue_id])[evaluation.catalogue_id]
    lights = dict(evaluation.ratings.order_by().values_list("requirement__code", "light"))
    summary = summary_of(data, lights)
    url = evaluation.get_absolute_url()
    role = decided_by_role or ("" if decided_by_body is not None else "secretariat")
    counts = ", ".join(
        f"{report_format.light_label(light)} {summary.totals[light]}" for light in scoring.LIGHTS
    )
    strict = level_label(summary.strict_level, data) or _("none")
    basis = _(
        "Basis: [%(evaluation)s](%(url)s) against %(catalogue)s: %(counts)s. "
        "Highest level whose requirements are all green or gray: %(strict)s."
    ) % {
        "evaluation": evaluation,
        "url": url,
        "catalogue": evaluation.catalogue,
        "counts": counts,
        "strict": strict,
    }
    text = "\n\n".join(
        [
            _("The level of %(product)s is set to **%(level)s** (before: %(previous)s).")
            % {"product": product.name, "level": levels[level], "previous": levels.get(previous, previous)},
            _("Reason: %(reason)s") % {"reason": reason},
            basis,
        ]
    )
    decision = record_level_decision(
        actor=actor,
        product=product,
        date=decided_on,
        title=_("Level of %(product)s: %(level)s") % {"product": product.name, "level": levels[level]},
        text=text,
        level_from=previous if previous in levels else "",
        level_to=level,
        basis=reason.splitlines()[0],
        context=evaluation.summary,
        decided_by_role=role,
        decided_by_body=decided_by_body,
        reference_label=str(evaluation),
        reference_url=f"{base_url.rstrip('/')}{url}" if base_url else "",
    )
    if level != previous:
        services.update(
            product,
            actor=actor,
            expected_version=product.version,
            changes={"level": level},
            reason=_("Level decided on the basis of %(evaluation)s") % {"evaluation": evaluation},
        )
    return services.update(
        evaluation,
        actor=actor,
        expected_version=expected_version,
        changes={
            "status": EvaluationStatus.FINAL,
            "decided_level": level,
            "level_reason": reason,
            "previous_level": previous,
            "decided_on": decided_on,
            "decision": decision,
        },
        reason="level decided",
    )


@dataclass
class EvaluationImport:
    evaluation: Evaluation
    created: bool
    catalogue: Catalogue
    parsed: report_format.ParsedReport
    mismatches: list[scoring.Mismatch]
    chart_mismatches: list[report_format.ChartMismatch]
    warnings: list[str] = field(default_factory=list)


@dataclass
class ReportReading:
    """An evaluation report read for a product, nothing saved: the catalogue version it is read with,
    what it says, how its published tables and charts disagree with its lights, notes (translated)."""

    catalogue: Catalogue
    parsed: report_format.ParsedReport
    mismatches: list[scoring.Mismatch]
    chart_mismatches: list[report_format.ChartMismatch]
    warnings: list[str]
    checksum: str


def read_evaluation_report(
    *,
    product: Product,
    data: bytes,
    catalogue: Catalogue | None = None,
    resolutions: Mapping[str, str] | None = None,
) -> ReportReading:
    """Read a published evaluation report for ``product`` without saving anything."""
    return _read_report(product, data, _Chooser(catalogue), resolutions)


class _Chooser:
    """The catalogue to read each file of an import with: the one given, else the one the file's ids
    fit (:func:`catalogue_for_file`), asked once per set of ids (the files of an import share them)."""

    def __init__(self, catalogue: Catalogue | None) -> None:
        self.catalogue = catalogue
        self.chosen: dict[frozenset[str], Catalogue] = {}

    def __call__(self, document: MarkdownDocument) -> Catalogue:
        if self.catalogue is not None:
            return self.catalogue
        codes = report_format.report_codes(document)
        key = frozenset(code.upper() for code in codes)
        if key not in self.chosen:
            self.chosen[key] = catalogue_for_file(codes=codes)
        return self.chosen[key]


def _read_report(
    product: Product, data: bytes, choose: _Chooser, resolutions: Mapping[str, str] | None
) -> ReportReading:
    try:
        text = decode(data)
        document = read_document(text)
        # The ids choose the catalogue (read from the file once, whoever chooses).
        chosen = choose(document)
        data_catalogue = chosen.data()
        parsed = report_format.parse_document(document, text, data_catalogue, resolutions=resolutions)
    except FormatError as exc:
        raise _format_failed(exc) from exc
    mismatches, charts = report_format.mismatches(parsed, data_catalogue)
    warnings = [problem.text(_) for problem in parsed.warnings]
    if parsed.product_name and parsed.product_name.casefold() != product.name.casefold():
        warnings.append(
            _("The report is about '%(name)s'; it was imported for %(product)s.")
            % {"name": parsed.product_name, "product": product.name}
        )
    if parsed.evaluated_on is None:
        warnings.append(_("The report states no date; today's date was used."))
    return ReportReading(chosen, parsed, mismatches, charts, warnings, checksum(data))


def import_evaluation(
    *,
    product: Product,
    data: bytes,
    actor: Actor,
    catalogue: Catalogue | None = None,
    publish: bool = False,
    resolutions: Mapping[str, str] | None = None,
    strict: bool = False,
) -> EvaluationImport:
    """Import a published evaluation report (Markdown) as a final evaluation of ``product``.

    The counts are recomputed from the lights; published count-table rows that disagree are
    returned (and kept on the evaluation). A level or date that cannot be read is kept as written
    (``unresolved_cells``) unless ``resolutions`` maps it; ``strict`` refuses such a file. The same
    file imported again gives back what it made. (One report of ``import_evaluations``.)
    """
    return import_evaluations(
        reports=[(product, data)],
        actor=actor,
        catalogue=catalogue,
        publish=publish,
        resolutions=resolutions,
        strict=strict,
    )[0]


def import_evaluations(
    *,
    reports: Sequence[tuple[Product, bytes]],
    actor: Actor,
    catalogue: Catalogue | None = None,
    publish: bool = False,
    resolutions: Mapping[str, str] | None = None,
    strict: bool = False,
) -> list[EvaluationImport]:
    """Import many published reports (each for its product) in one transaction: every file read
    first (one that cannot be read refuses them all, nothing saved), then the new evaluations and
    their ratings written in bulk, with the same history rows as one by one. A file already imported
    for its product gives back what it made; the results are in the order of ``reports``."""
    choose = _Chooser(catalogue)
    readings = [_read_report(product, data, choose, resolutions) for product, data in reports]
    if strict:
        for reading in readings:
            if reading.parsed.unresolved:
                raise refuse_unresolved(reading.parsed.unresolved)
    found = {
        (row.product_id, row.source_checksum): row
        for row in Evaluation.objects.filter(
            product__in={product.pk for product, _data in reports},
            source_checksum__in={reading.checksum for reading in readings},
        ).select_related("catalogue")
    }
    new: dict[tuple[int, str], tuple[Product, ReportReading]] = {}
    for (product, _data), reading in zip(reports, readings, strict=True):
        key = (product.pk, reading.checksum)
        if key not in found:
            new.setdefault(key, (product, reading))
    with transaction.atomic():
        now = timezone.now()
        made = services.create_many(
            Evaluation,
            actor=actor,
            rows=[_imported_fields(product, reading, publish, now) for product, reading in new.values()],
            reason="imported",
            held=("product", "catalogue"),
        )
        found.update(zip(new, made, strict=True))
        _rate(actor, [(evaluation, new[key][1]) for key, evaluation in zip(new, made, strict=True)])
    results = []
    for (product, _data), reading in zip(reports, readings, strict=True):
        key = (product.pk, reading.checksum)
        evaluation = found[key]
        created = key in new and new[key][1] is reading
        results.append(
            EvaluationImport(
                evaluation,
                created,
                reading.catalogue if created else evaluation.catalogue,
                reading.parsed,
                reading.mismatches,
                reading.chart_mismatches,
                reading.warnings,
            )
        )
    return results


def _imported_fields(
    product: Product, reading: ReportReading, publish: bool, now: datetime.datetime
) -> dict[str, object]:
    parsed = reading.parsed
    return {
        "product": product,
        "catalogue": reading.catalogue,
        "status": EvaluationStatus.FINAL,
        "evaluated_on": parsed.evaluated_on or timezone.localdate(),
        "evaluator": parsed.evaluator[:200],
        "git_url": parsed.git_url[:500],
        "template_version": parsed.template_version[:30],
        "summary": parsed.summary,
        "overall_assessment": parsed.overall,
        "recommendations": parsed.recommendations,
        "source": EvaluationSource.IMPORT,
        "source_checksum": reading.checksum,
        "published_mismatches": [m.as_dict() for m in reading.mismatches],
        "unresolved_cells": [cell.as_dict() for cell in parsed.cells],
        "is_published": publish,
        "published_at": now if publish else None,
    }


def _rate(actor: Actor, made: list[tuple[Evaluation, ReportReading]]) -> None:
    """The ratings of the new evaluations, in the order of their catalogue, with history, in bulk:
    streamed into the table (``COPY`` on PostgreSQL) and their "+" history rows written by the
    database from what was stored (``core.bulk``) — the rows ``bulk_create_with_history`` wrote, the
    importer as their user and no reason. Ratings have no behaviour on save and no search entry."""
    requirements: dict[int, dict[str, tuple[int, int]]] = {}
    for catalogue_id in {reading.catalogue.pk for _evaluation, reading in made}:
        requirements[catalogue_id] = {
            code: (pk, order)
            for code, pk, order in Requirement.objects.filter(catalogue_id=catalogue_id).values_list(
                "code", "pk", "order"
            )
        }

    def rows() -> Iterator[tuple[int, int, str, str]]:
        for evaluation, reading in made:
            by_code = requirements[reading.catalogue.pk]
            parsed = reading.parsed
            for code, light in sorted(parsed.ratings.items(), key=lambda pair: by_code[pair[0]][1]):
                yield evaluation.pk, by_code[code][0], light, parsed.evidence.get(code, "")

    if made and bulk.insert_rows(Rating, RATING_COLUMNS, rows()):
        bulk.record_created(
            Rating.objects.filter(evaluation__in=[evaluation.pk for evaluation, _reading in made]),
            user=_user(actor),
            reason=None,
        )
