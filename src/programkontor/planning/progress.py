"""Follow-up rules as pure functions (no Django): risk levels, indicator progress, the traffic light.

The rules are written out here once and shown next to their results on the pages, so that a
reader can check every light and every colour by hand.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

ZERO: Final = Decimal(0)
HUNDRED: Final = Decimal(100)

# --------------------------------------------------------------------------------------------
# Risks: probability x impact on 1-5 scales.

SCALE: Final = range(1, 6)


class RiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


#: Score (probability x impact) from which a risk is medium, and high.
MEDIUM_FROM: Final = 5
HIGH_FROM: Final = 10


def risk_score(probability: int, impact: int) -> int:
    if probability not in SCALE or impact not in SCALE:
        raise ValueError("probability and impact are whole numbers from 1 to 5")
    return probability * impact


def risk_level(probability: int, impact: int) -> RiskLevel:
    """Low 1-4, medium 5-9, high 10-25 (probability x impact)."""
    score = risk_score(probability, impact)
    if score >= HIGH_FROM:
        return RiskLevel.HIGH
    if score >= MEDIUM_FROM:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


def heat_map(cells: dict[tuple[int, int], int]) -> list[list[tuple[int, int, int, RiskLevel]]]:
    """The 5x5 grid as rows from impact 5 (top) to 1, each cell (probability, impact, count, level).

    ``cells`` counts risks per (probability, impact); missing cells count 0.
    """
    return [[(p, i, cells.get((p, i), 0), risk_level(p, i)) for p in SCALE] for i in reversed(SCALE)]


# --------------------------------------------------------------------------------------------
# Indicators: from a baseline towards a target (up or down).


def indicator_progress(baseline: Decimal, target: Decimal, current: Decimal | None) -> Decimal | None:
    """How far ``current`` has come from ``baseline`` to ``target``, in percent (0-100, clamped).

    Works for targets above and below the baseline; None without a current value or when the
    target equals the baseline.
    """
    if current is None or target == baseline:
        return None
    progress = (current - baseline) * HUNDRED / (target - baseline)
    return min(HUNDRED, max(ZERO, progress))


# --------------------------------------------------------------------------------------------
# Time: how much of a period has passed.


def elapsed_share(start: datetime.date, end: datetime.date, today: datetime.date) -> Decimal:
    """The share of the days from ``start`` to ``end`` (inclusive) that have passed by ``today``."""
    if end < start:
        raise ValueError("the period ends before it starts")
    total = (end - start).days + 1
    passed = (min(max(today, start - datetime.timedelta(days=1)), end) - start).days + 1
    return Decimal(passed) * HUNDRED / Decimal(total)


# --------------------------------------------------------------------------------------------
# The traffic light of a product on the program dashboard.


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    #: Nothing to judge by: no MUST work in a current timebox, no milestone in the period, no high risk.
    GREY = "grey"


#: MUST done may lag the elapsed time by this many percentage points before the light turns yellow / red.
YELLOW_LAG: Final = Decimal(10)
RED_LAG: Final = Decimal(30)
#: Open high risks from which the light turns red (one turns it yellow).
RED_HIGH_RISKS: Final = 2


class Reason(StrEnum):
    MISSED_MILESTONE = "missed_milestone"
    HIGH_RISKS = "high_risks"
    MUST_FAR_BEHIND = "must_far_behind"
    OVERDUE_MILESTONE = "overdue_milestone"
    HIGH_RISK = "high_risk"
    MUST_BEHIND = "must_behind"


@dataclass(frozen=True)
class Status:
    light: Light
    reasons: tuple[Reason, ...]


def traffic_light(
    *,
    must_done: Decimal | None,
    elapsed: Decimal | None,
    missed_milestones: int,
    overdue_milestones: int,
    open_high_risks: int,
    milestones_in_period: int,
) -> Status:
    """The rule (shown on the dashboard next to the light):

    * **red** when a milestone was missed, when there are two or more open high risks, or when the
      share of MUST hours done lags the share of the timebox that has passed by more than 30 points;
    * **yellow** when a milestone is past its date without being met, when there is one open high
      risk, or when MUST done lags the elapsed time by more than 10 points;
    * **grey** (no data) when there is nothing to judge by: no MUST work in a current timebox, no
      milestone in the period and no open high risk;
    * **green** otherwise.

    ``must_done`` and ``elapsed`` are percentages, None without a current timebox with MUST work.
    """
    red: list[Reason] = []
    yellow: list[Reason] = []
    if missed_milestones > 0:
        red.append(Reason.MISSED_MILESTONE)
    if open_high_risks >= RED_HIGH_RISKS:
        red.append(Reason.HIGH_RISKS)
    elif open_high_risks == 1:
        yellow.append(Reason.HIGH_RISK)
    if must_done is not None and elapsed is not None:
        lag = elapsed - must_done
        if lag > RED_LAG:
            red.append(Reason.MUST_FAR_BEHIND)
        elif lag > YELLOW_LAG:
            yellow.append(Reason.MUST_BEHIND)
    if overdue_milestones > 0:
        yellow.append(Reason.OVERDUE_MILESTONE)
    if red:
        return Status(Light.RED, tuple(red + yellow))
    if yellow:
        return Status(Light.YELLOW, tuple(yellow))
    if must_done is None and milestones_in_period == 0 and open_high_risks == 0:
        return Status(Light.GREY, ())
    return Status(Light.GREEN, ())
