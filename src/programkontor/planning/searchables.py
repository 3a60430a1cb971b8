"""What the search finds in planning (registered from ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from programkontor.core.registry import register_searchable
from programkontor.planning.models import Goal, Milestone, Risk, RoadmapItem, Timebox, Vision, WorkItem


def register() -> None:
    register_searchable(WorkItem, label=_("Work items"), fields=("description", "notes"), order=100)
    register_searchable(Risk, label=_("Risks"), fields=("description", "mitigation"), order=110)
    register_searchable(Milestone, label=_("Milestones"), fields=("description", "notes"), order=120)
    register_searchable(RoadmapItem, label=_("Roadmap"), fields=("description", "notes"), order=130)
    register_searchable(Goal, label=_("Goals"), fields=("description", "notes"), order=140)
    register_searchable(Vision, label=_("Visions"), fields=("statement", "description", "notes"), order=145)
    register_searchable(Timebox, label=_("Timeboxes"), fields=("description", "notes"), order=150)
