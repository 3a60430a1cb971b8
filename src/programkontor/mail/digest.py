"""The digest of *Til mig* by e-mail: what waits for each user (``core.registry.waiting_for``, which
gives only what the user may open), every morning or every Monday morning as the user chose; weekly
for anyone who chose nothing. One message per user and period (the outbox key), and none when
nothing waits."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils import translation

from programkontor.core.for_me import Group, groups_for
from programkontor.core.registry import waiting_for
from programkontor.mail import services
from programkontor.mail.compose import absolute, address_of, compose
from programkontor.mail.models import DigestFrequency

OFF_SALT = "programkontor.mail.digest-off"


def off_token(user_id: int) -> str:
    """The token of the link in every digest that turns the digest off without logging in."""
    return signing.dumps(user_id, salt=OFF_SALT)


def user_for_off_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=OFF_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def period(frequency: str, today: datetime.date) -> str | None:
    """The period a digest covers (its part of the outbox key), or None when none is due today:
    daily every day, weekly on Mondays."""
    if frequency == DigestFrequency.DAILY:
        return f"day-{today.isoformat()}"
    if frequency == DigestFrequency.WEEKLY and today.weekday() == 0:
        year, week, _day = today.isocalendar()
        return f"week-{year}-{week:02d}"
    return None


@dataclass(frozen=True)
class Outcome:
    queued: int
    empty: int
    already: int


def _rest(group: Group) -> dict[str, object]:
    """How many of the group's items the mail leaves out, and the address of the next ones (the
    kind's own page, from the first item not in the mail)."""
    shown = len(group.rows)  # the first PER_CATEGORY, as on Til mig
    url = reverse("core:for_me_kind", args=[group.key])
    return {"more": group.total - shown, "more_url": absolute(f"{url}?fra={shown}")}


def send_digests(*, today: datetime.date) -> Outcome:
    """Queue today's digests of every active user whose choice makes one due."""
    users = list(get_user_model().objects.filter(is_active=True).select_related("person").order_by("pk"))
    chosen = services.frequencies(users)
    queued = empty = already = 0
    for user in users:
        key_period = period(chosen.get(user.pk, DigestFrequency.WEEKLY), today)
        to = address_of(user)
        if key_period is None or not to:
            continue
        with translation.override(settings.LANGUAGE_CODE):  # the items' words are made here
            groups = waiting_for(user, today)
            rows = groups_for(groups, today)
        if not groups:
            empty += 1
            continue
        mail = compose(
            "mail/email/digest",
            {
                "user": user,
                "groups": [
                    {
                        "label": group.label,
                        "total": group.total,
                        "rows": [
                            {
                                "title": row.item.title,
                                "url": absolute(row.item.url),
                                "context": row.item.context,
                                "reason": row.reason,
                                "overdue": row.item.overdue,
                                "action": row.item.action,
                            }
                            for row in group.rows
                        ],
                        **_rest(group),
                    }
                    for group in rows
                ],
                "total": sum(group.total for group in groups),
                "daily": chosen.get(user.pk) == DigestFrequency.DAILY,
                "for_me_url": absolute(reverse("core:for_me")),
                "settings_url": absolute(reverse("mail:digest")),
                "off_url": absolute(reverse("mail:digest_off", kwargs={"token": off_token(user.pk)})),
            },
        )
        message = services.queue(
            kind="digest", key=f"digest:{user.pk}:{key_period}", to=to, mail=mail, user=user
        )
        if message is None:
            already += 1
        else:
            queued += 1
    return Outcome(queued, empty, already)
