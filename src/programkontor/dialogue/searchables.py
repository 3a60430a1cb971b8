"""What the search finds in the dialogue log (the summary is internal to the entry's readers)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from programkontor.core.registry import register_searchable
from programkontor.dialogue.models import Entry, FollowUp


def register() -> None:
    register_searchable(Entry, label=_("Dialogue log"), fields=("title", "summary"), order=170)
    register_searchable(
        FollowUp, label=_("Follow-ups"), fields=("text",), select_related=("entry",), order=171
    )
