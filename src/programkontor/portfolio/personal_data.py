"""Where the portfolio keeps personal data: the person itself (``core/personal_data.py``)."""

from __future__ import annotations

from programkontor.core import personal_data as pd


def register() -> None:
    from programkontor.portfolio.models import Person

    pd.register_personal_data(
        Person,
        select=pd.linked("pk"),
        history_select=pd.linked("id"),
        fields=(
            "first_name",
            "last_name",
            "title",
            "email",
            "phone",
            "notes",
            "is_public",
            "organisation_id",
        ),
        erase={
            "first_name": pd.anonymous_first_name,
            "last_name": pd.anonymous_last_name,
            "title": pd.blank,
            "email": pd.blank,
            "phone": pd.blank,
            "notes": pd.blank,
            "is_public": pd.false,
        },
    )
