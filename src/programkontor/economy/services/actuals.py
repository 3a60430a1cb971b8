"""Importing actuals: check a whole file against the chart and the ledger, then save all of it or nothing.

The web page first *stages* a file (``stage_import``: checked, shown as a preview, nothing in the
ledger yet) and saves it when the user confirms (``confirm_import``: checked again, since the ledger
may have changed meanwhile). The command line imports in one step (``import_file``). Either way every
row is checked before anything is written, a file with any bad row saves nothing, and the postings
are written with their history in one transaction.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programkontor.core import bulk, services, uploads
from programkontor.core.services import ConflictError
from programkontor.economy import actuals_import
from programkontor.economy.actuals_import import Posting, RowError
from programkontor.economy.chart_of_accounts import ASSOCIATION_COST_ELEMENT
from programkontor.economy.models import Account, Actual, ActualImport, ImportStatus
from programkontor.economy.rules import may_change_economy_of
from programkontor.portfolio.models import Product

if TYPE_CHECKING:
    from programkontor.core.actors import Actor

PREVIEW_ROWS = 20
PREVIEW_DUPLICATES = 100
BATCH_SIZE = 2_000
ACTUAL_FIELDS = ("product_id", "account_id", "date", "amount", "text", "document_number", "imported_from_id")


@dataclass
class FileCheck:
    """What a file would add to the ledger, or why it cannot."""

    rows_read: int = 0
    postings: list[Posting] = field(default_factory=list)
    duplicates: list[Posting] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    accounts: dict[str, Account] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return sum(p.amount for p in self.postings)

    def summary(self) -> dict[str, Any]:
        """The preview, as JSON: totals per account, the first rows, the duplicates left out."""
        per_account: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for posting in self.postings:
            per_account[posting.account][0] += 1
            per_account[posting.account][1] += posting.amount
        dates = [p.date for p in self.postings]
        return {
            "rows_read": self.rows_read,
            "postings": len(self.postings),
            "total": self.total,
            "date_from": min(dates).isoformat() if dates else None,
            "date_to": max(dates).isoformat() if dates else None,
            "accounts": [
                {
                    "number": number,
                    "name": self.accounts[number].name if number in self.accounts else "",
                    "count": count,
                    "total": total,
                }
                for number, (count, total) in sorted(per_account.items())
            ],
            "first_rows": [_posting_json(p) for p in self.postings[:PREVIEW_ROWS]],
            "duplicates": [_posting_json(p) for p in self.duplicates[:PREVIEW_DUPLICATES]],
            "duplicate_count": len(self.duplicates),
        }


def _posting_json(posting: Posting) -> dict[str, Any]:
    return {
        "row": posting.row,
        "date": posting.date.isoformat(),
        "account": posting.account,
        "amount": posting.amount,
        "text": posting.text,
        "document_number": posting.document_number,
    }


class ImportFailed(Exception):
    """The file has bad rows; nothing was saved. ``check.errors`` lists them by row."""

    def __init__(self, check: FileCheck) -> None:
        self.check = check
        super().__init__(f"{len(check.errors)} errors")


def check_file(
    *, product: Product | None, data: bytes, filename: str = "", skip_duplicates: bool = False
) -> FileCheck:
    """Read ``data`` and check every row against the owner's chart of accounts and ledger."""
    cost_element = product.cost_element if product is not None else ASSOCIATION_COST_ELEMENT
    parsed = actuals_import.parse(
        data, filename, cost_element, limits=uploads.limits("actuals"), xlsx_limits=uploads.xlsx_limits()
    )
    check = FileCheck(rows_read=parsed.rows_read, errors=list(parsed.errors))
    check.accounts = {account.number: account for account in Account.objects.filter(product=product)}
    existing = set(
        Actual.objects.filter(product=product)
        .exclude(document_number="")
        .values_list("document_number", flat=True)
    )
    unusable: set[int] = set()
    for row, number in parsed.accounts:
        account = check.accounts.get(number)
        if account is None:
            check.errors.append(RowError(row, "account", "unknown_account", number))
            unusable.add(row)
        elif account.is_archived:
            check.errors.append(RowError(row, "account", "archived_account", number))
            unusable.add(row)
    for posting in parsed.postings:
        if posting.row in unusable:
            continue
        if posting.document_number in existing:
            if skip_duplicates:
                check.duplicates.append(posting)
            else:
                check.errors.append(
                    RowError(posting.row, "document_number", "already_imported", posting.document_number)
                )
        else:
            check.postings.append(posting)
    check.errors.sort(key=_error_order)
    return check


def _error_order(error: RowError) -> tuple[int, int]:
    fields = actuals_import.FIELDS
    return error.row, fields.index(error.field) if error.field in fields else -1


def _require(actor: Actor, product: Product | None) -> None:
    if not may_change_economy_of(actor, product):
        raise PermissionDenied


def _save(actor: Actor, product: Product | None, check: FileCheck, staged: ActualImport) -> int:
    """Write the checked postings, streamed (``COPY`` on PostgreSQL, batches elsewhere), then their
    history rows in one statement: memory flat in the number of rows (``core/bulk.py``)."""
    rows = (
        (
            product.pk if product else None,
            check.accounts[posting.account].pk,
            posting.date,
            posting.amount,
            posting.text,
            posting.document_number,
            staged.pk,
        )
        for posting in check.postings
    )
    user = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            saved = bulk.insert_rows(Actual, ACTUAL_FIELDS, rows, batch_size=BATCH_SIZE)
            bulk.record_created(
                Actual.objects.filter(imported_from=staged), user=user, reason=f"import: {staged.filename}"
            )
    except IntegrityError as exc:
        # Someone saved the same document number between the check and now.
        check.errors.append(RowError(0, "document_number", "already_imported"))
        raise ImportFailed(check) from exc
    return saved


def _staged_fields(
    actor: Actor, product: Product | None, data: bytes, filename: str, skip_duplicates: bool, check: FileCheck
) -> dict[str, Any]:
    return {
        "product": product,
        "filename": filename[:255] or "upload",
        "content": data,
        "sha256": hashlib.sha256(data).hexdigest(),
        "skip_duplicates": skip_duplicates,
        "uploaded_by": actor if getattr(actor, "is_authenticated", False) else None,
        "rows_read": check.rows_read,
        "duplicates_skipped": len(check.duplicates),
        "preview": check.summary(),
    }


@transaction.atomic
def stage_import(
    *, actor: Actor, product: Product | None, data: bytes, filename: str, skip_duplicates: bool = False
) -> ActualImport:
    """Check a file and keep it for the user to confirm; a bad file raises ImportFailed (nothing kept)."""
    _require(actor, product)
    check = check_file(product=product, data=data, filename=filename, skip_duplicates=skip_duplicates)
    if not check.ok:
        raise ImportFailed(check)
    return services.create(
        ActualImport,
        actor=actor,
        fields=_staged_fields(actor, product, data, filename, skip_duplicates, check),
    )


@transaction.atomic
def confirm_import(*, actor: Actor, staged: ActualImport, expected_version: int) -> ActualImport:
    """Save a staged file's postings (checked again first); all of them or, on any error, none."""
    locked = ActualImport.objects.select_for_update(of=("self",)).select_related("product").get(pk=staged.pk)
    if locked.version != expected_version:
        raise ConflictError(locked)
    _require(actor, locked.product)
    if locked.status != ImportStatus.PREVIEWED:
        raise ValidationError(_("This file has already been imported."))
    check = check_file(
        product=locked.product,
        data=bytes(locked.content),
        filename=locked.filename,
        skip_duplicates=locked.skip_duplicates,
    )
    if not check.ok:
        raise ImportFailed(check)
    saved = _save(actor, locked.product, check, locked)
    return services.update(
        locked,
        actor=actor,
        expected_version=expected_version,
        changes={
            "status": ImportStatus.IMPORTED,
            "rows_imported": saved,
            "duplicates_skipped": len(check.duplicates),
            "imported_at": timezone.now(),
            "preview": check.summary(),
        },
        reason="imported",
    )


@transaction.atomic
def import_file(
    *,
    actor: Actor,
    product: Product | None,
    data: bytes,
    filename: str,
    skip_duplicates: bool = False,
    dry_run: bool = False,
) -> tuple[ActualImport | None, FileCheck]:
    """Check and save a file in one step (the command line); ``dry_run`` only checks."""
    check = check_file(product=product, data=data, filename=filename, skip_duplicates=skip_duplicates)
    if not check.ok:
        raise ImportFailed(check)
    if dry_run:
        return None, check
    staged = services.create(
        ActualImport,
        actor=actor,
        fields=_staged_fields(actor, product, data, filename, skip_duplicates, check),
    )
    saved = _save(actor, product, check, staged)
    staged = services.update(
        staged,
        actor=actor,
        expected_version=staged.version,
        changes={"status": ImportStatus.IMPORTED, "rows_imported": saved, "imported_at": timezone.now()},
        reason="imported",
    )
    return staged, check


@transaction.atomic
def discard_import(*, actor: Actor, staged: ActualImport, expected_version: int) -> None:
    locked = ActualImport.objects.select_for_update().get(pk=staged.pk)
    _require(actor, locked.product)
    if locked.status != ImportStatus.PREVIEWED:
        raise ValidationError(_("An imported file stays as the record of the import."))
    services.delete(locked, actor=actor, expected_version=expected_version)
