"""The suppliers app's public module: all that the apps above it (economy, planning) may use.

``make lint`` (import-linter) refuses any other import of the suppliers app from those apps:

* :class:`Contract` — invoices received and work items point foreign keys at it, and the economy's and
  planning's panels on a contract's page and on a supplier's organisation page read it through the gate;
* :class:`Currency` — spending (always kroner) is compared with a contract's value only in DKK;
* :func:`visible_contracts` — the contracts a user may see, with supplier, product and program.
"""

from __future__ import annotations

from programkontor.suppliers.models import Contract, Currency
from programkontor.suppliers.selectors import visible_contracts

__all__ = ["Contract", "Currency", "visible_contracts"]
