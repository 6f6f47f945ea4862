"""Corrections to a held meeting's record; the follow-up reminders move with its date."""

import datetime as dt

from workflow import events
from workflow.case import held_meetings, record_set
from workflow.clock import local_today
from workflow.dates import meeting_problems
from workflow.errors import InvalidInput, NotPermitted
from workflow.fields import FieldSpec, parse_value
from workflow.guards import Actor
from workflow.phases import Role
from workflow.ports import UnitOfWork
from workflow.usecases import ensure_version

MEETING_DATE = FieldSpec("datum", "Datum van de bijeenkomst", "date", required=True, not_in_future=True)


def correct_meeting_date(
    uow: UnitOfWork,
    case_id: int,
    actor: Actor,
    expected_version: int | None,
    meeting_number: int,
    new_date: str | dt.date,
):
    """Set the date of held meeting `meeting_number` (1-based) and move its open reminders."""
    if actor.role not in (Role.COORDINATOR, Role.REGIOMANAGER):
        raise NotPermitted("Alleen de coördinator of de regiomanager kan een bijeenkomst corrigeren.")
    with uow:
        case = uow.cases.get_for(actor, case_id)
        ensure_version(case, expected_version)
        meetings = held_meetings(case)
        if not 1 <= meeting_number <= len(meetings):
            raise InvalidInput({"bijeenkomst": "Deze bijeenkomst bestaat niet."})
        try:
            date = parse_value(MEETING_DATE, new_date, local_today(uow.clock.now()))
        except ValueError as problem:
            raise InvalidInput({"datum": f"{MEETING_DATE.label}: {problem}"}) from None
        implausible = meeting_problems(case, date, "datum", MEETING_DATE.label, before=meeting_number)
        if implausible:
            raise InvalidInput(implausible)
        meetings[meeting_number - 1] = {**meetings[meeting_number - 1], "datum": date.isoformat()}
        record_set(case, bijeenkomsten=meetings)
        uow.cases.touch(case, uow.clock.now())
        uow.publish([events.MeetingDateCorrected(case.id, meeting_number, date)])
        uow.commit()
        return case
