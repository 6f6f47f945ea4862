"""Settings the bureau changes in the app (stored as JSON by key); today the reminder timings."""

import datetime as dt
from typing import Any

from sqlmodel import JSON, Field, Session, SQLModel

from storage.types import UTCDateTime
from workflow.dates import DateRules
from workflow.reminder_rules import ReminderTimings

REMINDER_TIMINGS = "reminder_timings"


class Setting(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=40)
    value: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    updated_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


def load_timings(session: Session) -> ReminderTimings:
    """The reminder timings the bureau set, or the defaults of DOMAIN.md §5."""
    row = session.get(Setting, REMINDER_TIMINGS)
    if row is None:
        return ReminderTimings()
    try:
        return ReminderTimings.from_dict(row.value)
    except ValueError:  # a value written by an older version: fall back rather than stop all reminders
        return ReminderTimings()


def save_timings(session: Session, timings: ReminderTimings, now: dt.datetime) -> None:
    """Store the timings; reminders created from now on use them (existing ones keep their moment)."""
    row = session.get(Setting, REMINDER_TIMINGS) or Setting(key=REMINDER_TIMINGS)
    row.value, row.updated_at = timings.as_dict(), now
    session.add(row)


# --- the rules for plausible dates (forms part): stored beside the reminder timings, set on the same page ---
DATE_RULES = "date_rules"


def load_date_rules(session: Session) -> DateRules:
    """The bureau's rules for plausible dates, or the defaults."""
    row = session.get(Setting, DATE_RULES)
    if row is None:
        return DateRules()
    try:
        return DateRules.from_dict(row.value)
    except ValueError:  # written by an older version: the defaults rather than refusing every step
        return DateRules()


def save_date_rules(session: Session, rules: DateRules, now: dt.datetime) -> None:
    row = session.get(Setting, DATE_RULES) or Setting(key=DATE_RULES)
    row.value, row.updated_at = rules.as_dict(), now
    session.add(row)
