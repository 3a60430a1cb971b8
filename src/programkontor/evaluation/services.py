"""Writes of the evaluation app: keyword-only functions, each in one transaction, history with the actor.

Simple edits use the core services; these functions do what has more to it: importing catalogues
and files, starting a self-evaluation or an evaluation from what came before, saving a whole form
of answers or lights at once (bumping the version, so a concurrent edit is refused), submitting,
and deciding a level (which records a decision in the decision log and sets the product's level).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from programkontor.core import services
from programkontor.evaluation import scoring
from programkontor.evaluation.formats import report as report_format
from programkontor.evaluation.formats import self_evaluation as self_evaluation_format
from programkontor.evaluation.formats.catalogue import CatalogueData, catalogue_from_json
from programkontor.evaluation.formats.common import FormatError, decode
from programkontor.evaluation.models import (
    Catalogue,
    Evaluation,
    EvaluationSource,
    EvaluationStatus,
    Finding,
    FindingStatus,
    Rating,
    RepositoryCheck,
    Requirement,
    SelfEvaluation,
    SelfEvaluationAnswer,
    SelfEvaluationStatus,
    Source,
    Theme,
)
from programkontor.evaluation.selectors import (
    catalogue_data_for,
    current_catalogue,
    level_label,
    self_evaluation_answers,
    summary_of,
)
from programkontor.governance.interfaces import DecisionRole, record_level_decision
from programkontor.portfolio.classification import classification_errors
from programkontor.portfolio.models import Body, Product, ProductLevel

SHIPPED_CATALOGUE = "os2-styringsmodel-1.1.0.json"


class ImportFailed(Exception):
    """A file could not be imported; ``messages`` says why (translated). Nothing was saved."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


def _format_failed(error: FormatError) -> ImportFailed:
    return ImportFailed(error.messages(_))


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _name_of(actor: Any) -> str:
    user = _user(actor)
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _bump(rows: list[Any]) -> None:
    for row in rows:
        row.version += 1


# Catalogues


@dataclass
class CatalogueImport:
    catalogue: Catalogue
    created: bool
    updated_texts: int = 0


def _structure(data: CatalogueData) -> tuple[Any, ...]:
    return (
        tuple((level.key, level.label) for level in data.levels),
        tuple(theme.key for theme in data.themes),
        tuple((r.code, r.theme, r.level, r.recommendation) for r in data.requirements),
    )


@transaction.atomic
def import_catalogue(*, data: CatalogueData, actor: Any, make_current: bool = True) -> CatalogueImport:
    """Store a catalogue version; an existing version with the same requirements gets the texts of the
    import (official text, guidance, criteria) where it lacks or differs from them."""
    data.validate()
    existing = Catalogue.objects.filter(standard=data.standard, standard_version=data.version).first()
    if existing is not None:
        stored = catalogue_data_for([existing.pk])[existing.pk]
        if _structure(stored) != _structure(data):
            raise ValidationError(
                _(
                    "%(name)s %(version)s already exists with other requirements, levels or themes. "
                    "Import the new catalogue under another version."
                )
                % {"name": existing.name, "version": data.version}
            )
        incoming = {r.code: r for r in data.requirements}
        changed = []
        for requirement in existing.requirements.all():
            new = incoming[requirement.code]
            updates = {
                name: value
                for name, value in (
                    ("text", new.text),
                    ("guidance", new.guidance),
                    ("criterion", new.criterion),
                )
                if value and value != getattr(requirement, name)
            }
            if updates:
                for name, value in updates.items():
                    setattr(requirement, name, value)
                changed.append(requirement)
        if changed:
            _bump(changed)
            bulk_update_with_history(
                changed, Requirement, ["text", "guidance", "criterion", "version"], default_user=_user(actor)
            )
        changes: dict[str, Any] = {}
        if data.report_template_version and not existing.report_template_version:
            changes["report_template_version"] = data.report_template_version
        if changes:
            services.update(existing, actor=actor, expected_version=existing.version, changes=changes)
        if make_current and not existing.is_current:
            set_current_catalogue(catalogue=existing, actor=actor)
        return CatalogueImport(existing, False, len(changed))
    catalogue = services.create(
        Catalogue,
        actor=actor,
        fields={
            "standard": data.standard,
            "name": data.name,
            "standard_version": data.version,
            "released": data.released,
            "report_template_version": data.report_template_version,
            "description": data.description,
            "levels": [{"key": level.key, "label": level.label} for level in data.levels],
            "source": data.source[:300],
        },
        reason="imported",
    )
    themes = bulk_create_with_history(
        [Theme(catalogue=catalogue, key=t.key, name=t.name, order=i) for i, t in enumerate(data.themes)],
        Theme,
        default_user=_user(actor),
    )
    theme_ids = {t.key: t.pk for t in Theme.objects.filter(catalogue=catalogue)} if themes else {}
    bulk_create_with_history(
        [
            Requirement(
                catalogue=catalogue,
                theme_id=theme_ids[r.theme],
                code=r.code,
                level=r.level,
                is_recommendation=r.recommendation,
                title=r.title[:200],
                text=r.text,
                guidance=r.guidance,
                criterion=r.criterion,
                order=i,
            )
            for i, r in enumerate(data.requirements)
        ],
        Requirement,
        default_user=_user(actor),
    )
    if make_current or not Catalogue.objects.filter(standard=data.standard, is_current=True).exists():
        set_current_catalogue(catalogue=catalogue, actor=actor)
    return CatalogueImport(catalogue, True, 0)


@transaction.atomic
def set_current_catalogue(*, catalogue: Catalogue, actor: Any) -> Catalogue:
    """Make ``catalogue`` the version new self-evaluations and evaluations of its standard use."""
    for other in Catalogue.objects.filter(standard=catalogue.standard, is_current=True).exclude(
        pk=catalogue.pk
    ):
        services.update(other, actor=actor, expected_version=other.version, changes={"is_current": False})
    if not catalogue.is_current:
        catalogue.refresh_from_db(fields=["version"])
        services.update(
            catalogue, actor=actor, expected_version=catalogue.version, changes={"is_current": True}
        )
    return catalogue


def load_shipped_catalogue(*, actor: Any = None) -> Catalogue:
    """OS2's current catalogue as shipped with Programkontor (installed by a migration; idempotent)."""
    from importlib import resources

    data = catalogue_from_json(
        resources.files("programkontor.evaluation").joinpath("data", SHIPPED_CATALOGUE).read_bytes()
    )
    existing = Catalogue.objects.filter(standard=data.standard, standard_version=data.version).first()
    if existing is not None:
        return existing
    make_current = not Catalogue.objects.filter(standard=data.standard, is_current=True).exists()
    return import_catalogue(data=data, actor=actor, make_current=make_current).catalogue


def _catalogue_or_current(catalogue: Catalogue | None) -> Catalogue:
    found = catalogue or current_catalogue() or load_shipped_catalogue()
    return found


# Self-evaluations


def _next_number(product: Product) -> int:
    last = SelfEvaluation.objects.filter(product=product).aggregate(models.Max("number"))["number__max"]
    return int(last or 0) + 1


def _latest_submitted(product: Product) -> SelfEvaluation | None:
    found: SelfEvaluation | None = (
        SelfEvaluation.objects.filter(product=product, status=SelfEvaluationStatus.SUBMITTED)
        .order_by("-number")
        .first()
    )
    return found


def _answers_by_code(self_evaluation: SelfEvaluation | None) -> dict[str, tuple[str, str]]:
    return self_evaluation_answers(self_evaluation.pk if self_evaluation is not None else None)


@transaction.atomic
def start_self_evaluation(
    *, product: Product, actor: Any, catalogue: Catalogue | None = None
) -> SelfEvaluation:
    """A new draft, carrying over the answers of the latest submitted version (by requirement id)."""
    if SelfEvaluation.objects.filter(product=product, status=SelfEvaluationStatus.DRAFT).exists():
        raise ValidationError(_("%(product)s already has a draft self-evaluation.") % {"product": product})
    catalogue = _catalogue_or_current(catalogue)
    previous = _latest_submitted(product)
    repositories = product.repository_urls or []
    self_evaluation = services.create(
        SelfEvaluation,
        actor=actor,
        fields={
            "product": product,
            "catalogue": catalogue,
            "number": _next_number(product),
            "status": SelfEvaluationStatus.DRAFT,
            "filled_by": _name_of(actor) or (previous.filled_by if previous else ""),
            "git_url": previous.git_url if previous else (repositories[0] if repositories else ""),
            "source": Source.FORM,
        },
    )
    carried = _answers_by_code(previous)
    bulk_create_with_history(
        [
            SelfEvaluationAnswer(
                self_evaluation=self_evaluation,
                requirement=requirement,
                answer=carried.get(requirement.code, ("", ""))[0],
                documentation=carried.get(requirement.code, ("", ""))[1],
            )
            for requirement in catalogue.requirements.order_by("order", "pk")
        ],
        SelfEvaluationAnswer,
        default_user=_user(actor),
    )
    return self_evaluation


AnswerInput = tuple[str | None, str]


def _check_draft(self_evaluation: SelfEvaluation) -> None:
    if not self_evaluation.is_draft:
        raise ValidationError(_("A submitted self-evaluation cannot change; start a new version instead."))


@transaction.atomic
def save_self_evaluation(
    *,
    self_evaluation: SelfEvaluation,
    actor: Any,
    expected_version: int,
    changes: Mapping[str, Any] | None = None,
    answers: Mapping[str, AnswerInput] | None = None,
) -> SelfEvaluation:
    """Save the draft's fields and answers (requirement id → (answer or None, documentation))."""
    _check_draft(self_evaluation)
    valid = set(scoring.ANSWERS)
    for code, (answer, _documentation) in (answers or {}).items():
        if answer not in valid and answer not in (None, ""):
            raise ValidationError(
                _("%(code)s: '%(answer)s' is not an answer.") % {"code": code, "answer": answer}
            )
    services.update(
        self_evaluation, actor=actor, expected_version=expected_version, changes=dict(changes or {})
    )
    if answers:
        changed = []
        rows = self_evaluation.answers.select_related("requirement")
        known = set()
        for row in rows:
            known.add(row.requirement.code)
            if row.requirement.code not in answers:
                continue
            answer, documentation = answers[row.requirement.code]
            answer, documentation = answer or "", documentation.strip()
            if (row.answer, row.documentation) != (answer, documentation):
                row.answer, row.documentation = answer, documentation
                changed.append(row)
        unknown = sorted(set(answers) - known)
        if unknown:
            raise ValidationError(
                _("Not requirements of this self-evaluation: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        if changed:
            _bump(changed)
            bulk_update_with_history(
                changed,
                SelfEvaluationAnswer,
                ["answer", "documentation", "version"],
                default_user=_user(actor),
            )
    return self_evaluation


@transaction.atomic
def submit_self_evaluation(
    *, self_evaluation: SelfEvaluation, actor: Any, expected_version: int
) -> SelfEvaluation:
    """Submit the draft: it becomes a fixed version that the secretariat evaluates from."""
    _check_draft(self_evaluation)
    return services.update(
        self_evaluation,
        actor=actor,
        expected_version=expected_version,
        changes={
            "status": SelfEvaluationStatus.SUBMITTED,
            "submitted_at": timezone.now(),
            "submitted_by": _user(actor),
            "filled_on": self_evaluation.filled_on or timezone.localdate(),
        },
        reason="submitted",
    )


@dataclass
class SelfEvaluationImport:
    self_evaluation: SelfEvaluation
    created: bool
    catalogue: Catalogue
    parsed: self_evaluation_format.ParsedSelfEvaluation
    warnings: list[str] = field(default_factory=list)


def _catalogue_for_version(version: str, fallback: Catalogue | None) -> Catalogue:
    current = _catalogue_or_current(fallback)
    if version and version != current.standard_version:
        found: Catalogue | None = Catalogue.objects.filter(
            standard=current.standard, standard_version=version
        ).first()
        if found is not None:
            return found
    return current


def import_self_evaluation(
    *,
    product: Product,
    data: bytes,
    actor: Any,
    catalogue: Catalogue | None = None,
    as_draft: bool = False,
) -> SelfEvaluationImport:
    """Import OS2's form JSON or a governance report (Markdown) as a submitted version (or a draft).

    The same file imported again for the same product gives back the version it made.
    """
    try:
        text = decode(data)
        probe = self_evaluation_format.detect_format(text)
        version = ""
        if probe == "markdown" and catalogue is None:
            from programkontor.evaluation.formats.catalogue import template_version
            from programkontor.evaluation.formats.common import parse_markdown

            version = template_version(parse_markdown(text))
        chosen = _catalogue_for_version(version, catalogue)
        parsed = self_evaluation_format.parse_self_evaluation(text, chosen.data())
    except FormatError as exc:
        raise _format_failed(exc) from exc
    warnings = [problem.text(_) for problem in parsed.warnings]
    if parsed.catalogue_version and parsed.catalogue_version != chosen.standard_version:
        warnings.append(
            _("The file says governance report %(file)s; it was read with %(catalogue)s.")
            % {"file": parsed.catalogue_version, "catalogue": chosen}
        )
    if parsed.product_name and parsed.product_name.casefold() != product.name.casefold():
        warnings.append(
            _("The file is about '%(name)s'; it was imported for %(product)s.")
            % {"name": parsed.product_name, "product": product.name}
        )
    digest = checksum(data)
    existing = SelfEvaluation.objects.filter(product=product, source_checksum=digest).first()
    if existing is not None:
        return SelfEvaluationImport(existing, False, existing.catalogue, parsed, warnings)
    with transaction.atomic():
        if (
            as_draft
            and SelfEvaluation.objects.filter(product=product, status=SelfEvaluationStatus.DRAFT).exists()
        ):
            raise ImportFailed([_("%(product)s already has a draft self-evaluation.") % {"product": product}])
        now = timezone.now()
        fields: dict[str, Any] = {
            "product": product,
            "catalogue": chosen,
            "number": _next_number(product),
            "status": SelfEvaluationStatus.DRAFT if as_draft else SelfEvaluationStatus.SUBMITTED,
            "filled_by": parsed.filled_by[:200],
            "filled_on": parsed.filled_on,
            "git_url": parsed.git_url[:500],
            "source": Source.JSON if parsed.format == "json" else Source.MARKDOWN,
            "source_checksum": digest,
        }
        if not as_draft:
            fields.update(submitted_at=now, submitted_by=_user(actor))
        self_evaluation = services.create(SelfEvaluation, actor=actor, fields=fields, reason="imported")
        bulk_create_with_history(
            [
                SelfEvaluationAnswer(
                    self_evaluation=self_evaluation,
                    requirement=requirement,
                    answer=parsed.answers.get(requirement.code) or "",
                    documentation=parsed.documentation.get(requirement.code, ""),
                )
                for requirement in chosen.requirements.order_by("order", "pk")
            ],
            SelfEvaluationAnswer,
            default_user=_user(actor),
        )
    return SelfEvaluationImport(self_evaluation, True, chosen, parsed, warnings)


# Evaluations


def _product_repository(product: Product) -> str:
    repositories = product.repository_urls or []
    return repositories[0] if repositories else ""


@transaction.atomic
def start_evaluation(
    *,
    product: Product,
    actor: Any,
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
    actor: Any,
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
    *, evaluation: Evaluation, finding: Finding, actor: Any, expected_version: int, light: str | None = None
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
    actor: Any,
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


def import_evaluation(
    *,
    product: Product,
    data: bytes,
    actor: Any,
    catalogue: Catalogue | None = None,
    publish: bool = False,
) -> EvaluationImport:
    """Import a published evaluation report (Markdown) as a final evaluation of ``product``.

    The counts are recomputed from the lights; published count-table rows that disagree are
    returned (and kept on the evaluation). The same file imported again gives back what it made.
    """
    chosen = _catalogue_or_current(catalogue)
    data_catalogue = chosen.data()
    try:
        parsed = report_format.parse_report(data, data_catalogue)
    except FormatError as exc:
        raise _format_failed(exc) from exc
    mismatches = report_format.published_mismatches(parsed, data_catalogue)
    charts = report_format.chart_mismatches(parsed, data_catalogue)
    warnings = [problem.text(_) for problem in parsed.warnings]
    if parsed.product_name and parsed.product_name.casefold() != product.name.casefold():
        warnings.append(
            _("The report is about '%(name)s'; it was imported for %(product)s.")
            % {"name": parsed.product_name, "product": product.name}
        )
    if parsed.evaluated_on is None:
        warnings.append(_("The report states no date; today's date was used."))
    digest = checksum(data)
    existing = Evaluation.objects.filter(product=product, source_checksum=digest).first()
    if existing is not None:
        return EvaluationImport(existing, False, existing.catalogue, parsed, mismatches, charts, warnings)
    with transaction.atomic():
        now = timezone.now()
        evaluation = services.create(
            Evaluation,
            actor=actor,
            fields={
                "product": product,
                "catalogue": chosen,
                "status": EvaluationStatus.FINAL,
                "evaluated_on": parsed.evaluated_on or timezone.localdate(),
                "evaluator": parsed.evaluator[:200],
                "git_url": parsed.git_url[:500],
                "template_version": parsed.template_version[:30],
                "summary": parsed.summary,
                "overall_assessment": parsed.overall,
                "recommendations": parsed.recommendations,
                "source": EvaluationSource.IMPORT,
                "source_checksum": digest,
                "published_mismatches": [m.as_dict() for m in mismatches],
                "is_published": publish,
                "published_at": now if publish else None,
            },
            reason="imported",
        )
        requirements = {r.code: r for r in chosen.requirements.all()}
        bulk_create_with_history(
            [
                Rating(
                    evaluation=evaluation,
                    requirement=requirements[code],
                    light=light,
                    evidence=parsed.evidence.get(code, ""),
                )
                for code, light in sorted(
                    parsed.ratings.items(), key=lambda pair: requirements[pair[0]].order
                )
            ],
            Rating,
            default_user=_user(actor),
        )
    return EvaluationImport(evaluation, True, chosen, parsed, mismatches, charts, warnings)


# Repository checks


@transaction.atomic
def record_repository_check(*, product: Product, result: Any, actor: Any) -> RepositoryCheck:
    """Store a :class:`~programkontor.evaluation.repository.checks.CheckResult` for ``product``."""
    check = services.create(
        RepositoryCheck,
        actor=actor,
        fields={
            "product": product,
            "source": result.source[:500],
            "commit": result.commit or "",
            "branch": (result.branch or "")[:200],
            "checked_at": result.checked_at,
            "checked_by": _user(actor),
        },
    )
    bulk_create_with_history(
        [
            Finding(
                repository_check=check,
                check_key=finding.check,
                requirement_code=finding.requirement,
                light=finding.light,
                summary=finding.summary,
                path=(finding.path or "")[:500],
                commit=finding.commit or "",
                details=finding.details,
            )
            for finding in result.findings
        ],
        Finding,
        default_user=_user(actor),
    )
    return check
