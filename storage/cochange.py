"""Change of coordinator and the co-coordinator (DOMAIN.md §10), as storage sees them: who was withdrawn from
which case (the ranking and the offer leave them out), and the case's open tasks following the people who
carry it. The steps themselves are rows of the phase table (workflow/table.py)."""

import datetime as dt
from typing import Any

from sqlmodel import Session, select

from storage.matching import CoordinatorMunicipality
from storage.models import Case, Coordinator, CoordinatorRegion, Municipality
from storage.reminders import CANCELLED, OPEN, PENDING, Reminder, regiomanagers_of
from storage.withdrawals import CoordinatorWithdrawal, withdrawn_from
from workflow import events
from workflow import reminder_rules as rules


def serves_region(session: Session, coordinator_id: int, region_id: int) -> bool:
    """Whether the coordinator works in the region, or in one of its municipalities."""
    whole = session.get(CoordinatorRegion, (coordinator_id, region_id))
    if whole is not None:
        return True
    query = (
        select(CoordinatorMunicipality.municipality_id)
        .join(Municipality, Municipality.id == CoordinatorMunicipality.municipality_id)
        .where(CoordinatorMunicipality.coordinator_id == coordinator_id, Municipality.region_id == region_id)
    )
    return session.exec(query).first() is not None


def on_event(uow: Any, event: Any) -> None:
    """Record a withdrawal, and let the case's open tasks follow its coordinators, in the caller's transaction."""
    session, now = uow.session, uow.clock.now()
    if isinstance(event, events.CoordinatorWithdrawn):
        session.add(CoordinatorWithdrawal(case_id=event.case_id, coordinator_id=event.coordinator_id, at=now))
        _ask_for_a_new_coordinator(session, event.case_id, now)
    elif isinstance(event, events.CoordinatorTookOver):
        _hand_over(session, event.case_id, event.coordinator_id)
    elif isinstance(event, events.CoCoordinatorChanged):
        _co_tasks(session, event)
    elif isinstance(event, events.OfferMade):
        _offer_made(session, event.case_id)


EVENTS = (events.CoordinatorWithdrawn, events.CoordinatorTookOver, events.CoCoordinatorChanged, events.OfferMade)


def _offer_made(session: Session, case_id: int) -> None:
    """The case is offered again: the task to find a new coordinator is done."""
    query = select(Reminder).where(
        Reminder.case_id == case_id, Reminder.kind == rules.COORDINATOR_NEEDED, Reminder.state.in_(PENDING)
    )
    for reminder in session.exec(query):
        reminder.state, reminder.cancel_reason = CANCELLED, "aangeboden"


def _ask_for_a_new_coordinator(session: Session, case_id: int, now: dt.datetime) -> None:
    """A task for the region's regiomanagers, due at once: the running case has no coordinator. The next offer
    cancels it (`_offer_made`)."""
    case = session.get(Case, case_id)
    sequence = len(withdrawn_from(session, case_id))  # this one included: 1, 2, …
    for user_id in regiomanagers_of(session, case):
        session.add(
            Reminder(
                case_id=case_id,
                kind=rules.COORDINATOR_NEEDED,
                sequence=sequence,
                user_id=user_id,
                due_at=now,
                created_at=now,
            )
        )


def _user_of(session: Session, coordinator_id: int | None) -> int | None:
    found = session.get(Coordinator, coordinator_id) if coordinator_id else None
    return found.user_id if found else None


def _pending(session: Session, case_id: int, user_id: int | None) -> list[Reminder]:
    if user_id is None:
        return []
    query = select(Reminder).where(
        Reminder.case_id == case_id, Reminder.user_id == user_id, Reminder.state.in_(PENDING)
    )
    return list(session.exec(query.order_by(Reminder.id)).all())


def _hand_over(session: Session, case_id: int, coordinator_id: int) -> None:
    """The open tasks of the coordinators withdrawn from the case go to the one who took it over."""
    new_user = _user_of(session, coordinator_id)
    if new_user is None:
        return
    for old in withdrawn_from(session, case_id) - {coordinator_id}:
        for reminder in _pending(session, case_id, _user_of(session, old)):
            if not _has_twin(session, reminder, new_user):
                reminder.user_id = new_user


def _co_tasks(session: Session, event: events.CoCoordinatorChanged) -> None:
    """A new co-coordinator gets a copy of the coordinator's open tasks; a removed one loses theirs."""
    case = session.get(Case, event.case_id)
    for reminder in _pending(session, case.id, _user_of(session, event.previous_id)):
        reminder.state, reminder.cancel_reason = CANCELLED, "niet meer co"
    co_user = _user_of(session, event.coordinator_id)
    if co_user is None:
        return
    for reminder in _pending(session, case.id, _user_of(session, case.coordinator_id)):
        if not _has_twin(session, reminder, co_user):
            fields = reminder.model_dump(exclude={"id", "user_id", "state", "attempts", "next_try_at", "last_error"})
            session.add(Reminder(**fields, user_id=co_user, state=OPEN))


def _has_twin(session: Session, reminder: Reminder, user_id: int) -> bool:
    """The same task (case, kind, sequence) already on this user's list (the table allows it once)."""
    query = select(Reminder.id).where(
        Reminder.case_id == reminder.case_id,
        Reminder.kind == reminder.kind,
        Reminder.sequence == reminder.sequence,
        Reminder.user_id == user_id,
    )
    return session.exec(query).first() is not None
