"""What the search finds in governance (registered from ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from programkontor.core.registry import register_searchable
from programkontor.governance.models import (
    AgendaAttachment,
    AgendaItem,
    CycleEvent,
    Decision,
    Mandate,
    Meeting,
)


def register() -> None:
    register_searchable(
        Decision,
        label=_("Decisions"),
        fields=(
            "context",
            "decision",
            "consequences",
            "implementation",
            "risks",
            "other_sections",
            "reference_label",
            "notes",
        ),
        order=60,
    )
    register_searchable(
        Meeting,
        label=_("Meetings and minutes"),
        fields=("location", "chair_name", "minute_taker_name", "minutes_summary", "notes"),
        select_related=("body", "chair", "minute_taker"),
        order=70,
    )
    register_searchable(
        AgendaItem,
        label=_("Agenda items"),
        fields=("description", "owner_name", "minutes"),
        select_related=("meeting__body", "owner"),
        order=75,
    )
    register_searchable(
        AgendaAttachment,
        label=_("Documents"),
        fields=("url",),
        select_related=("item__meeting",),
        order=78,
    )
    register_searchable(
        Mandate, label=_("Mandates"), fields=("grantor_description", "description", "notes"), order=80
    )
    register_searchable(CycleEvent, label=_("Annual cycle"), fields=("description", "location"), order=85)
