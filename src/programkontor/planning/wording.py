"""Planning's figures and findings in words: warnings, reasons, lights, risk levels, the week plan's
fit, and numbers in Danish form. Used by the templates (through ``planning_tags``) and by the
texts of *Til mig* (``waiting.py``), so a finding reads the same everywhere."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from programkontor.planning import moscow, progress, weekplan


def _number(value: Decimal | float | int | None, places: int = 1) -> str:
    if value is None:
        return "—"
    text = number_format(Decimal(value), places, use_l10n=True)
    for separator in (",", "."):
        if places and separator in text[-(places + 1) :]:
            return text.rstrip("0").rstrip(separator)
    return text


def hours(value: Any) -> str:
    """``12,5`` (at most two decimals, no trailing zeros)."""
    return _number(value, 2)


def percent(value: Any) -> str:
    """``62,5 %`` or ``—`` when there is no share (capacity zero)."""
    if value is None:
        return "—"
    return f"{_number(value, 1)} %"


def warning_text(warning: moscow.Warning) -> str:
    """The warning in a sentence a program manager can act on."""
    values = {
        "hours": _number(warning.hours, 2),
        "limit": _number(warning.limit_hours, 2),
        "percent": _number(warning.percent, 1),
        "share": _number(warning.share, 1) if warning.share is not None else "—",
    }
    if warning.code == moscow.WarningCode.MUST_OVER_LIMIT:
        return (
            _(
                "MUST work is %(hours)s hours, %(share)s %% of the capacity: more than %(percent)s %% "
                "(%(limit)s hours) puts the timebox at risk of failing."
            )
            % values
        )
    if warning.code == moscow.WarningCode.COULD_UNDER_LIMIT:
        return (
            _(
                "COULD work is only %(hours)s hours, %(share)s %% of the capacity: below %(percent)s %% "
                "(%(limit)s hours) there is too little contingency to drop when something takes longer."
            )
            % values
        )
    return (
        _(
            "%(hours)s hours are planned against a capacity of %(limit)s hours (%(share)s %%): "
            "the plan does not fit."
        )
        % values
    )


def warning_heading(warning: moscow.Warning) -> str:
    return {
        moscow.WarningCode.MUST_OVER_LIMIT: _("Too much MUST"),
        moscow.WarningCode.COULD_UNDER_LIMIT: _("Too little COULD"),
        moscow.WarningCode.OVER_CAPACITY: _("Over capacity"),
    }[warning.code]


def light_label(light: Any) -> str:
    return {
        progress.Light.GREEN: _("Green"),
        progress.Light.YELLOW: _("Yellow"),
        progress.Light.RED: _("Red"),
        progress.Light.GREY: _("No data"),
    }.get(progress.Light(str(light)), str(light))


def reason_text(reason: progress.Reason) -> str:
    return {
        progress.Reason.MISSED_MILESTONE: _("a milestone was missed"),
        progress.Reason.HIGH_RISKS: _("two or more open high risks"),
        progress.Reason.MUST_FAR_BEHIND: _("MUST done lags the time passed by more than 30 points"),
        progress.Reason.OVERDUE_MILESTONE: _("a milestone is past its date without being met"),
        progress.Reason.HIGH_RISK: _("one open high risk"),
        progress.Reason.MUST_BEHIND: _("MUST done lags the time passed by more than 10 points"),
    }[progress.Reason(str(reason))]


def risk_level_label(level: Any) -> str:
    return {
        progress.RiskLevel.LOW: pgettext("risk level", "Low"),
        progress.RiskLevel.MEDIUM: pgettext("risk level", "Medium"),
        progress.RiskLevel.HIGH: pgettext("risk level", "High"),
    }[progress.RiskLevel(str(level))]


def fit_text(task: weekplan.PlannedTask, plan: weekplan.WeekPlan | None = None) -> str:
    """Why a task of the week plan is (not) planned; pass the plan (``task|fit_text:result``) for
    the MUST limit in the escalation text."""
    values = {"hours": _number(task.item.hours, 2), "left": _number(task.hours_left, 2)}
    if task.fit == weekplan.Fit.PLANNED:
        if task.scaled and task.normal_hours is not None:
            return _("usually %(normal)s hours") % {"normal": _number(task.normal_hours, 2)}
        return _("Planned")
    if task.fit == weekplan.Fit.ESCALATE:
        if plan is None:
            return _("MUST over the MUST limit - escalate to the head of the secretariat")
        return _(
            "MUST over %(percent)s %% of %(available)s available hours (needs %(hours)s hours, "
            "%(must_left)s left inside the limit of %(limit)s) - escalate to the head of the "
            "secretariat; MUST work is never dropped silently"
        ) % {
            **values,
            "percent": _number(plan.thresholds.must_max, 1),
            "available": _number(plan.availability.hours, 2),
            "must_left": _number(max(Decimal(0), task.must_left or Decimal(0)), 2),
            "limit": _number(plan.must_limit_hours, 2),
        }
    if task.fit == weekplan.Fit.NO_WORKING_HOURS:
        return _("No working hours this week (public holidays and absence)")
    return _("Does not fit: needs %(hours)s hours, only %(left)s left") % values
