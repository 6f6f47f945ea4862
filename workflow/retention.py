"""The retention rule of DOMAIN.md §9: a closed case's personal data goes after a period (default three
calendar months after the closing date, in Dutch local time; once extendable by the same period), and only
the anonymous registration stays. Pure: dates, the names a case knows, and what of its record may stay."""

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from workflow.clock import AMSTERDAM, local_today
from workflow.names import NAME_MARK, PARTICLES, name_pattern, names_of, redact  # noqa: F401  (re-exported)
from workflow.registration import schema

REMOVED = "[verwijderd]"
WARN_DAYS = 7
MAX_DAYS = 3650

# What of a closed case's record stays after removal (only what the registration and the figures read), and
# the free texts replaced by a marker so that "filled in" stays true: both from the registration schema.
KEPT_RECORD_KEYS = schema.kept_record_keys()
MARKED_RECORD_TEXTS = schema.marked_record_texts()


@dataclass(frozen=True)
class RetentionPeriod:
    """How long after the closing date personal data is kept: calendar months plus days."""

    months: int = 3
    days: int = 0

    @classmethod
    def of_days(cls, days: int | None) -> "RetentionPeriod":
        """A period of whole days (0–MAX_DAYS, as KRING_RETENTION_DAYS sets it); None: three months."""
        return cls() if days is None else cls(months=0, days=days)

    def after(self, day: dt.date) -> dt.date:
        """The day this period after `day` (31 January + 1 month is the last day of February)."""
        month_index = day.month - 1 + self.months
        year, month = day.year + month_index // 12, month_index % 12 + 1
        moved = dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
        return moved + dt.timedelta(days=self.days)

    def describe(self) -> str:
        if self.months and not self.days:
            return f"{self.months} maanden"
        return f"{self.days} dagen" if not self.months else f"{self.months} maanden en {self.days} dagen"


def removal_date(closed_at: dt.datetime, period: RetentionPeriod, extended: bool) -> dt.date:
    """The local day the personal data goes: the period after the closing date, twice that once extended."""
    day = period.after(local_today(closed_at))
    return period.after(day) if extended else day


def removal_moment(closed_at: dt.datetime, period: RetentionPeriod, extended: bool) -> dt.datetime:
    """The start of the removal day in Amsterdam, as UTC."""
    day = removal_date(closed_at, period, extended)
    return dt.datetime.combine(day, dt.time(0), tzinfo=AMSTERDAM).astimezone(dt.UTC)


def earliest_closing_due(now: dt.datetime, period: RetentionPeriod) -> dt.datetime:
    """No case closed after this moment can be due at `now` (a cheap filter before the exact date check)."""
    return now - dt.timedelta(days=28 * period.months + period.days) + dt.timedelta(days=1)


def marked(value: Any) -> Any:
    """A removed free text: the marker where there was something, else what was there (None or "")."""
    return REMOVED if value not in (None, "", [], {}) else value


# --- the record ---------------------------------------------------------------------------------------------


def scrub_record(record: dict[str, Any], pattern: re.Pattern | None) -> dict[str, Any]:
    """What of a record stays after removal: the anonymous registration data; plan texts, addressees and
    notes become markers, follow-up notes lose the names; the network, the planned meeting and anything
    unknown go."""
    kept = {key: record[key] for key in KEPT_RECORD_KEYS if key in record}
    kept |= {key: marked(record[key]) for key in MARKED_RECORD_TEXTS if key in record}
    if "plan" in record:
        kept["plan"] = _scrub_plan(record["plan"])
    if "plan_verstuurd" in record:
        sent = record["plan_verstuurd"] or {}
        kept["plan_verstuurd"] = {"datum": sent.get("datum"), "aan": [REMOVED] if sent.get("aan") else []}
    if "follow_up" in record:
        kept["follow_up"] = [redact(call, pattern) for call in record["follow_up"] or [] if isinstance(call, dict)]
    return kept


def scrub_record_value(key: str, value: Any, pattern: re.Pattern | None) -> Any:
    """One record part as it may stay (an audit line's old or new value); a part that goes is a marker."""
    scrubbed = scrub_record({key: value}, pattern)
    return redact(scrubbed[key], pattern) if key in scrubbed else marked(value)


def _scrub_plan(plan: Any) -> Any:
    if not isinstance(plan, dict):
        return marked(plan)
    agreements = plan.get("afspraken")
    if isinstance(agreements, str):
        text = marked(agreements.strip())
    else:
        text = [{"wie": "", "wat": REMOVED, "wanneer": ""}] if agreements else agreements
    return {**plan, "afspraken": text}
