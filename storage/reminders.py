"""The reminders table (the truth about what is due) and the handler that keeps it in step with cases.
Rows are written in the same transaction as the phase change that causes them."""

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlmodel import JSON, Field, Session, SQLModel, func, select

from storage.engine import WRITE
from storage.models import Case, CaseEvent, Coordinator, User, UserRegion
from storage.settings import load_timings
from storage.types import UTCDateTime
from workflow import events
from workflow import reminder_rules as rules
from workflow.case import record_date
from workflow.errors import CaseNotFound
from workflow.guards import Actor
from workflow.phases import Role
from workflow.retention import RetentionPeriod, removal_date

OPEN, SENDING, SENT, DONE, CANCELLED = "open", "sending", "sent", "done", "cancelled"
PENDING = (OPEN, SENDING, SENT)  # not yet done or cancelled: still on someone's list
MAX_ERROR = 300
STALE_IDLE = "verder gegaan"  # the cancel reason of a "case stands still" reminder after a later step
WAITING = "wacht op afspraak"  # ... and while the case waits for a planned meeting or its follow-up call


class Reminder(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    kind: str = Field(max_length=40)
    sequence: int = 0  # meeting number for follow-ups, offer id for offers
    user_id: int = Field(foreign_key="user.id", index=True)
    due_at: dt.datetime = Field(sa_type=UTCDateTime)
    state: str = Field(default=OPEN, max_length=12)
    claim_token: str | None = Field(default=None, max_length=32)
    claimed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancel_reason: str | None = Field(default=None, max_length=20)
    result: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: dt.datetime = Field(sa_type=UTCDateTime)
    # Mail delivery: failed tries so far, when the scan may try again, and why the last try failed (Dutch).
    attempts: int = 0
    next_try_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, max_length=MAX_ERROR)

    __table_args__ = (
        sa.UniqueConstraint("case_id", "kind", "sequence", "user_id", name="uq_reminder_once"),
        sa.Index("ix_reminder_state_due", "state", "due_at"),
    )


def on_event(uow: Any, event: Any, retention: RetentionPeriod | None = None) -> None:
    """Create, move, cancel or restore reminders for a domain event, inside the caller's transaction."""
    if isinstance(event, events.CaseClosed):
        _case_closed(uow.session, event, uow.clock.now(), retention or RetentionPeriod())
        return
    handler = _HANDLERS.get(type(event))
    if handler is not None:
        handler(uow.session, event, uow.clock.now())


def _follow_up_due(session: Session, event: events.FollowUpDue, now: dt.datetime) -> None:
    case = session.get(Case, event.case_id)
    due = rules.follow_up_due(event.meeting_date, load_timings(session))
    recipients = {
        rules.FOLLOW_UP_MAIN_PERSON: coordinators_of(session, case),
        rules.FOLLOW_UP_REFERRER: regiomanagers_of(session, case),
        rules.FOLLOW_UP_OVERDUE: regiomanagers_of(session, case),
    }
    for kind, users in recipients.items():
        for user_id in users:
            _ensure(session, case.id, kind, event.meeting_number, user_id, due[kind], now)


def _meeting_corrected(session: Session, event: events.MeetingDateCorrected, _now: dt.datetime) -> None:
    due = rules.follow_up_due(event.meeting_date, load_timings(session))
    for reminder in _reminders(session, event.case_id, states=(OPEN,), sequence=event.meeting_number):
        if reminder.kind in due:
            reminder.due_at = due[reminder.kind]


def _application_received(session: Session, event: events.ApplicationReceived, now: dt.datetime) -> None:
    case = session.get(Case, event.case_id)
    due = rules.unmatched_due(event.at, load_timings(session))
    for user_id in regiomanagers_of(session, case):
        _ensure(session, case.id, rules.UNMATCHED, 0, user_id, due, now)


def _offer_made(session: Session, event: events.OfferMade, now: dt.datetime) -> None:
    case = session.get(Case, event.case_id)
    _cancel(session, case.id, (rules.UNMATCHED, rules.OFFER_UNANSWERED), "aangeboden")
    offer = case.offers[-1]
    for user_id in regiomanagers_of(session, case):
        _ensure(session, case.id, rules.OFFER_UNANSWERED, offer.id, user_id, event.deadline, now)


def _offer_accepted(session: Session, event: events.OfferAccepted, _now: dt.datetime) -> None:
    _cancel(session, event.case_id, (rules.UNMATCHED, rules.OFFER_UNANSWERED), "geaccepteerd")


def _offer_closed(session: Session, event: Any, _now: dt.datetime) -> None:
    """A withdrawn or declined offer: its own unanswered-offer reminder goes; the regiomanager offers again."""
    reason = "ingetrokken" if isinstance(event, events.OfferWithdrawn) else "afgewezen"
    for reminder in _reminders(session, event.case_id, states=PENDING, sequence=event.offer_id):
        if reminder.kind == rules.OFFER_UNANSWERED:
            reminder.state, reminder.cancel_reason = CANCELLED, reason


def _case_closed(session: Session, event: events.CaseClosed, now: dt.datetime, retention: RetentionPeriod) -> None:
    _cancel(session, event.case_id, None, "afgesloten")
    schedule_retention_warning(session, session.get(Case, event.case_id), now, retention)


def _case_reopened(session: Session, event: events.CaseReopened, _now: dt.datetime) -> None:
    for reminder in _reminders(session, event.case_id, states=(CANCELLED,)):
        if reminder.cancel_reason == "afgesloten":
            reminder.state, reminder.cancel_reason = OPEN, None
    _cancel(session, event.case_id, (rules.RETENTION_WARNING,), "heropend")


def schedule_retention_warning(session: Session, case: Case, now: dt.datetime, retention: RetentionPeriod) -> None:
    """Warn the region's regiomanagers a week before a closed case's personal data goes (again open and
    unsent when the case closes anew or the period is extended)."""
    day = removal_date(case.closed_at, retention, case.retention_extended_at is not None)
    due = max(rules.retention_warning_due(day, load_timings(session)), now)
    for user_id in regiomanagers_of(session, case):
        found = session.exec(
            select(Reminder).where(
                Reminder.case_id == case.id,
                Reminder.kind == rules.RETENTION_WARNING,
                Reminder.sequence == 0,
                Reminder.user_id == user_id,
            )
        ).first()
        if found is None:
            session.add(
                Reminder(
                    case_id=case.id,
                    kind=rules.RETENTION_WARNING,
                    sequence=0,
                    user_id=user_id,
                    due_at=due,
                    created_at=now,
                )
            )
        else:
            found.due_at, found.state, found.cancel_reason = due, OPEN, None
            found.claim_token = found.claimed_at = found.sent_at = found.done_at = None
            found.attempts, found.next_try_at, found.last_error = 0, None, None


def _follow_up_recorded(session: Session, event: events.FollowUpRecorded, _now: dt.datetime) -> None:
    if event.kind == rules.FOLLOW_UP_MAIN_PERSON:
        for reminder in _reminders(session, event.case_id, states=PENDING, sequence=event.meeting_number):
            if reminder.kind == rules.FOLLOW_UP_OVERDUE:
                reminder.state, reminder.cancel_reason = CANCELLED, "gebeld"


class SqlTaskRepository:
    """Tasks of one user: their reminders."""

    def __init__(self, session: Session):
        self.session = session

    def get_for(self, actor: Actor, task_id: int) -> Reminder:
        task = self.session.exec(
            select(Reminder).where(Reminder.id == task_id, Reminder.user_id == actor.user_id)
        ).first()
        if task is None:
            raise CaseNotFound("Deze taak bestaat niet of is niet voor u.")
        return task


def tasks_for(session: Session, user_id: int, now: dt.datetime) -> list[tuple[Reminder, Case]]:
    """The user's open tasks whose moment has come, oldest first: the in-app task list."""
    query = (
        select(Reminder, Case)
        .join(Case, Case.id == Reminder.case_id)
        .where(Reminder.user_id == user_id, Reminder.state.in_(PENDING), Reminder.due_at <= now)
        .order_by(Reminder.due_at, Reminder.id)
    )
    return list(session.exec(query).all())


def count_tasks(session: Session, user_id: int, now: dt.datetime) -> int:
    """How many of `tasks_for` there are, counted in the database (every page's menu shows it)."""
    query = select(func.count()).select_from(Reminder).join(Case, Case.id == Reminder.case_id)
    query = query.where(Reminder.user_id == user_id, Reminder.state.in_(PENDING), Reminder.due_at <= now)
    return session.exec(query).one()


def _ensure(
    session: Session, case_id: int, kind: str, sequence: int, user_id: int, due: dt.datetime, now: dt.datetime
) -> None:
    """One reminder per case, kind, sequence and person; a second event for the same one moves it."""
    existing = reminder_of(session, case_id, kind, sequence, user_id)
    if existing is None:
        session.add(
            Reminder(case_id=case_id, kind=kind, sequence=sequence, user_id=user_id, due_at=due, created_at=now)
        )
    elif existing.state == OPEN:
        existing.due_at = due


def reminder_of(session: Session, case_id: int, kind: str, sequence: int, user_id: int) -> Reminder | None:
    """The one reminder of a case, kind, sequence and person (the table's unique key), if there is one."""
    key = (Reminder.case_id == case_id, Reminder.kind == kind, Reminder.sequence == sequence)
    return session.exec(select(Reminder).where(*key, Reminder.user_id == user_id)).first()


def _cancel(session: Session, case_id: int, kinds: tuple[str, ...] | None, reason: str) -> None:
    for reminder in _reminders(session, case_id, states=(OPEN, SENDING, SENT)):
        if kinds is None or reminder.kind in kinds:
            reminder.state, reminder.cancel_reason = CANCELLED, reason


def _reminders(
    session: Session, case_id: int, states: tuple[str, ...], sequence: int | None = None, kind: str | None = None
):
    query = select(Reminder).where(Reminder.case_id == case_id, Reminder.state.in_(states))
    if sequence is not None:
        query = query.where(Reminder.sequence == sequence)
    if kind is not None:
        query = query.where(Reminder.kind == kind)
    return session.exec(query).all()


def coordinators_of(session: Session, case: Case) -> list[int]:
    """The users of the case's coordinator and co-coordinator (who has the same tasks)."""
    users = []
    for coordinator_id in (case.coordinator_id, case.co_coordinator_id):
        coordinator = session.get(Coordinator, coordinator_id) if coordinator_id else None
        if coordinator and coordinator.user_id:
            users.append(coordinator.user_id)
    return users


def regiomanagers_of(session: Session, case: Case) -> list[int]:
    """The users who are regiomanager of the case's region."""
    query = (
        select(User.id)
        .join(UserRegion, UserRegion.user_id == User.id)
        .where(UserRegion.region_id == case.region_id, User.role == Role.REGIOMANAGER.value, User.active)
    )
    return list(session.exec(query.order_by(User.id)).all())


_HANDLERS = {
    events.FollowUpDue: _follow_up_due,
    events.MeetingDateCorrected: _meeting_corrected,
    events.ApplicationReceived: _application_received,
    events.OfferMade: _offer_made,
    events.OfferAccepted: _offer_accepted,
    events.OfferWithdrawn: _offer_closed,
    events.OfferDeclined: _offer_closed,
    events.CaseReopened: _case_reopened,
    events.FollowUpRecorded: _follow_up_recorded,
}
EVENTS = (*_HANDLERS, events.CaseClosed)  # what on_event handles, for the wiring in web.bootstrap


def schedule_idle_reminders(engine: sa.Engine, now: dt.datetime) -> int:
    """Put "case stands still" on the coordinator's list for every matched open case without a step for
    `idle_days`; a later step makes that reminder moot (cancelled) and restarts the count. A case that waits
    for a scheduled moment (a planned meeting to come, its follow-up call) stands not still: it gets none,
    and a pending one made before the wait began is cancelled (workflow.reminder_rules.idle_since)."""
    with Session(engine) as session:
        session.connection(execution_options=WRITE)
        timings = load_timings(session)
        last = (
            select(CaseEvent.case_id, sa.func.max(CaseEvent.at).label("at"), sa.func.count().label("n"))
            .group_by(CaseEvent.case_id)
            .subquery()
        )
        rows = session.exec(
            select(Case, last.c.at, last.c.n)
            .join(last, last.c.case_id == Case.id)
            .where(Case.coordinator_id.is_not(None), Case.phase.not_in(("afgesloten", "aanmelding")))
        ).all()
        calls = _follow_up_calls(session)
        created = 0
        for case, last_at, steps in rows:
            _cancel_stale_idle(session, case.id, steps)
            wait = _wait_of(case, last_at, calls.get(case.id))
            if rules.is_waiting(wait, now, timings):
                _cancel_idle(session, case.id, WAITING)
                continue
            if rules.is_idle(wait, now, timings):
                created += _remind_idle(session, case, steps, now)
        session.commit()
    return created


def _remind_idle(session: Session, case: Case, steps: int, now: dt.datetime) -> int:
    """Once per step count: a new reminder, or the one cancelled while the case waited, open again."""
    seen = _reminders(session, case.id, (*PENDING, DONE, CANCELLED), steps, rules.IDLE_CASE)
    if not seen:
        users = coordinators_of(session, case)
        for user_id in users:
            session.add(
                Reminder(
                    case_id=case.id, kind=rules.IDLE_CASE, sequence=steps, user_id=user_id, due_at=now, created_at=now
                )
            )
        return len(users)
    waited = [r for r in seen if r.state == CANCELLED and r.cancel_reason == WAITING]
    for reminder in waited:
        reminder.state, reminder.cancel_reason, reminder.due_at = OPEN, None, now
    return len(waited)


def _follow_up_calls(session: Session) -> dict[int, tuple[bool, dt.datetime | None]]:
    """Per case: whether the coordinator's follow-up contact (the four-week call or the three-month check) is
    pending, and when the last one was done (one grouped query over the reminders)."""
    pending = sa.func.max(sa.case((Reminder.state.in_(PENDING), 1), else_=0))
    done = sa.type_coerce(sa.func.max(sa.case((Reminder.state == DONE, Reminder.done_at), else_=None)), UTCDateTime)
    query = (
        select(Reminder.case_id, pending, done)
        .where(Reminder.kind.in_((rules.FOLLOW_UP_MAIN_PERSON, rules.THREE_MONTH_CHECK)))
        .group_by(Reminder.case_id)
    )
    return {case_id: (bool(is_pending), done_at) for case_id, is_pending, done_at in session.exec(query)}


def _wait_of(case: Case, last_step: dt.datetime, call: tuple[bool, dt.datetime | None] | None) -> rules.CaseWait:
    planned = (case.record or {}).get("geplande_bijeenkomst") or {}
    pending, done_at = call or (False, None)
    return rules.CaseWait(
        last_step=last_step,
        planned_meeting=record_date(planned.get("datum")),
        follow_up_pending=pending,
        last_follow_up=done_at,
    )


def _cancel_idle(session: Session, case_id: int, reason: str) -> None:
    for reminder in _reminders(session, case_id, states=PENDING, kind=rules.IDLE_CASE):
        reminder.state, reminder.cancel_reason = CANCELLED, reason


def _cancel_stale_idle(session: Session, case_id: int, steps: int) -> None:
    for reminder in _reminders(session, case_id, states=PENDING):
        if reminder.kind == rules.IDLE_CASE and reminder.sequence != steps:
            reminder.state, reminder.cancel_reason = CANCELLED, STALE_IDLE


def cancel_outdated_idle(connection: sa.Connection, candidates: sa.ColumnElement[bool]) -> int:
    """Cancel the "case stands still" reminders among `candidates` whose case has taken a step since they
    were made (their sequence is the step count then), in one UPDATE: run before sending, so a scan after
    downtime never mails a stale one."""
    steps = sa.select(sa.func.count()).select_from(CaseEvent).where(CaseEvent.case_id == Reminder.case_id)
    result = connection.execute(
        sa.update(Reminder)
        .where(candidates, Reminder.kind == rules.IDLE_CASE, Reminder.sequence != steps.scalar_subquery())
        .values(state=CANCELLED, cancel_reason=STALE_IDLE)
    )
    return result.rowcount


def cancel_waiting_idle(connection: sa.Connection, candidates: sa.ColumnElement[bool]) -> int:
    """Cancel the "case stands still" reminders among `candidates` whose case waits for its coordinator's
    follow-up call (one made before that rule, or before the call was planned), in one UPDATE: run before
    sending, so the scan never mails one while the call itself is on the list."""
    call = Reminder.__table__.alias("call")
    waiting = sa.exists().where(
        call.c.case_id == Reminder.case_id, call.c.kind == rules.FOLLOW_UP_MAIN_PERSON, call.c.state.in_(PENDING)
    )
    result = connection.execute(
        sa.update(Reminder)
        .where(candidates, Reminder.kind == rules.IDLE_CASE, waiting)
        .values(state=CANCELLED, cancel_reason=WAITING)
    )
    return result.rowcount


def mail_problems(session: Session, limit: int = 200) -> list[tuple[Reminder, str, str]]:
    """Reminders whose mail failed at least once and is not yet sent, with the case reference and the
    recipient's address: given-up ones first, then by next try (the admin's mail page)."""
    query = (
        select(Reminder, Case.ref, User.email)
        .join(Case, Case.id == Reminder.case_id)
        .join(User, User.id == Reminder.user_id)
        .where(Reminder.attempts > 0, Reminder.state.in_((OPEN, SENDING)))
        .order_by(Reminder.next_try_at.is_not(None), Reminder.next_try_at, Reminder.due_at, Reminder.id)
        .limit(limit)
    )
    return list(session.exec(query).all())


def retry_mail_now(engine: sa.Engine) -> int:
    """Give every failed or given-up mail a fresh series of attempts at the next scan (after the admin
    fixed the mail settings); returns how many."""
    with Session(engine) as session:
        result = session.connection(execution_options=WRITE).execute(
            sa.update(Reminder)
            .where(Reminder.attempts > 0, Reminder.state == OPEN)
            .values(attempts=0, next_try_at=None)
        )
        session.commit()
    return result.rowcount
