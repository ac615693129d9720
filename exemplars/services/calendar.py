"""Working days: Monday to Friday, less Vietnam's public holidays (the `holidays` package: New Year, Tết by the
lunar calendar, Giỗ Tổ Hùng Vương, 30/4, 1/5, 2/9 and the days the package knows were moved or observed) and the
staff-entered days off; plus the Saturdays staff enter as make-up working days. Reads only."""

from __future__ import annotations

import datetime as dt
import functools

import holidays

from ..models.procedure import CalendarDay

# Far enough for any window the portal computes (10 working days cannot span more than a few weeks).
_HORIZON_DAYS = 120


@functools.lru_cache(maxsize=16)
def public_holidays(year: int) -> frozenset[dt.date]:
    """Vietnam's public holidays of `year` as the package gives them (cached: they never change for a year)."""
    return frozenset(holidays.country_holidays("VN", years=year))


def _exceptions(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_day_off"))


def working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every working day from `start` to `end`, both included."""
    exceptions = _exceptions(start, end)
    days, day = [], start
    while day <= end:
        off = day.weekday() >= 5 or day in public_holidays(day.year)
        off = exceptions.get(day, off)
        if not off:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def is_working_day(day: dt.date) -> bool:
    return bool(working_days(day, day))


def window_end(start: dt.date, count: int) -> dt.date:
    """The last day of a window of `count` working days that starts on `start` (counted if it is a working
    day): a consultation opened on `start` for 10 working days stays open until the end of this day."""
    if count < 1:
        raise ValueError("a window needs at least one working day")
    end = start + dt.timedelta(days=_HORIZON_DAYS)
    while True:
        days = working_days(start, end)
        if len(days) >= count:
            return days[count - 1]
        end += dt.timedelta(days=_HORIZON_DAYS)
