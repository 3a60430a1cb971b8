"""Rows for personal data: every page is the secretariat's (a person's basis, export and erasure,
the inactive contacts, the processing activities)."""

from __future__ import annotations

from typing import Any

from tests.security.matrix import SECRETARIAT_ONLY, Row


def _mallory(w: Any) -> dict[str, Any]:
    return {"pk": w["mallory"].person.pk}


# Erasing mallory: the secretariat confirms nothing, so the form comes back (400 is not in the table:
# a GET of the confirmation page is the row; the POST is tested in tests/privacy).
WEB: dict[str, Row] = {
    "privacy:basis": Row(_mallory, SECRETARIAT_ONLY),
    "privacy:export": Row(_mallory, SECRETARIAT_ONLY),
    "privacy:erase": Row(_mallory, SECRETARIAT_ONLY),
    "privacy:inactive": Row(outcomes=SECRETARIAT_ONLY),
    "privacy:activities": Row(outcomes=SECRETARIAT_ONLY),
}

API: dict[tuple[str, str], Row] = {}
