"""Governance's public module: all that the other domain apps (economy, evaluation, planning) may use.

``make lint`` (import-linter) refuses any other import of governance from those apps, so what
governance offers them is listed here and nowhere else:

* the decision log: the :class:`Decision` model and its choices (other apps point foreign keys at
  decisions and list the decided ones a user may pick), and :func:`record_level_decision` — the one
  way another app writes a decision;
* mandates: which mandate an action rests on (:func:`applicable_mandate`,
  :func:`applicable_mandate_with_use`; for one holder, a role or a body a person acts as,
  :class:`MandateHolder`, :func:`role_holders` and :func:`holder_verdict`) and the vocabulary of the
  verdict;
* meetings and their agenda items (:class:`Meeting`, :class:`AgendaItem`): the dialogue app's
  comments hang on agenda items and show on the meeting's page;
* documents: :func:`html_to_pdf` and :func:`font_faces` — the one way a PDF is drawn (WeasyPrint
  fetching nothing but the vendored fonts).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from programkontor.core import services
from programkontor.governance.documents import font_faces, html_to_pdf
from programkontor.governance.mandates import Outcome
from programkontor.governance.models import (
    AgendaItem,
    Decision,
    DecisionKind,
    DecisionRole,
    DecisionStatus,
    LimitBasis,
    Mandate,
    MandateHolderRole,
    MandateKind,
    Meeting,
)
from programkontor.governance.services import (
    MandateHolder,
    MandateVerdict,
    applicable_mandate,
    applicable_mandate_with_use,
    holder_verdict,
    role_holders,
)
from programkontor.portfolio.models import Body, Product

if TYPE_CHECKING:
    from programkontor.core.actors import Actor

__all__ = [
    "AgendaItem",
    "Decision",
    "DecisionKind",
    "DecisionRole",
    "DecisionStatus",
    "LimitBasis",
    "Mandate",
    "MandateHolder",
    "MandateHolderRole",
    "MandateKind",
    "MandateVerdict",
    "Meeting",
    "Outcome",
    "applicable_mandate",
    "applicable_mandate_with_use",
    "font_faces",
    "holder_verdict",
    "html_to_pdf",
    "record_level_decision",
    "role_holders",
]


def record_level_decision(
    *,
    actor: Actor,
    product: Product,
    date: datetime.date,
    title: str,
    text: str,
    level_from: str,
    level_to: str,
    basis: str,
    context: str = "",
    decided_by_role: str = "",
    decided_by_body: Body | None = None,
    reference_label: str = "",
    reference_url: str = "",
) -> Decision:
    """Record a decided level change of ``product`` in its decision log (with history).

    ``reference_url`` points at what the decision rests on (an evaluation report); one that is not a
    valid http(s) address — a test server's host name — is left out rather than refused.
    """
    if reference_url:
        try:
            URLValidator(schemes=["http", "https"])(reference_url)
        except ValidationError:
            reference_url = ""
    return services.create(
        Decision,
        actor=actor,
        fields={
            "date": date,
            "title": title[:300],
            "kind": DecisionKind.LEVEL_CHANGE,
            "status": DecisionStatus.DECIDED,
            "product": product,
            "decided_by_role": decided_by_role,
            "decided_by_body": decided_by_body,
            "context": context,
            "decision": text,
            "level_from": level_from,
            "level_to": level_to,
            "basis": basis[:300],
            "reference_label": reference_label[:200],
            "reference_url": reference_url,
        },
        reason="level decided",
    )
