"""Repository checks: record a check's result with its findings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from programkontor.core import services
from programkontor.evaluation.models import (
    Finding,
    RepositoryCheck,
)
from programkontor.evaluation.services.common import _user
from programkontor.portfolio.models import Product

if TYPE_CHECKING:
    from programkontor.core.actors import Actor

# Repository checks


@transaction.atomic
def record_repository_check(*, product: Product, result: Any, actor: Actor) -> RepositoryCheck:
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
