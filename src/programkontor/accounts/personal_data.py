"""Where accounts keep personal data: the user, its tokens and logins, and django-axes' login records."""

from __future__ import annotations

from django.db.models import Q

from programkontor.core import personal_data as pd


def _by_username(person: pd.PersonRef) -> Q:
    return Q(username__in=person.usernames)


def register() -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from programkontor.accounts.models import ApiToken, CalendarToken, ExternalIdentity, User

    pd.register_personal_data(
        User,
        select=pd.linked("person__pk"),
        fields=("username", "first_name", "last_name", "email", "last_login", "date_joined", "is_active"),
        erase={
            "username": pd.anonymous_username,
            "first_name": pd.anonymous_first_name,
            "last_name": pd.anonymous_last_name,
            "email": pd.blank,
            "is_active": pd.false,
        },
    )
    pd.register_personal_data(
        ApiToken,
        select=pd.linked("user__person__pk"),
        fields=("name", "created_at", "last_used_at"),
        delete=True,
    )
    pd.register_personal_data(
        CalendarToken,
        select=pd.linked("user__person__pk"),
        fields=("created_at", "last_used_at"),
        delete=True,
    )
    pd.register_personal_data(
        ExternalIdentity,
        select=pd.linked("user__person__pk"),
        fields=("provider", "issuer", "subject", "created_at", "last_login_at", "last_claims"),
        delete=True,
    )
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        fields = tuple(
            name
            for name in ("username", "ip_address", "user_agent", "attempt_time", "logout_time", "locked_out")
            if any(f.name == name for f in model._meta.get_fields())
        )
        pd.register_personal_data(model, select=_by_username, fields=fields, delete=True)
