"""A change of a person's roles or memberships ends the sessions of the person's user
(``accounts.sessions.end_sessions``): what they may do is computed anew at their next login."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from programkontor.accounts.sessions import end_sessions
from programkontor.portfolio.models import Membership, Person, RoleAssignment


def _roles_changed(sender: Any, instance: RoleAssignment | Membership, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    user_id = Person.objects.filter(pk=instance.person_id).values_list("user_id", flat=True).first()
    end_sessions([user_id])


def connect() -> None:
    for model in (RoleAssignment, Membership):
        post_save.connect(
            _roles_changed, sender=model, dispatch_uid=f"portfolio.sessions.save.{model.__name__}"
        )
        post_delete.connect(
            _roles_changed, sender=model, dispatch_uid=f"portfolio.sessions.delete.{model.__name__}"
        )
