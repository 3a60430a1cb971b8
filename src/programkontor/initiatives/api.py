"""The initiatives app's API: initiatives (with their computed business case), lines and requirements,
all through the gate."""

from __future__ import annotations

from programkontor.core.api import endpoint
from programkontor.initiatives.filters import CaseLineFilter, InitiativeFilter, RequirementFilter
from programkontor.initiatives.serializers import (
    CaseLineSerializer,
    InitiativeSerializer,
    RequirementSerializer,
)

InitiativeViewSet = endpoint(
    InitiativeSerializer, InitiativeFilter, select_related=("product", "program", "owner"), hard_delete=False
)
CaseLineViewSet = endpoint(CaseLineSerializer, CaseLineFilter, select_related=("initiative",))
RequirementViewSet = endpoint(RequirementSerializer, RequirementFilter, select_related=("initiative",))

ROUTES = [
    ("initiatives", InitiativeViewSet, "initiative"),
    ("initiative-lines", CaseLineViewSet, "caseline"),
    ("requirements", RequirementViewSet, "requirement"),
]
