"""Plausible dates of a case, written once: the application comes first, then the informatief gesprek, then the
meetings, and a follow-up call some weeks after the meeting. Steps, meeting corrections and the API check here.

Each rule returns `{field: Dutch reason}`; the reason names the date it conflicts with, so the user sees what
to correct. Only dates that are given are checked: a missing date is the guards' business, not this module's."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from workflow.case import CaseLike, held_meetings, record_date, record_get

APPLICATION = "de aanmelddatum"
VISIT = "de datum van het informatief gesprek"


@dataclass(frozen=True)
class DateRules:
    """What the bureau sets: how many weeks after a meeting a follow-up call can be held at the earliest."""

    follow_up_min_weeks: int = 2

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> "DateRules":
        """Rules from admin input; ValueError with a Dutch message for anything off."""
        unknown = set(values) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"Onbekende instelling: {', '.join(sorted(unknown))}")
        weeks = values.get("follow_up_min_weeks", cls.follow_up_min_weeks)
        if not isinstance(weeks, int) or isinstance(weeks, bool) or not 0 <= weeks <= 52:
            raise ValueError(f"{RULE_LABELS['follow_up_min_weeks']}: geef een heel getal van 0 tot 52")
        return cls(follow_up_min_weeks=weeks)

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


RULE_LABELS = {"follow_up_min_weeks": "Follow-up gesprek: minstens zoveel weken na de bijeenkomst"}


def nl(day: dt.date) -> str:
    """A date as the Dutch write it in a sentence: 3-4-2019."""
    return f"{day.day}-{day.month}-{day.year}"


def step_date_problems(trigger: str, case: CaseLike, data: Mapping[str, Any], rules: DateRules) -> dict[str, str]:
    """What is implausible about the dates in a step's (parsed) form data, by field."""
    if trigger == "start_activation":
        return visit_problems(case, data.get("informatief_gesprek_datum"))
    if trigger == "plan_meeting":
        return meeting_problems(case, data.get("datum"), "datum", "Datum van de bijeenkomst")
    if trigger in ("hold_meeting", "hold_meeting_in_parts", "hold_meeting_without_plan", "hold_follow_up_conference"):
        return meeting_problems(case, data.get("datum"), "datum", "Datum van de bijeenkomst")
    if trigger == "plan_without_meeting":
        return meeting_problems(case, data.get("plan_datum"), "plan_datum", "Datum van het plan")
    if trigger == "close":
        attempt = aftercare_date_problems(case, data.get("drie_maanden_poging"), "drie_maanden_poging", "Poging")
        return follow_up_problems(case, data.get("follow_up_datum"), rules) | attempt
    return {}


def visit_problems(case: CaseLike, value: Any) -> dict[str, str]:
    """Application date ≤ informatief gesprek ≤ every planned or held meeting."""
    visit = record_date(value)
    if visit is None:
        return {}
    label, name = "Datum informatief gesprek", "informatief_gesprek_datum"
    applied = _application_date(case)
    if applied and visit < applied:
        return {name: f"{label} ({nl(visit)}) ligt vóór {APPLICATION} ({nl(applied)})."}
    for what, day in _meeting_dates(case):
        if visit > day:
            return {name: f"{label} ({nl(visit)}) ligt na {what} ({nl(day)})."}
    return {}


def meeting_problems(case: CaseLike, value: Any, name: str, label: str, before: int | None = None) -> dict[str, str]:
    """A meeting (or plan) is not before the application, the informatief gesprek or an earlier held meeting.

    `before`: when a held meeting is corrected, its number; it is compared only with the meetings before it."""
    day = record_date(value)
    if day is None:
        return {}
    applied, visit = _application_date(case), record_date(record_get(case, "informatief_gesprek_datum"))
    if applied and day < applied:
        return {name: f"{label} ({nl(day)}) ligt vóór {APPLICATION} ({nl(applied)})."}
    if visit and day < visit:
        return {name: f"{label} ({nl(day)}) ligt vóór {VISIT} ({nl(visit)})."}
    for meeting in held_meetings(case):
        earlier = record_date(meeting.get("datum"))
        number = meeting.get("nummer") or 0
        if earlier and day < earlier and (before is None or number < before):
            return {name: f"{label} ({nl(day)}) ligt vóór bijeenkomst {number} ({nl(earlier)})."}
    return {}


def follow_up_problems(case: CaseLike, value: Any, rules: DateRules) -> dict[str, str]:
    """A follow-up call is held at least `follow_up_min_weeks` after the last meeting (or the plan)."""
    call = record_date(value)
    if call is None:
        return {}
    label, name = "Datum follow-up gesprek", "follow_up_datum"
    applied = _application_date(case)
    if applied and call < applied:
        return {name: f"{label} ({nl(call)}) ligt vóór {APPLICATION} ({nl(applied)})."}
    basis = _follow_up_basis(case)
    if basis is None:
        return {}
    what, day = basis
    earliest = day + dt.timedelta(weeks=rules.follow_up_min_weeks)
    if call < earliest:
        weeks = rules.follow_up_min_weeks
        return {
            name: f"{label} ({nl(call)}) ligt minder dan {weeks} {'week' if weeks == 1 else 'weken'} na {what} "
            f"({nl(day)}); vroegst mogelijk is {nl(earliest)}."
        }
    return {}


def _application_date(case: CaseLike) -> dt.date | None:
    return record_date(getattr(case, "application_date", None))


def _meeting_dates(case: CaseLike) -> list[tuple[str, dt.date]]:
    """The planned meeting and every held one, with how a message names them."""
    dates = []
    planned = record_date((record_get(case, "geplande_bijeenkomst") or {}).get("datum"))
    if planned:
        dates.append(("de geplande bijeenkomst", planned))
    for meeting in held_meetings(case):
        day = record_date(meeting.get("datum"))
        if day:
            dates.append((f"bijeenkomst {meeting.get('nummer')}", day))
    return dates


def _follow_up_basis(case: CaseLike) -> tuple[str, dt.date] | None:
    """What a follow-up call follows: the last held meeting, or else the plan made without a meeting."""
    meetings = [(m.get("nummer"), record_date(m.get("datum"))) for m in held_meetings(case)]
    meetings = [(n, d) for n, d in meetings if d]
    if meetings:
        number, day = meetings[-1]
        return f"bijeenkomst {number}", day
    plan_day = record_date((record_get(case, "plan") or {}).get("datum"))
    return ("het plan", plan_day) if plan_day else None


def aftercare_date_problems(case: CaseLike, value: Any, name: str, label: str) -> dict[str, str]:
    """A date of the aftercare (an agreement's date, a three-month contact or attempt) is not before the
    application, nor before the last meeting (or the plan made without one)."""
    day = record_date(value)
    if day is None:
        return {}
    applied = _application_date(case)
    if applied and day < applied:
        return {name: f"{label} ({nl(day)}) ligt vóór {APPLICATION} ({nl(applied)})."}
    basis = _follow_up_basis(case)
    if basis is not None and day < basis[1]:
        return {name: f"{label} ({nl(day)}) ligt vóór {basis[0]} ({nl(basis[1])})."}
    return {}
