"""Syncing a product's governance repository from the browser and the API.

Settings are written through the core services (history naming the actor). "Fetch changes" and
"Write to repository" start background jobs (``governance/jobs.py``) that record a
:class:`RepositorySync`: the preview of an import, applied only as it was shown and only while the
repository is still at the commit previewed; the export's diff, pushed only with a token from the
server's environment. Each start checks that the actor may change the product, and each job checks
it again when it runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from programkontor.core import gate, services
from programkontor.core.git import GitError
from programkontor.core.jobs import start_job
from programkontor.governance.models import GovernanceRepository, RepositorySync, SyncKind, SyncState
from programkontor.governance.repository import workcopy

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser
    from programkontor.portfolio.models import Product

PREVIEW_JOB = "governance.repository_preview"
APPLY_JOB = "governance.repository_apply"
EXPORT_JOB = "governance.repository_export"
PUSH_JOB = "governance.repository_push"


def may_sync(user: AnyUser, product: Product) -> bool:
    """Whether ``user`` keeps the product's governance repository: those who may change the product."""
    return bool(getattr(user, "is_authenticated", False)) and gate.allows(user, "change", product)


def check_address(address: str) -> None:
    """ValidationError naming the address field unless the server may read it."""
    try:
        workcopy.locate(address)
    except GitError as exc:
        raise ValidationError({"address": str(exc)}) from exc


def save_repository(
    *,
    actor: AnyUser,
    product: Product,
    fields: dict[str, object],
    expected_version: int | None = None,
) -> GovernanceRepository:
    """Create or change the product's repository settings (one row per product)."""
    if not may_sync(actor, product):
        raise PermissionDenied(_("You may not change this product's governance repository."))
    if "address" in fields:
        check_address(str(fields["address"]))
    with transaction.atomic():
        current = GovernanceRepository.objects.select_for_update().filter(product=product).first()
        if current is None:
            return services.create(GovernanceRepository, actor=actor, fields={**fields, "product": product})
        return services.update(
            current,
            actor=actor,
            expected_version=current.version if expected_version is None else expected_version,
            changes=fields,
        )


def _start(
    *, actor: AnyUser, repository: GovernanceRepository, kind: str, job_kind: str, title: str
) -> RepositorySync:
    if not may_sync(actor, repository.product):
        raise PermissionDenied(_("You may not sync this product's governance repository."))
    check_address(repository.address)
    with transaction.atomic():
        sync = RepositorySync.objects.create(repository=repository, kind=kind, started_by_id=actor.pk)
        job = start_job(kind=job_kind, title=title, owner=actor, arguments={"sync": sync.pk})
        RepositorySync.objects.filter(pk=sync.pk).update(job=job)
    sync.refresh_from_db()
    return sync


def start_preview(*, actor: AnyUser, repository: GovernanceRepository) -> RepositorySync:
    """Queue "Fetch changes": fetch the repository and compute what an import would do."""
    return _start(
        actor=actor,
        repository=repository,
        kind=SyncKind.PREVIEW,
        job_kind=PREVIEW_JOB,
        title=_("Fetch changes for %(product)s") % {"product": repository.product},
    )


def start_export(*, actor: AnyUser, repository: GovernanceRepository) -> RepositorySync:
    """Queue "Write to repository": write Programkontor's changes into the working copy, diff them."""
    return _start(
        actor=actor,
        repository=repository,
        kind=SyncKind.EXPORT,
        job_kind=EXPORT_JOB,
        title=_("Write %(product)s to its repository") % {"product": repository.product},
    )


def start_apply(*, actor: AnyUser, sync: RepositorySync) -> RepositorySync:
    """Queue the application of a preview as it was shown."""
    return _confirm(actor=actor, sync=sync, kind=SyncKind.PREVIEW, job_kind=APPLY_JOB)


def start_push(*, actor: AnyUser, sync: RepositorySync) -> RepositorySync:
    """Queue the commit and push of an export's changes (only with a push token on the server)."""
    repository = sync.repository
    if not workcopy.may_push(repository.address, repository.token_variable):
        raise ValidationError(_("No push token is configured for this repository on the server."))
    return _confirm(actor=actor, sync=sync, kind=SyncKind.EXPORT, job_kind=PUSH_JOB)


def _confirm(*, actor: AnyUser, sync: RepositorySync, kind: str, job_kind: str) -> RepositorySync:
    if not may_sync(actor, sync.repository.product):
        raise PermissionDenied(_("You may not sync this product's governance repository."))
    with transaction.atomic():
        locked = RepositorySync.objects.select_for_update().get(pk=sync.pk)
        if locked.kind != kind or locked.state != SyncState.READY:
            raise ValidationError(_("This can no longer be confirmed: start again."))
        title = (
            _("Apply the changes to %(product)s") if kind == SyncKind.PREVIEW else _("Push %(product)s")
        ) % {"product": sync.repository.product}
        RepositorySync.objects.filter(pk=sync.pk).update(state=SyncState.RUNNING, error="")
        job = start_job(kind=job_kind, title=title, owner=actor, arguments={"sync": sync.pk})
        RepositorySync.objects.filter(pk=sync.pk).update(job=job)
    sync.refresh_from_db()
    return sync
