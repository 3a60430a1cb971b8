"""What the evaluation services share: the import error, the actor's name, checksums."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from programkontor.evaluation.formats.common import FormatError

if TYPE_CHECKING:
    from programkontor.core.actors import Actor

SHIPPED_CATALOGUE = "os2-styringsmodel-1.1.0.json"


class ImportFailed(Exception):
    """A file could not be imported; ``messages`` says why (translated). Nothing was saved."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


def _format_failed(error: FormatError) -> ImportFailed:
    return ImportFailed(error.messages(_))


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
