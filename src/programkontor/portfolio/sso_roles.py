"""A login through an identity provider, mapped onto the portfolio (the login hook of
``accounts.sso.claims``, registered in ``apps.py``).

At every login the claims update the user's person (names, e-mail, the provider's organisation), and
the secretariat's :class:`~programkontor.portfolio.models.LoginRoleRule` rules decide the roles: each
rule whose provider and group match gives its role, membership or the secretariat flag; what an
earlier login gave and no rule gives any more is ended. Roles given by hand are never touched. All
writes go through the core services as the system (no actor), so the history shows them.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from programkontor.accounts.models import ExternalIdentity, User
from programkontor.accounts.sso.claims import Claims
from programkontor.core import gate, services
from programkontor.core.access import access_for, active_on
from programkontor.portfolio.models import (
    LoginGrant,
    LoginRoleGrantRecord,
    LoginRoleRule,
    Membership,
    Organisation,
    Person,
    RoleAssignment,
)

log = logging.getLogger(__name__)

#: What a grant is, to compare what the rules give with what earlier logins gave.
GrantKey = tuple[Any, ...]


def matching_rules(claims: Claims) -> list[LoginRoleRule]:
    groups = {group.casefold() for group in claims.groups}
    if not groups:
        return []
    rules = LoginRoleRule.objects.filter(Q(provider="") | Q(provider=claims.provider), is_active=True)
    return [rule for rule in rules if rule.group.casefold() in groups]


def _key_of_rule(rule: LoginRoleRule) -> GrantKey:
    if rule.grants == LoginGrant.SECRETARIAT:
        return ("secretariat",)
    if rule.grants == LoginGrant.MEMBERSHIP:
        return ("membership", rule.body_id, rule.membership_role)
    return ("role", rule.grants, rule.program_id, rule.product_id, rule.organisation_id)


def _key_of_record(record: LoginRoleGrantRecord) -> GrantKey:
    if record.grants == LoginGrant.SECRETARIAT:
        return ("secretariat",)
    if record.membership is not None:
        m = record.membership
        return ("membership", m.body_id, m.role)
    a = record.role_assignment
    assert a is not None
    return ("role", a.role, a.program_id, a.product_id, a.organisation_id)


def _organisation(reference: str) -> Organisation | None:
    if not reference:
        return None
    field = "municipality_code" if reference.isdigit() else "slug"
    organisation = Organisation.objects.filter(**{field: reference}).first()
    if organisation is None:
        log.warning("The organisation %r of an identity provider does not exist", reference)
    return organisation


def _person_for(user: User, claims: Claims) -> Person:
    """The user's person, created at the first login; names, e-mail and organisation follow the claims."""
    organisation = _organisation(claims.organisation)
    wanted: dict[str, Any] = {
        "first_name": (claims.given_name or claims.email.split("@")[0] or user.username)[:100],
        "last_name": (claims.family_name or "-")[:100],
        "email": claims.email[:254],
    }
    if organisation is not None:
        wanted["organisation"] = organisation
    person = Person.objects.filter(user=user).first()
    taken = Person.objects.filter(email__iexact=claims.email)
    if person is not None:
        taken = taken.exclude(pk=person.pk)
    if claims.email and taken.exists():
        # Never take over another person by e-mail; the secretariat can link them by hand.
        log.warning("The e-mail of login %s belongs to another person; not copied", user.username)
        wanted.pop("email")
    if person is None:
        return services.create(Person, actor=None, fields={**wanted, "user": user}, reason="login")
    changes = {name: value for name, value in wanted.items() if getattr(person, name) != value}
    if changes:
        person = services.update(
            person, actor=None, expected_version=person.version, changes=changes, reason="login"
        )
    return person


def _give(person: Person, rule: LoginRoleRule, today: datetime.date) -> None:
    if rule.grants == LoginGrant.SECRETARIAT:
        LoginRoleGrantRecord.objects.create(person=person, rule=rule, grants=rule.grants)
        return
    if rule.grants == LoginGrant.MEMBERSHIP:
        membership = services.create(
            Membership,
            actor=None,
            fields={
                "person": person,
                "body_id": rule.body_id,
                "role": rule.membership_role,
                "start_date": today,
            },
            reason="login",
        )
        LoginRoleGrantRecord.objects.create(
            person=person, rule=rule, grants=rule.grants, membership=membership
        )
        return
    assignment = services.create(
        RoleAssignment,
        actor=None,
        fields={
            "person": person,
            "role": rule.grants,
            "program_id": rule.program_id,
            "product_id": rule.product_id,
            "organisation_id": rule.organisation_id,
            "start_date": today,
        },
        reason="login",
    )
    LoginRoleGrantRecord.objects.create(
        person=person, rule=rule, grants=rule.grants, role_assignment=assignment
    )


def _end(record: LoginRoleGrantRecord, today: datetime.date) -> None:
    """End what a record gave: from yesterday on (deleted when it began today, to keep dates valid)."""
    target = record.role_assignment or record.membership
    if target is not None:
        if target.start_date is not None and target.start_date >= today:
            services.delete(target, actor=None, reason="login")
        else:
            services.update(
                target,
                actor=None,
                expected_version=target.version,
                changes={"end_date": today - datetime.timedelta(days=1)},
                reason="login",
            )
    record.delete()


def _active(record: LoginRoleGrantRecord, today: datetime.date) -> bool:
    target = record.role_assignment or record.membership
    if target is None:
        return record.grants == LoginGrant.SECRETARIAT
    return (target.start_date is None or target.start_date <= today) and (
        target.end_date is None or target.end_date >= today
    )


def apply_login(user: User, claims: Claims) -> None:
    """The login hook: person from the claims, roles from the rules (inside the login's transaction)."""
    today = timezone.localdate()
    person = _person_for(user, claims)
    rules = {_key_of_rule(rule): rule for rule in matching_rules(claims)}
    records = list(
        LoginRoleGrantRecord.objects.filter(person=person).select_related("role_assignment", "membership")
    )
    kept: set[GrantKey] = set()
    for record in records:
        key = _key_of_record(record)
        if key in rules and key not in kept and _active(record, today):
            kept.add(key)
        else:
            _end(record, today)
    secretariat = ("secretariat",)
    for key, rule in rules.items():
        if key in kept or (key == secretariat and user.is_secretariat):
            continue  # given before, or the flag was set by hand (then it stays the secretariat's to take)
        _give(person, rule, today)
        if key == secretariat:
            user.is_secretariat = True
            user.save(update_fields=["is_secretariat", "session_epoch"])
    given_before = any(_key_of_record(record) == secretariat for record in records)
    if given_before and secretariat not in rules:
        user.is_secretariat = False
        user.save(update_fields=["is_secretariat", "session_epoch"])


def person_panel(request: HttpRequest, person: Person) -> dict[str, Any] | None:
    """The person's logins and the roles they gave, for readers of the person's internal data."""
    if person.user_id is None or not gate.allows(request.user, "view_internal", person):
        return None
    identities = list(ExternalIdentity.objects.filter(user_id=person.user_id).order_by("provider"))
    if not identities:
        return None
    today = timezone.localdate()
    records = (
        LoginRoleGrantRecord.objects.filter(person=person)
        .select_related(
            "rule",
            "role_assignment__program",
            "role_assignment__product",
            "membership__body",
        )
        .filter(
            Q(role_assignment__isnull=True, membership__isnull=True)
            | Q(active_on(today, "role_assignment__"), role_assignment__isnull=False)
            | Q(active_on(today, "membership__"), membership__isnull=False)
        )
    )
    return {
        "identities": identities,
        "records": list(records),
        "secretariat_reader": access_for(request.user).is_secretariat,
    }
