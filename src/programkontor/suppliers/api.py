"""The suppliers app's API: contracts through the gate, filtered like the contract list."""

from __future__ import annotations

from programkontor.core.api import endpoint
from programkontor.suppliers.filters import ContractFilter
from programkontor.suppliers.serializers import ContractSerializer

ContractViewSet = endpoint(
    ContractSerializer, ContractFilter, select_related=("supplier", "product", "program"), hard_delete=False
)

ROUTES = [("contracts", ContractViewSet, "contract")]
