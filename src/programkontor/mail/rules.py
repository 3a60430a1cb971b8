"""Who sees the outbox: the secretariat, nobody else. Nobody changes a message but by sending it again."""

from __future__ import annotations

from django.db.models import Q

from programkontor.core import gate
from programkontor.core.access import Access
from programkontor.mail.models import OutboxMessage


@gate.register(OutboxMessage)
def outbox_q(access: Access, action: str) -> Q:
    return gate.EVERYTHING if access.is_secretariat else gate.NOTHING
