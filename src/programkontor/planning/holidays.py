"""The Danish holiday calendar as pure functions (no Django): which days reduce a working week.

Official public holidays (*helligdage*, helligdagsloven) are fixed or follow Easter Sunday, which
:func:`easter_sunday` computes with the Anonymous Gregorian computus (Meeus/Jones/Butcher):

==========================  ======================  ===========================================
holiday                     Danish                  date
==========================  ======================  ===========================================
New Year's Day              Nytårsdag               1 January
Maundy Thursday             Skærtorsdag             Easter - 3 days
Good Friday                 Langfredag              Easter - 2 days
Easter Sunday / Monday      Påskedag, 2. påskedag   Easter, Easter + 1
Great Prayer Day            Store bededag           Easter + 26 (a Friday) — **until 2023 only**;
                                                    abolished from 2024 (lov nr. 158 af 28/02/2023)
Ascension Day               Kristi himmelfartsdag   Easter + 39
Whit Sunday / Monday        Pinsedag, 2. pinsedag   Easter + 49, Easter + 50
Christmas Day, Boxing Day   Juledag, 2. juledag     25 and 26 December
==========================  ======================  ===========================================

Our choice for the *customary* days off, which are not public holidays by law but which most
public-sector agreements give as days off (the secretariat's staff among them): Constitution Day
(*Grundlovsdag*, 5 June), Christmas Eve (*Juleaftensdag*, 24 December) and New Year's Eve
(*Nytårsaftensdag*, 31 December) count as full days off by default. Each personal plan can switch
them off (``customary=False``); the official holidays always count. 1 May is not counted (it is a
day off only under some agreements, and often only from noon).

Days off that fall on a Saturday or Sunday do not reduce a working week (Monday-Friday).
"""

from __future__ import annotations

import datetime
from typing import Final

#: The last year in which Store bededag was a public holiday.
LAST_GREAT_PRAYER_DAY: Final = 2023

#: Days off by custom (not by law), counted by default: (month, day, Danish name).
CUSTOMARY_DAYS: Final = ((6, 5, "Grundlovsdag"), (12, 24, "Juleaftensdag"), (12, 31, "Nytårsaftensdag"))

#: Holidays that follow Easter: (days after Easter Sunday, Danish name).
_EASTER_OFFSETS: Final = (
    (-3, "Skærtorsdag"),
    (-2, "Langfredag"),
    (0, "Påskedag"),
    (1, "2. påskedag"),
    (39, "Kristi himmelfartsdag"),
    (49, "Pinsedag"),
    (50, "2. pinsedag"),
)
_GREAT_PRAYER_DAY_OFFSET: Final = 26


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday of ``year`` in the Gregorian calendar (Anonymous Gregorian algorithm)."""
    if year < 1583:
        raise ValueError("The Gregorian computus applies from 1583.")
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def public_holidays(year: int) -> dict[datetime.date, str]:
    """The official Danish public holidays of ``year`` (helligdage), by date."""
    easter = easter_sunday(year)
    days = {datetime.date(year, 1, 1): "Nytårsdag"}
    for offset, name in _EASTER_OFFSETS:
        days[easter + datetime.timedelta(days=offset)] = name
    if year <= LAST_GREAT_PRAYER_DAY:
        days[easter + datetime.timedelta(days=_GREAT_PRAYER_DAY_OFFSET)] = "Store bededag"
    days[datetime.date(year, 12, 25)] = "Juledag"
    days[datetime.date(year, 12, 26)] = "2. juledag"
    return dict(sorted(days.items()))


def days_off(year: int, *, customary: bool = True) -> dict[datetime.date, str]:
    """Public holidays of ``year``, plus the customary days off unless ``customary`` is false."""
    days = public_holidays(year)
    if customary:
        for month, day, name in CUSTOMARY_DAYS:
            days.setdefault(datetime.date(year, month, day), name)
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
