"""Writes of governance with more logic than the core services: each is keyword-only and runs in one
transaction, with history naming the actor: decisions (``decisions``), meetings with their agendas,
attendance and minutes (``meetings``), meetings generated from the annual cycle (``cycle``), and the
service that finds the mandate an action rests on (``mandates``; other apps reach it through
``governance.interfaces``)::

    verdict = applicable_mandate(
        product=product, holder_role="product_coordinator", kind="invoice_approval",
        amount=Decimal("18000"), on=datetime.date.today(),
    )
    verdict.mandate      # the Mandate that applies, or None
    verdict.within       # True when the action is within it
    verdict.route_to     # the body to route the action to when it is not (the mandate's grantor,
                         # else the product's steering group)
    verdict.message      # a Danish sentence saying all of that
"""

from __future__ import annotations

from programkontor.governance.services.cycle import generate_meetings
from programkontor.governance.services.decisions import (
    MANDATE_KIND_OF_DECISION,
    check_decision,
    decision_makers_q,
    mandate_for_decision,
    may_decide,
    route_for_decision,
    save_decision,
)
from programkontor.governance.services.mandates import (
    MandateHolder,
    MandateVerdict,
    applicable_mandate,
    applicable_mandate_with_use,
    holder_verdict,
    require_mandate,
    role_holders,
)
from programkontor.governance.services.meetings import (
    TRANSITION_MESSAGES,
    RowsChangedMeanwhile,
    add_agenda_item,
    add_guest,
    approve_minutes_at,
    create_meeting,
    delete_meeting,
    meeting_facts,
    next_position,
    record_attendance,
    save_minutes,
    transition_meeting,
    update_meeting,
)

__all__ = [
    "MANDATE_KIND_OF_DECISION",
    "TRANSITION_MESSAGES",
    "MandateHolder",
    "MandateVerdict",
    "RowsChangedMeanwhile",
    "add_agenda_item",
    "add_guest",
    "applicable_mandate",
    "applicable_mandate_with_use",
    "approve_minutes_at",
    "check_decision",
    "create_meeting",
    "decision_makers_q",
    "delete_meeting",
    "generate_meetings",
    "holder_verdict",
    "mandate_for_decision",
    "may_decide",
    "meeting_facts",
    "next_position",
    "record_attendance",
    "require_mandate",
    "role_holders",
    "route_for_decision",
    "save_decision",
    "save_minutes",
    "transition_meeting",
    "update_meeting",
]
