"""Reads of the privacy pages: what holds a person back from erasure, and contacts long inactive."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from programkontor.portfolio.models import Membership, Person, RoleAssignment


def _open(day: datetime.date) -> Q:
    """Not ended by ``day``: running now or starting later."""
    return Q(end_date__isnull=True) | Q(end_date__gte=day)


def open_roles(person: Person, today: datetime.date) -> list[str]:
    """What the person still holds: roles, memberships and the secretariat flag, each as a line."""
    held = [
        _("%(role)s of %(target)s") % {"role": role.get_role_display(), "target": role.target}
        for role in RoleAssignment.objects.filter(_open(today), person=person).select_related(
            "program", "product"
        )
    ]
    held += [
        _("%(role)s of %(body)s") % {"role": membership.get_role_display(), "body": membership.body}
        for membership in Membership.objects.filter(_open(today), person=person).select_related("body")
    ]
    if person.user is not None and person.user.is_secretariat:
        held.append(
            _("the secretariat (user account %(username)s)") % {"username": person.user.get_username()}
        )
    return held


def inactive_months() -> int:
    return int(settings.PRIVACY_INACTIVE_MONTHS)


def inactive_since(today: datetime.date, months: int) -> datetime.date:
    return today - relativedelta(months=months)


def inactive_people(cutoff: datetime.date) -> QuerySet[Person]:
    """People with no role, membership, meeting, login or change of their data since ``cutoff``.

    Not yet erased (an anonymised person is inactive for good) and with their last change as
    ``last_change`` (one query, whatever the number of people)."""
    start = datetime.datetime.combine(cutoff, datetime.time.min, tzinfo=datetime.UTC)
    recent_role = RoleAssignment.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=cutoff), person=OuterRef("pk")
    )
    recent_membership = Membership.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=cutoff), person=OuterRef("pk")
    )
    recent_change = Person.history.filter(id=OuterRef("pk"), history_date__gte=start)
    erased = Person.history.filter(id=OuterRef("pk"), history_change_reason=ERASED_REASON)
    return (
        Person.objects.filter(created_at__lt=start)
        .exclude(Exists(recent_role))
        .exclude(Exists(recent_membership))
        .exclude(Exists(recent_change))
        .exclude(Exists(erased))
        .exclude(attendances__meeting__starts_at__gte=start)
        .exclude(user__last_login__gte=start)
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
    )


#: The change reason of the history row erasure writes (stored, so not translated).
ERASED_REASON = "Personoplysninger slettet efter anmodning"
