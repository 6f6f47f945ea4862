"""After the plan (DOMAIN.md §10), as the reminders see it: the agreements' evaluation moments, the
three-month check, and the regiomanager's question whether a vervolgconferentie is needed. Every handler runs
inside the caller's transaction, like storage/reminders.py."""

import datetime as dt
from typing import Any

from sqlmodel import Session, select

from storage.models import Case
from storage.reminders import CANCELLED, DONE, OPEN, PENDING, Reminder, coordinators_of, regiomanagers_of, reminder_of
from storage.settings import load_timings
from workflow import events
from workflow import reminder_rules as rules

REPLACED = "plan gewijzigd"  # the cancel reason of an evaluation reminder whose agreement lost its date
STARTED = "vervolgconferentie gestart"
SUPERSEDED = "nieuw plan"  # the calls and check about an earlier plan, once a vervolgconferentie made a new one
# What follows a plan: replaced by the same reminders about the newer plan.
ABOUT_A_PLAN = (*rules.FOLLOW_UP_KINDS, rules.FOLLOW_UP_OVERDUE, rules.THREE_MONTH_CHECK)


def on_event(uow: Any, event: Any) -> None:
    """Create, move, replace or finish the aftercare's reminders for a domain event."""
    session, now = uow.session, uow.clock.now()
    if isinstance(event, events.FollowUpDue):
        _supersede(session, event.case_id, event.meeting_number)
        _three_month_check(session, event.case_id, event.meeting_number, event.meeting_date, now)
    elif isinstance(event, events.MeetingDateCorrected):
        _move_three_month_check(session, event)
    elif isinstance(event, events.AgreementsChanged):
        _evaluations(session, event, now)
    elif isinstance(event, events.FollowUpConferenceNeeded):
        _conference_question(session, event, now)
    elif isinstance(event, events.FollowUpConferenceStarted):
        _finish(session, event.case_id, rules.FOLLOW_UP_CONFERENCE_NEEDED, now, {"besluit": STARTED})
        _cancel(session, event.case_id, rules.THREE_MONTH_CHECK, "vervolgconferentie")
    elif isinstance(event, events.ThreeMonthCheckRecorded):
        _finish(session, event.case_id, rules.THREE_MONTH_CHECK, now, {"vastgelegd": True})


EVENTS = (
    events.FollowUpDue,
    events.MeetingDateCorrected,
    events.AgreementsChanged,
    events.FollowUpConferenceNeeded,
    events.FollowUpConferenceStarted,
    events.ThreeMonthCheckRecorded,
)


def _three_month_check(session: Session, case_id: int, number: int, meeting: dt.date, now: dt.datetime) -> None:
    """The coordinator's three-month check, alongside the four-week calls of the same meeting."""
    due = rules.three_month_due(meeting, load_timings(session))
    for user_id in coordinators_of(session, session.get(Case, case_id)):
        _put(session, case_id, rules.THREE_MONTH_CHECK, number, user_id, due, now, reopen=False)


def _supersede(session: Session, case_id: int, number: int) -> None:
    """A newer plan (a vervolgconferentie's) is what the follow-up contacts ask about: nobody calls about the
    plan before it any more."""
    for kind in ABOUT_A_PLAN:
        for reminder in _pending(session, case_id, kind, states=PENDING):
            if reminder.sequence < number:
                reminder.state, reminder.cancel_reason = CANCELLED, SUPERSEDED


def _move_three_month_check(session: Session, event: events.MeetingDateCorrected) -> None:
    due = rules.three_month_due(event.meeting_date, load_timings(session))
    for reminder in _pending(session, event.case_id, rules.THREE_MONTH_CHECK, states=(OPEN,)):
        if reminder.sequence == event.meeting_number:
            reminder.due_at = due


def _evaluations(session: Session, event: events.AgreementsChanged, now: dt.datetime) -> None:
    """One reminder per agreement with an evaluation moment (sequence: its index); saving the plan again
    moves them, and cancels those whose agreement has no moment any more: never a second one."""
    timings = load_timings(session)
    wanted = {index: rules.at_local_hour(day, timings) for index, day in event.evaluations}
    users = coordinators_of(session, session.get(Case, event.case_id))
    for reminder in _pending(session, event.case_id, rules.AGREEMENT_EVALUATION, states=PENDING):
        if reminder.sequence not in wanted or reminder.user_id not in users:
            reminder.state, reminder.cancel_reason = CANCELLED, REPLACED
    for index, due in wanted.items():
        for user_id in users:
            _put(session, event.case_id, rules.AGREEMENT_EVALUATION, index, user_id, due, now, reopen=True)


def _conference_question(session: Session, event: events.FollowUpConferenceNeeded, now: dt.datetime) -> None:
    """The case's regiomanagers decide: start a vervolgconferentie, or record why not. Due at once."""
    for user_id in regiomanagers_of(session, session.get(Case, event.case_id)):
        _put(session, event.case_id, rules.FOLLOW_UP_CONFERENCE_NEEDED, event.sequence, user_id, now, now, True)


def _put(
    session: Session,
    case_id: int,
    kind: str,
    sequence: int,
    user_id: int,
    due: dt.datetime,
    now: dt.datetime,
    reopen: bool,
) -> None:
    """One reminder per case, kind, sequence and person (the table's unique key): a new one, or the existing
    one moved; with `reopen`, one done or cancelled before is open again when its moment changed."""
    found = reminder_of(session, case_id, kind, sequence, user_id)
    if found is None:
        reminder = Reminder(case_id=case_id, kind=kind, sequence=sequence, user_id=user_id, due_at=due, created_at=now)
        session.add(reminder)
    elif found.state == OPEN:
        found.due_at = due
    elif reopen and (found.state == CANCELLED or found.due_at != due):
        found.due_at, found.state, found.cancel_reason, found.result = due, OPEN, None, {}
        found.claim_token = found.claimed_at = found.sent_at = found.done_at = None
        found.attempts, found.next_try_at, found.last_error = 0, None, None


def _finish(session: Session, case_id: int, kind: str, now: dt.datetime, result: dict[str, Any]) -> None:
    for reminder in _pending(session, case_id, kind, states=PENDING):
        reminder.state, reminder.done_at, reminder.result = DONE, now, result


def _cancel(session: Session, case_id: int, kind: str, reason: str) -> None:
    for reminder in _pending(session, case_id, kind, states=PENDING):
        reminder.state, reminder.cancel_reason = CANCELLED, reason


def _pending(session: Session, case_id: int, kind: str, states: tuple[str, ...]) -> list[Reminder]:
    query = select(Reminder).where(Reminder.case_id == case_id, Reminder.kind == kind, Reminder.state.in_(states))
    return list(session.exec(query).all())
