"""The chase of a pending decision on a plan (DOMAIN.md §10), as storage keeps it: a DECISION_PENDING task for the
case's regiomanagers, due some days after the meeting (the bureau's ReminderTimings.decision_pending_days),
cancelled when the decision is recorded or a newer plan replaces it. Closing cancels it and reopening brings it
back like every task (storage/reminders.py); a recorded decision's task stays cancelled."""

from typing import Any

from sqlmodel import Session, select

from storage.models import Case
from storage.reminders import CANCELLED, OPEN, PENDING, Reminder, regiomanagers_of
from storage.reminders import _ensure as ensure_reminder
from storage.settings import load_timings
from workflow import events
from workflow import reminder_rules as rules
from workflow.decisions import chase_due

DECIDED, NEWER_PLAN = "besloten", "nieuw plan"


def on_event(uow: Any, event: Any) -> None:
    """Create, move or cancel the chase of a plan's decision, inside the caller's transaction."""
    session, now = uow.session, uow.clock.now()
    if isinstance(event, events.PlanAwaitsDecision):
        _cancel(session, event.case_id, lambda number: number < event.meeting_number, NEWER_PLAN)
        case = session.get(Case, event.case_id)
        due = chase_due(event.meeting_date, load_timings(session))
        for user_id in regiomanagers_of(session, case):
            ensure_reminder(session, case.id, rules.DECISION_PENDING, event.meeting_number, user_id, due, now)
    elif isinstance(event, events.PlanDecisionRecorded):
        _cancel(session, event.case_id, lambda number: number == event.meeting_number, DECIDED)
    elif isinstance(event, events.MeetingDateCorrected):
        due = chase_due(event.meeting_date, load_timings(session))
        for reminder in _chases(session, event.case_id, (OPEN,)):
            if reminder.sequence == event.meeting_number:
                reminder.due_at = due


EVENTS = (events.PlanAwaitsDecision, events.PlanDecisionRecorded, events.MeetingDateCorrected)


def _chases(session: Session, case_id: int, states: tuple[str, ...]) -> list[Reminder]:
    query = select(Reminder).where(
        Reminder.case_id == case_id, Reminder.kind == rules.DECISION_PENDING, Reminder.state.in_(states)
    )
    return list(session.exec(query).all())


def _cancel(session: Session, case_id: int, which, reason: str) -> None:
    for reminder in _chases(session, case_id, PENDING):
        if which(reminder.sequence):
            reminder.state, reminder.cancel_reason = CANCELLED, reason
