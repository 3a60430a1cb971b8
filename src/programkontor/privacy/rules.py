"""Who sees and changes the lawful bases: the secretariat, nobody else."""

from __future__ import annotations

from django.db.models import Q

from programkontor.core import gate
from programkontor.core.access import Access
from programkontor.privacy.models import Erasure, PersonalDataBasis


@gate.register(PersonalDataBasis)
@gate.register(Erasure)
def secretariat_q(access: Access, action: str) -> Q:
    return gate.EVERYTHING if access.is_secretariat else gate.NOTHING
