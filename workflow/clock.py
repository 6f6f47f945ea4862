"""The one clock seam: everything that asks "what time is it" asks a Clock, so tests move time."""

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class Clock(Protocol):
    def now(self) -> dt.datetime: ...


class SystemClock:
    """The real time, aware and in UTC."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class FrozenClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, at: dt.datetime):
        self.set(at)

    def now(self) -> dt.datetime:
        return self._at

    def set(self, at: dt.datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FrozenClock needs an aware datetime")
        self._at = at.astimezone(dt.UTC)

    def advance(self, **delta: float) -> None:
        self._at += dt.timedelta(**delta)


def local_today(now: dt.datetime) -> dt.date:
    """The calendar date in the Netherlands at `now`: the date people mean when they type one."""
    return now.astimezone(AMSTERDAM).date()
