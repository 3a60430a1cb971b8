"""Who sees a background job: the person who started it, and the secretariat. Nobody changes one."""

from __future__ import annotations

from django.db.models import Q

from programkontor.core import gate
from programkontor.core.access import Access
from programkontor.core.models import Job


@gate.register(Job)
def job_q(access: Access, action: str) -> Q:
    if action == "change" or not access.is_authenticated:
        return gate.NOTHING
    if access.is_secretariat:
        return gate.EVERYTHING
    return Q(owner_id=access.user_id)
