"""The Danish holiday calendar (no Django): which days reduce a working week.

The official public holidays (*helligdage*: Nytårsdag, Skærtorsdag, Langfredag, Påskedag, Anden
påskedag, Kristi himmelfartsdag, Pinsedag, Anden pinsedag, Juledag, Anden juledag, and Store bededag
until 2023) come from the maintained ``holidays`` package's Danish calendar, in Danish.

Our choice for the *customary* days off, which are not public holidays by law but which most
public-sector agreements give as days off (the secretariat's staff among them): Constitution Day
(*Grundlovsdag*, 5 June), Christmas Eve (*Juleaftensdag*, 24 December) and New Year's Eve
(*Nytårsaften*, 31 December) count as full days off by default — the package's "optional" Danish
holidays without 1 May, which is a day off only under some agreements, and often only from noon.
Each personal plan can switch them off (``customary=False``); the official holidays always count.

Days off that fall on a Saturday or Sunday do not reduce a working week (Monday-Friday).
"""

from __future__ import annotations

import datetime
from typing import Final

import holidays as calendars

#: The package's optional Danish holidays that we do not count as days off (1 May).
NOT_CUSTOMARY: Final = frozenset({(5, 1)})


def public_holidays(year: int) -> dict[datetime.date, str]:
    """The official Danish public holidays of ``year`` (helligdage), by date, with Danish names."""
    return dict(sorted(calendars.country_holidays("DK", years=year, language="da").items()))


def customary_days_off(year: int) -> dict[datetime.date, str]:
    """The days off by custom in ``year`` (Grundlovsdag, Juleaftensdag, Nytårsaften)."""
    optional = calendars.country_holidays("DK", years=year, language="da", categories=("optional",))
    return {day: name for day, name in sorted(optional.items()) if (day.month, day.day) not in NOT_CUSTOMARY}


def days_off(year: int, *, customary: bool = True) -> dict[datetime.date, str]:
    """Public holidays of ``year``, plus the customary days off unless ``customary`` is false."""
    days = public_holidays(year)
    if customary:
        for day, name in customary_days_off(year).items():
            days.setdefault(day, name)
    return dict(sorted(days.items()))


def iso_week_days(year: int, week: int) -> list[datetime.date]:
    """Monday to Sunday of ISO week ``week`` of ISO year ``year``; ValueError if it does not exist."""
    if not 1 <= week <= 53:
        raise ValueError(f"ISO week {week} does not exist.")
    monday = datetime.date.fromisocalendar(year, week, 1)
    return [monday + datetime.timedelta(days=offset) for offset in range(7)]


def weekday_days_off(
    days: list[datetime.date] | tuple[datetime.date, ...], *, customary: bool = True
) -> dict[datetime.date, str]:
    """The days off among ``days`` that fall Monday-Friday (the ones that shorten a working week)."""
    years = {day.year for day in days}
    calendar: dict[datetime.date, str] = {}
    for year in years:
        calendar.update(days_off(year, customary=customary))
    return {day: calendar[day] for day in sorted(days) if day in calendar and day.weekday() < 5}
