"""The background jobs that sync a product's governance repository (started by
``governance.services.repository``): each reads its :class:`RepositorySync`, checks that the person
who started it may still change the product, works in the product's working copy (held while it
works) and records what it found on the sync, whose page is the job's result."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programkontor.core import uploads
from programkontor.core.git import GitError
from programkontor.core.jobs import Progress, register_job
from programkontor.core.models import Job
from programkontor.governance.models import RepositorySync, SyncState
from programkontor.governance.repository import records as r
from programkontor.governance.repository import workcopy
from programkontor.governance.repository.conversion import record_folders
from programkontor.governance.repository.export import export_product
from programkontor.governance.repository.scan import RepositoryLimits, RepositoryTooLarge, Scan, scan_folder
from programkontor.governance.repository.sync import ImportResult, Plan, import_scan
from programkontor.governance.services.repository import (
    APPLY_JOB,
    EXPORT_JOB,
    PREVIEW_JOB,
    PUSH_JOB,
    may_sync,
)
from programkontor.portfolio.models import Product

#: What a step writes on its sync.
Changes = dict[str, object]


class SyncRefused(Exception):
    """The sync cannot go on; the message says why and what to do (shown on its page)."""


def scan_product_folder(folder: Path, product: Product) -> Scan:
    """A governance repository's files read within the configured limits, with the product's folders."""
    limits = settings.PROGRAMKONTOR_GOVERNANCE_IMPORT
    return scan_folder(
        folder,
        limits=RepositoryLimits(max_files=limits["max_files"], max_bytes=limits["max_bytes"]),
        file_limits=uploads.limits("governance"),
        folders=record_folders(product),
    )


def line_of(item: r.Unmapped, folder: Path) -> int | None:
    """The line of the file where what could not be read stands (its value, else its field), if found."""
    try:
        lines = (folder / item.source_file).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for needle in (item.value.strip(), item.field.strip()):
        if needle:
            for number, line in enumerate(lines, start=1):
                if needle in line:
                    return number
    return None


def plan_of(result: ImportResult, folder: Path) -> Plan:
    """The preview as the page and the API show it: each record's action, and what could not be read
    with the line it stands on."""
    data = result.as_dict()
    for item, row in zip(result.unmapped, data["unmapped"], strict=True):
        row["line"] = line_of(item, folder)
    return data


def _signature(plan: Plan) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """What a plan does, for comparing the preview with the application."""
    return sorted(
        (kind, row["source_file"], row["action"], tuple(row.get("changed", ())))
        for kind in ("decisions", "meetings")
        for row in plan.get(kind, [])
    )


def _run(job: Job, progress: Progress, work: Callable[[RepositorySync, Path, Progress], Changes]) -> str:
    sync = RepositorySync.objects.select_related("repository__product").get(pk=job.arguments["sync"])
    sync.job = job  # the job that does this step (an application's, not its preview's)
    product = sync.repository.product
    try:
        if not (job.owner and may_sync(job.owner, product)):
            raise PermissionDenied(_("You may no longer sync this product's governance repository."))
        with workcopy.locked(product.pk) as folder:
            changes = work(sync, folder, progress)
    except (
        GitError,
        RepositoryTooLarge,
        SyncRefused,
        PermissionDenied,
        ValidationError,
        DatabaseError,
        OSError,
    ) as exc:
        message = _(exc.template) % exc.params if isinstance(exc, RepositoryTooLarge) else str(exc)
        if isinstance(exc, ValidationError | DatabaseError):
            message = _("A record could not be stored (%(reason)s). Nothing was changed.") % {
                "reason": "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            }
        RepositorySync.objects.filter(pk=sync.pk).update(
            state=SyncState.FAILED, error=message, finished_at=timezone.now()
        )
        raise SyncRefused(message) from exc
    RepositorySync.objects.filter(pk=sync.pk).update(finished_at=timezone.now(), **changes)
    return sync.get_absolute_url()


def _preview(sync: RepositorySync, folder: Path, progress: Progress) -> Changes:
    repository, product = sync.repository, sync.repository.product
    progress(0, 3, _("Fetching the repository"))
    commit = workcopy.fetch(folder, repository.address, repository.branch)
    progress(1, 3, _("Reading the files"))
    scan = scan_product_folder(folder, product)
    progress(2, 3, _("Comparing with Programkontor"))
    result = import_scan(scan, product, actor=sync.started_by, dry_run=True)
    progress(3, 3, "")
    return {"state": SyncState.READY, "commit": commit, "result": plan_of(result, folder)}


def _apply(sync: RepositorySync, folder: Path, progress: Progress) -> Changes:
    repository, product = sync.repository, sync.repository.product
    actor = sync.job.owner if sync.job else None
    progress(0, 3, _("Fetching the repository"))
    commit = workcopy.fetch(folder, repository.address, repository.branch)
    if commit != sync.commit:
        raise SyncRefused(
            _(
                "The repository has moved on since the preview (now at %(commit)s). Nothing was "
                "changed: fetch the changes again and look at the new preview."
            )
            % {"commit": commit[:10]}
        )
    progress(1, 3, _("Reading the files"))
    scan = scan_product_folder(folder, product)
    progress(2, 3, _("Applying the changes"))
    with transaction.atomic():
        result = import_scan(scan, product, actor=actor, source=f"{repository.address} {commit[:10]}")
        if _signature(plan_of(result, folder)) != _signature(sync.result):
            transaction.set_rollback(True)
            raise SyncRefused(
                _(
                    "Programkontor's records changed since the preview. Nothing was changed: fetch the "
                    "changes again and look at the new preview."
                )
            )
    progress(3, 3, "")
    return {"state": SyncState.APPLIED, "applied_by": actor, "applied_at": timezone.now()}


def _export(sync: RepositorySync, folder: Path, progress: Progress) -> Changes:
    repository, product = sync.repository, sync.repository.product
    progress(0, 3, _("Fetching the repository"))
    commit = workcopy.fetch(folder, repository.address, repository.branch)
    progress(1, 3, _("Writing the records"))
    written = export_product(product, folder, internal=repository.write_internal, only_changed=True)
    progress(2, 3, _("Comparing with the repository"))
    diff = workcopy.diff(folder, written.paths)
    progress(3, 3, "")
    result = {
        "decisions": written.decisions,
        "meetings": written.meetings,
        "conflicts": written.conflicts,
        "internal": repository.write_internal,
        "working_copy": str(folder),
    }
    return {"state": SyncState.READY, "commit": commit, "result": result, "diff": diff}


def _push(sync: RepositorySync, folder: Path, progress: Progress) -> Changes:
    repository = sync.repository
    actor = sync.job.owner if sync.job else None
    if not workcopy.is_repository(folder) or workcopy.head(folder) != sync.commit:
        raise SyncRefused(_("The working copy has changed since the export. Write to the repository again."))
    if workcopy.diff(folder, []) != sync.diff:
        raise SyncRefused(_("The working copy has changed since the export. Write to the repository again."))
    progress(0, 1, _("Pushing"))
    name = actor.get_full_name() or actor.get_username() if actor else "Programkontor"
    email = (actor.email if actor else "") or "programkontor@localhost"
    pushed = workcopy.commit_and_push(
        folder,
        address=repository.address,
        branch=repository.branch,
        variable=repository.token_variable,
        message=_("Governance records from Programkontor (%(product)s)") % {"product": repository.product},
        author=name,
        email=email,
    )
    progress(1, 1, "")
    return {
        "state": SyncState.PUSHED,
        "pushed_commit": pushed,
        "applied_by": actor,
        "applied_at": timezone.now(),
    }


@register_job(PREVIEW_JOB)
def preview_job(job: Job, progress: Progress) -> str:
    return _run(job, progress, _preview)


@register_job(APPLY_JOB)
def apply_job(job: Job, progress: Progress) -> str:
    return _run(job, progress, _apply)


@register_job(EXPORT_JOB)
def export_job(job: Job, progress: Progress) -> str:
    return _run(job, progress, _export)


@register_job(PUSH_JOB)
def push_job(job: Job, progress: Progress) -> str:
    return _run(job, progress, _push)
