"""When reminders fall due: the default timings of DOMAIN.md §5, computed in Dutch local time."""

import datetime as dt
from dataclasses import dataclass, fields

from workflow.clock import AMSTERDAM

FOLLOW_UP_MAIN_PERSON = "follow_up_main_person"
FOLLOW_UP_REFERRER = "follow_up_referrer"
FOLLOW_UP_OVERDUE = "follow_up_overdue"
OFFER_UNANSWERED = "offer_unanswered"
UNMATCHED = "unmatched_application"
RETENTION_WARNING = "retention_warning"
IDLE_CASE = "idle_case"
COORDINATOR_NEEDED = "coordinator_needed"  # a running case whose coordinator was withdrawn (storage/cochange.py)
# After the plan (DOMAIN.md §10)
DECISION_PENDING = "decision_pending"  # the professional's decision on a plan is still open (regiomanager)
AGREEMENT_EVALUATION = "agreement_evaluation"  # an agreement's evaluation moment has come (coordinator)
THREE_MONTH_CHECK = "three_month_check"  # the follow-up contact about three months after the meeting
FOLLOW_UP_CONFERENCE_NEEDED = "follow_up_conference_needed"  # a call said a vervolgconferentie is needed (rm)

KIND_LABELS = {
    FOLLOW_UP_MAIN_PERSON: "Follow-up gesprek met de hoofdpersoon",
    FOLLOW_UP_REFERRER: "Follow-up gesprek met de aanmelder",
    FOLLOW_UP_OVERDUE: "Follow-up gesprek is te laat",
    OFFER_UNANSWERED: "Aanbod niet beantwoord",
    UNMATCHED: "Aanmelding nog niet gematcht",
    RETENTION_WARNING: "Persoonsgegevens worden over een week verwijderd",
    IDLE_CASE: "Zaak staat al lang stil",
    COORDINATOR_NEEDED: "Zaak wacht op een nieuwe coördinator",
    DECISION_PENDING: "Besluit van de professional over het plan staat nog open",
    AGREEMENT_EVALUATION: "Evaluatiemoment van een afspraak",
    THREE_MONTH_CHECK: "Driemaandencontact over het plan",
    FOLLOW_UP_CONFERENCE_NEEDED: "Vervolgconferentie nodig: beslissen",
}
FOLLOW_UP_KINDS = (FOLLOW_UP_MAIN_PERSON, FOLLOW_UP_REFERRER)


@dataclass(frozen=True)
class ReminderTimings:
    """The configurable timings, in days (working days for an unmatched application)."""

    follow_up_days: int = 28
    overdue_days: int = 7
    unmatched_working_days: int = 2
    hour_of_day: int = 9  # reminders about a date fall due at this local hour
    idle_days: int = 21  # an open case with no step for this long is brought to its coordinator's attention
    decision_pending_days: int = 14  # a professional's decision still open this long after the plan: chased
    three_month_days: int = 91  # the three-month check falls due this long after the (last) meeting

    @classmethod
    def from_dict(cls, values: dict) -> "ReminderTimings":
        """Timings from admin input; ValueError with a Dutch message for anything off."""
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"Onbekende instelling: {', '.join(sorted(unknown))}")
        for name, value in values.items():
            high = 23 if name == "hour_of_day" else 365
            low = 1 if name in ("follow_up_days", "idle_days", "decision_pending_days", "three_month_days") else 0
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise ValueError(f"{TIMING_LABELS.get(name, name)}: geef een heel getal van {low} tot {high}")
        return cls(**values)

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


TIMING_LABELS = {
    "follow_up_days": "Follow-up gesprekken: dagen na de bijeenkomst",
    "overdue_days": "Escalatie naar de regiomanager: dagen na de follow-up",
    "unmatched_working_days": "Aanmelding niet gematcht: werkdagen",
    "hour_of_day": "Uur van de dag waarop herinneringen klaarstaan",
    "idle_days": "Zaak staat stil: dagen zonder stap",
    "decision_pending_days": "Besluit van de professional open: dagen na het plan",
    "three_month_days": "Driemaandencontact: dagen na de bijeenkomst",
}


def at_local_hour(day: dt.date, timings: ReminderTimings) -> dt.datetime:
    """`day` at the reminder hour in Amsterdam, as UTC (so summer time is handled where it happens)."""
    return dt.datetime.combine(day, dt.time(timings.hour_of_day), tzinfo=AMSTERDAM).astimezone(dt.UTC)


def follow_up_due(meeting_date: dt.date, timings: ReminderTimings = ReminderTimings()) -> dict[str, dt.datetime]:
    """The due moments of the follow-up calls after a meeting, and of their escalation."""
    call = at_local_hour(meeting_date + dt.timedelta(days=timings.follow_up_days), timings)
    return {
        FOLLOW_UP_MAIN_PERSON: call,
        FOLLOW_UP_REFERRER: call,
        FOLLOW_UP_OVERDUE: call + dt.timedelta(days=timings.overdue_days),
    }


def unmatched_due(applied_at: dt.datetime, timings: ReminderTimings = ReminderTimings()) -> dt.datetime:
    """Two working days after the application arrived (weekends do not count)."""
    moment = applied_at.astimezone(AMSTERDAM)
    remaining = timings.unmatched_working_days
    while remaining:
        moment += dt.timedelta(days=1)
        if moment.weekday() < 5:
            remaining -= 1
    return moment.astimezone(dt.UTC)


def retention_warning_due(removal_day: dt.date, timings: ReminderTimings = ReminderTimings()) -> dt.datetime:
    """A week before the personal data of a closed case is removed, at the reminder hour."""
    return at_local_hour(removal_day - dt.timedelta(days=7), timings)


@dataclass(frozen=True)
class CaseWait:
    """What an open case's "stands still" count looks at: its last step, and the scheduled moments it may be
    waiting for. A case that waits for a moment in the calendar is not standing still."""

    last_step: dt.datetime
    planned_meeting: dt.date | None = None  # the date of a planned meeting not yet recorded as held
    follow_up_pending: bool = False  # the coordinator's follow-up call is on their list (due or not yet)
    last_follow_up: dt.datetime | None = None  # when the coordinator's last follow-up call was recorded


def idle_since(wait: CaseWait, timings: ReminderTimings = ReminderTimings()) -> dt.datetime | None:
    """From when the case counts as standing still, or None while it waits for a scheduled moment.

    A pending follow-up call is its own reminder (before it is due the case simply waits; once due, the call
    itself is on the list), so it never gets a second one. A planned meeting counts as activity on its day:
    the count starts then, so a meeting planned far ahead raises nothing, and an unrecorded one does later."""
    if wait.follow_up_pending:
        return None
    moments = [wait.last_step]
    if wait.last_follow_up is not None:
        moments.append(wait.last_follow_up)
    if wait.planned_meeting is not None:
        moments.append(at_local_hour(wait.planned_meeting, timings))
    return max(moments)


def is_idle(wait: CaseWait, now: dt.datetime, timings: ReminderTimings = ReminderTimings()) -> bool:
    """Whether the case has stood still for `idle_days` as of `now` (and so its coordinator is reminded)."""
    since = idle_since(wait, timings)
    return since is not None and now - since >= dt.timedelta(days=timings.idle_days)


def is_waiting(wait: CaseWait, now: dt.datetime, timings: ReminderTimings = ReminderTimings()) -> bool:
    """Whether the case waits for a scheduled moment now: a pending follow-up call or a meeting to come."""
    since = idle_since(wait, timings)
    return since is None or since > now


def three_month_due(meeting_date: dt.date, timings: ReminderTimings = ReminderTimings()) -> dt.datetime:
    """The three-month check: `three_month_days` after the meeting (or plan), at the reminder hour."""
    return at_local_hour(meeting_date + dt.timedelta(days=timings.three_month_days), timings)
