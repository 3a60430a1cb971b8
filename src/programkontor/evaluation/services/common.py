"""What the evaluation services share: the import error, the actor's name, checksums."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from programkontor.evaluation.formats.common import FormatError, Unresolved, cell_problem

if TYPE_CHECKING:
    from programkontor.core.actors import Actor

SHIPPED_CATALOGUE = "os2-styringsmodel-1.1.0.json"
#: The previous generation of OS2's governance model, shipped as an older version.
PREVIOUS_CATALOGUE = "os2-styringsmodel-1.0.json"


class ImportFailed(Exception):
    """A file could not be imported; ``messages`` says why (translated). Nothing was saved.

    ``reason`` says what kind of refusal it is: ``"invalid"`` (the file is not what it should be),
    ``"conflict"`` (the file is fine, but the product's state refuses it: it has a draft already) or
    ``"unresolved"`` (strict: cells that name no answer, level or date; ``cells`` lists them)."""

    def __init__(
        self, messages: list[str], *, reason: str = "invalid", cells: list[Unresolved] | None = None
    ) -> None:
        self.messages = messages
        self.reason = reason
        self.cells = cells or []
        super().__init__("\n".join(messages))


def _format_failed(error: FormatError) -> ImportFailed:
    return ImportFailed(error.messages(_))


def cell_message(cell: Unresolved) -> str:
    """What a cell a person must map says, translated, with its line."""
    return cell_problem(cell).text(_)


def refuse_unresolved(cells: list[Unresolved]) -> ImportFailed:
    """The refusal of a strict import of a file with cells to map."""
    return ImportFailed([cell_message(cell) for cell in cells], reason="unresolved", cells=cells)


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _name_of(actor: Actor) -> str:
    user = _user(actor)
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _bump(rows: list[Any]) -> None:
    for row in rows:
        row.version += 1
