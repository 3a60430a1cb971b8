"""Writes of the privacy app: a person's lawful basis, and erasure on request."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programkontor.accounts.models import User
from programkontor.accounts.sessions import end_sessions
from programkontor.core import search, services
from programkontor.core.personal_data import PersonRef
from programkontor.portfolio.models import Person
from programkontor.privacy.collect import collect, person_ref
from programkontor.privacy.models import Erasure, PersonalDataBasis
from programkontor.privacy.selectors import ERASED_REASON, open_roles

if TYPE_CHECKING:
    from programkontor.core.actors import Actor


class ErasureRefused(ValidationError):
    """The person may not be erased yet; ``held`` lists what they still hold."""

    def __init__(self, message: str, held: list[str]) -> None:
        super().__init__(message)
        self.held = held


def save_basis(
    *,
    actor: Actor,
    person: Person,
    lawful_basis: str,
    source: str,
    note: str = "",
    expected_version: int | None,
) -> PersonalDataBasis:
    fields = {"lawful_basis": lawful_basis, "source": source, "note": note}
    current = PersonalDataBasis.objects.filter(person=person).first()
    if current is None:
        return services.create(PersonalDataBasis, actor=actor, fields={"person": person, **fields})
    return services.update(
        current, actor=actor, expected_version=expected_version or current.version, changes=fields
    )


def _erase_rows(ref: PersonRef, person: Person) -> dict[str, int]:
    counts: dict[str, int] = {}
    for found in collect(person):
        manager = found.model._default_manager
        pks = [row[found.pk_name] for row in found.rows]
        if found.place.delete:
            manager.filter(pk__in=pks).delete()
            counts[found.key] = len(pks)
            continue
        changed: list[int] = []
        for row in found.rows:
            changes: dict[str, object] = {
                name: eraser(ref, row[name]) for name, eraser in found.place.erase.items() if name in row
            }
            if found.historical and ref.mentioned_in(row.get("history_change_reason")):
                changes["history_change_reason"] = ref.redact(row["history_change_reason"])
            changes = {name: value for name, value in changes.items() if value != row.get(name)}
            if changes:
                manager.filter(pk=row[found.pk_name]).update(**changes)
                changed.append(int(str(row[found.pk_name])))
        counts[found.key] = len(changed)
        if changed and not found.historical:
            search.index_objects(found.model, changed)
    return counts


@transaction.atomic
def erase_person(*, actor: Actor, person_id: int, today: datetime.date | None = None) -> Erasure:
    """Anonymise the person everywhere their data is registered, history included; one transaction.

    The rows they took part in keep pointing at them (decisions, minutes, approvals stay whole); only
    names, addresses and free text naming them change, tokens and login records go. Refused, with
    the reasons, while the person holds a role, a membership or the secretariat flag, or is the actor."""
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person_id)
    if actor is not None and getattr(actor, "pk", None) == person.user_id:
        raise ErasureRefused(_("You cannot erase yourself."), [])
    held = open_roles(person, today or timezone.localdate())
    if held:
        raise ErasureRefused(
            _("%(name)s still holds: %(held)s. End these first, then erase the personal data.")
            % {"name": person.full_name, "held": "; ".join(held)},
            held,
        )
    ref = person_ref(person)
    user_id = person.user_id
    counts = _erase_rows(ref, person)
    if user_id is not None:
        User.objects.filter(pk=user_id).update(password=make_password(None))
        end_sessions([user_id])
    person.refresh_from_db()
    services._attribute_history(person, actor, ERASED_REASON)
    person.save()
    return Erasure.objects.create(
        person_id=person.pk,
        erased_by=actor if isinstance(actor, User) else None,
        counts=counts,
    )
