"""Self-evaluations: start from the latest submitted answers, save a whole form, submit, import."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from programkontor.core import services
from programkontor.evaluation import scoring
from programkontor.evaluation.formats import self_evaluation as self_evaluation_format
from programkontor.evaluation.formats.catalogue import template_version
from programkontor.evaluation.formats.common import FormatError, decode, read_document
from programkontor.evaluation.formats.governance_report import governance_codes
from programkontor.evaluation.models import (
    Catalogue,
    SelfEvaluation,
    SelfEvaluationAnswer,
    SelfEvaluationStatus,
    Source,
)
from programkontor.evaluation.selectors import (
    self_evaluation_answers,
)
from programkontor.evaluation.services.catalogues import _catalogue_or_current, catalogue_for_file
from programkontor.evaluation.services.common import (
    ImportFailed,
    _bump,
    _format_failed,
    _name_of,
    _user,
    checksum,
    refuse_unresolved,
)
from programkontor.portfolio.models import Product

if TYPE_CHECKING:
    from programkontor.core.actors import Actor

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
    *, product: Product, actor: Actor, catalogue: Catalogue | None = None
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
    actor: Actor,
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
    *, self_evaluation: SelfEvaluation, actor: Actor, expected_version: int
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


@dataclass
class SelfEvaluationReading:
    """A self-evaluation file read for a product, nothing saved: the catalogue version it is read with,
    what it says, the cells a person must map, and notes for the user (translated)."""

    catalogue: Catalogue
    parsed: self_evaluation_format.ParsedSelfEvaluation
    warnings: list[str]
    checksum: str


def _file_codes(text: str) -> tuple[list[str], str]:
    """The requirement ids a file holds and the catalogue version it states."""
    if self_evaluation_format.detect_format(text) == "json":
        try:
            raw = json.loads(text)
        except ValueError:
            return [], ""
        return self_evaluation_format.form_codes(raw), ""
    document = read_document(text)
    return governance_codes(text), template_version(document)


def read_self_evaluation(
    *,
    product: Product,
    data: bytes,
    catalogue: Catalogue | None = None,
    resolutions: Mapping[str, str] | None = None,
) -> SelfEvaluationReading:
    """Read OS2's form JSON or a governance report (any of its layouts, the previous governance model's
    too) for ``product`` without saving anything; ImportFailed when it cannot be read."""
    try:
        text = decode(data)
        codes, version = _file_codes(text)
        chosen = catalogue_for_file(codes=codes, stated_version=version, chosen=catalogue)
        parsed = self_evaluation_format.parse_self_evaluation(text, chosen.data(), resolutions=resolutions)
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
    return SelfEvaluationReading(chosen, parsed, warnings, checksum(data))


def import_self_evaluation(
    *,
    product: Product,
    data: bytes,
    actor: Actor,
    catalogue: Catalogue | None = None,
    as_draft: bool = False,
    resolutions: Mapping[str, str] | None = None,
    strict: bool = False,
) -> SelfEvaluationImport:
    """Import OS2's form JSON or a governance report (Markdown) as a submitted version (or a draft).

    Cells that name no answer or date are kept as written on the new version (``unresolved_cells``)
    and left unanswered, unless ``resolutions`` maps them (cell key → answer, ``""`` for unanswered,
    or an ISO date); ``strict`` refuses a file that still has such cells. The same file imported again
    for the same product gives back the version it made.
    """
    reading = read_self_evaluation(product=product, data=data, catalogue=catalogue, resolutions=resolutions)
    parsed, chosen, warnings = reading.parsed, reading.catalogue, reading.warnings
    if strict and parsed.unresolved:
        raise refuse_unresolved(parsed.unresolved)
    existing = SelfEvaluation.objects.filter(product=product, source_checksum=reading.checksum).first()
    if existing is not None:
        return SelfEvaluationImport(existing, False, existing.catalogue, parsed, warnings)
    with transaction.atomic():
        if (
            as_draft
            and SelfEvaluation.objects.filter(product=product, status=SelfEvaluationStatus.DRAFT).exists()
        ):
            raise ImportFailed(
                [
                    _(
                        "%(product)s already has a draft self-evaluation: submit or remove it first, or "
                        "import the file as a submitted version."
                    )
                    % {"product": product}
                ],
                reason="conflict",
            )
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
            "source_checksum": reading.checksum,
            "unresolved_cells": [cell.as_dict() for cell in parsed.cells],
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
