"""Planning: work items and MoSCoW priorities, timeboxes and capacity, strategy and goals, the
roadmap and milestones, risks, and the personal weekly plan."""

from programkontor.planning.models.base import (
    PERSONAL_PRIORITIES,
    OnProductOrProgram,
    Priority,
    priority_order,
)
from programkontor.planning.models.personal import Absence, AbsenceKind, Responsibility, RolePlan, WeekTask
from programkontor.planning.models.risks import LIVE_STATUSES, Risk, RiskStatus
from programkontor.planning.models.roadmap import (
    Milestone,
    MilestoneStatus,
    RoadmapDependency,
    RoadmapItem,
    RoadmapStatus,
)
from programkontor.planning.models.strategy import Goal, GoalStatus, Indicator, IndicatorReading, Vision
from programkontor.planning.models.work import (
    SUPPLIER_STATUSES,
    PlanningSettings,
    Timebox,
    TimeboxCapacity,
    TimeboxKind,
    WorkItem,
    WorkKind,
    WorkStatus,
    work_list_order,
)

__all__ = [
    "LIVE_STATUSES",
    "PERSONAL_PRIORITIES",
    "SUPPLIER_STATUSES",
    "Absence",
    "AbsenceKind",
    "Goal",
    "GoalStatus",
    "Indicator",
    "IndicatorReading",
    "Milestone",
    "MilestoneStatus",
    "OnProductOrProgram",
    "PlanningSettings",
    "Priority",
    "Responsibility",
    "Risk",
    "RiskStatus",
    "RoadmapDependency",
    "RoadmapItem",
    "RoadmapStatus",
    "RolePlan",
    "Timebox",
    "TimeboxCapacity",
    "TimeboxKind",
    "Vision",
    "WeekTask",
    "WorkItem",
    "WorkKind",
    "WorkStatus",
    "priority_order",
    "work_list_order",
]
