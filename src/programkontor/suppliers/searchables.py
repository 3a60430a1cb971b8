"""What the search finds in the suppliers app."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from programkontor.core.registry import register_searchable
from programkontor.suppliers.models import Contract


def register() -> None:
    register_searchable(
        Contract,
        label=_("Supplier contracts"),
        fields=("title", "reference", "sla", "notes"),
        select_related=("supplier",),
        order=160,
    )
