"""Building blocks of the yearly figures: rounding, dates and the buckets derived from raw values.

The derivations are called once per record (workflow.figures.facts), so the costly ones are cached on their
raw value: a year has at most a few hundred distinct dates, and the bands depend on nothing else.
"""

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from workflow import vocabulary as v

Record = Mapping[str, Any]
ACTIVERING, CONFERENTIE = v.PHASES_OF_REGISTRATION
TOTAL = "Totaal"
_CACHE = 8192


def pct(n: float, base: float) -> float | None:
    """n as a percentage of base, one decimal, rounded half up (as the report does); None when base is 0."""
    if not base:
        return None
    return float((Decimal(n) * 100 / Decimal(base)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def mean(total: float, count: int) -> float | None:
    """total / count to one decimal, rounded half up; None when count is 0."""
    if not count:
        return None
    return float((Decimal(str(total)) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def as_date(value: Any) -> dt.date | None:
    """A date from a date, a datetime or ISO text; None for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


_cached_date = lru_cache(maxsize=_CACHE)(as_date)


def day(value: Any) -> dt.date | None:
    """`as_date`, cached on the raw value (text or date); None for anything else."""
    if isinstance(value, str | dt.date):
        return _cached_date(value)
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's last day (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=_CACHE)
def _month_marks(applied: dt.date) -> tuple[dt.date, ...]:
    return tuple(add_months(applied, months) for months in (1, 2, 3))


def lead_time_band(applied: dt.date | None, met: dt.date | None) -> str | None:
    """T2: months from application to the first meeting, in the bands [0,1), [1,2), [2,3), 3 or more."""
    if applied is None or met is None:
        return None
    for mark, label in zip(_month_marks(applied), v.LEAD_TIME_BANDS[:3], strict=True):
        if met < mark:
            return label
    return v.LEAD_TIME_BANDS[3]


@lru_cache(maxsize=64)
def _upper_bounds(bands: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    return tuple((int(label.split(" tot ")[1].split()[0]), label) for label in bands)


def hours_band(hours: Any, bands: Sequence[str]) -> str | None:
    """T15/T16: "x tot y uur" means from x up to (not including) y; the last band also takes anything longer."""
    if not isinstance(hours, int | float) or isinstance(hours, bool) or hours < 0:
        return None
    for upper, label in _upper_bounds(tuple(bands)):
        if hours < upper:
            return label
    return bands[-1]


def minor_age_band(person: Record) -> str:
    """T6 "Leeftijd": ongeboren, 0-4, 5 t/m 12, 13 t/m 17 (t/m = inclusive); "onbekend" without an age."""
    if person.get("ongeboren"):
        return v.MINOR_AGE_BANDS[0]
    age = person.get("leeftijd")
    if not isinstance(age, int) or isinstance(age, bool) or age < 0:
        return "onbekend"
    return v.MINOR_AGE_BANDS[1] if age <= 4 else v.MINOR_AGE_BANDS[2] if age <= 12 else v.MINOR_AGE_BANDS[3]


def adult_age_band(person: Record) -> str:
    """T7 "Leeftijd": 18 t/m 25, 26 t/m 40, 41 t/m 60, 61 en ouder; "onbekend" without an age."""
    age = person.get("leeftijd")
    if not isinstance(age, int) or isinstance(age, bool):
        return "onbekend"
    for upper, label in zip((25, 40, 60), v.ADULT_AGE_BANDS[:3], strict=True):
        if age <= upper:
            return label
    return v.ADULT_AGE_BANDS[3]


@lru_cache(maxsize=_CACHE)
def labelled(prefix: str, value: Any) -> str:
    """A row label "<prefix>: <value>" (T6/T7), made once per distinct value."""
    return f"{prefix}: {value}"


def first_meeting(record: Record) -> Mapping[str, Any] | None:
    """The registration's conference: its first meeting (follow-up meetings are not counted separately)."""
    meetings = record.get("bijeenkomsten") or ()
    return meetings[0] if meetings else None
