"""The reminder scan: cancel what a later step made outdated, claim due rows, deliver each, mark them.

Guarantees. The in-app task list needs no scan: a task shows once its due moment has passed, so it appears
exactly once. Mail is at-least-once: the due rows are claimed (state `sending`, a claim token) in one
committed UPDATE … RETURNING, then mailed, then marked `sent` in one UPDATE per batch. Two scanners cannot
claim the same row (the UPDATE re-checks the state under the row lock on PostgreSQL and under SQLite's write
lock; on PostgreSQL rows another scanner is claiming are skipped, not waited for). A crash between claim and
delivery leaves the rows `sending`; after the lease they are claimed again, so they are mailed once. Only a
crash after the SMTP server accepted a mail and before its batch was marked could send it twice; the stable
Message-ID lets mail systems fold such a double. We prefer that to at-most-once: a lost follow-up call is the
very problem this feature exists to solve. A failed delivery goes back to `open` with a later next try
(notifications/delivery.py) and its reason, for the admin's mail page."""

import datetime as dt
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session, select

from notifications.delivery import MAX_ATTEMPTS, describe, next_try
from notifications.mail import ReminderMail
from storage.engine import WRITE
from storage.models import Case, User
from storage.reminders import MAX_ERROR, OPEN, SENDING, SENT, Reminder, cancel_outdated_idle, cancel_waiting_idle

LEASE = dt.timedelta(minutes=10)
BATCH = 1000
MARK_EVERY = 100  # sent mails marked per UPDATE: bounds the doubles a crash can cause, and the statements
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScanResult:
    claimed: int
    sent: int
    failed: int


@dataclass
class _Outcome:
    sent: list[int] = field(default_factory=list)
    failed: dict[int, Exception] = field(default_factory=dict)


def run_scan(engine: sa.Engine, now: dt.datetime, deliver: Callable[[ReminderMail], None] | None) -> ScanResult:
    """One scan as of `now`. `deliver` sends a mail; None marks the rows sent without mail (in-app only)."""
    token = secrets.token_hex(8)
    claimed = claim_due(engine, now, token)
    outcome = _Outcome()
    step = MARK_EVERY if deliver is not None else max(len(claimed), 1)  # without mail nothing can double
    for start in range(0, len(claimed), step):
        chunk = claimed[start : start + step]
        _deliver_all(chunk, deliver, outcome)
        mark_sent(engine, [mail.reminder_id for mail in chunk if mail.reminder_id not in outcome.failed], token, now)
    mark_failed(engine, outcome.failed, token, now)
    return ScanResult(len(claimed), len(claimed) - len(outcome.failed), len(outcome.failed))


def _deliver_all(mails: list[ReminderMail], deliver: Callable[[ReminderMail], None] | None, outcome: _Outcome):
    if deliver is None:
        return
    for mail in mails:
        try:
            deliver(mail)
        except Exception as problem:  # one bad address or a hiccup must not stop the others; retried later
            log.warning("reminder %s not delivered: %s", mail.reminder_id, problem)
            outcome.failed[mail.reminder_id] = problem


def due_condition(now: dt.datetime):
    """Open, due and not waiting for a retry, or claimed by a scanner that has not finished within the lease."""
    return sa.or_(
        sa.and_(
            Reminder.state == OPEN,
            Reminder.due_at <= now,
            Reminder.attempts < MAX_ATTEMPTS,
            sa.or_(Reminder.next_try_at.is_(None), Reminder.next_try_at <= now),
        ),
        sa.and_(Reminder.state == SENDING, Reminder.claimed_at < now - LEASE),
    )


def claim_due(engine: sa.Engine, now: dt.datetime, token: str) -> list[ReminderMail]:
    """Cancel due reminders a later step made outdated or a waiting case made moot, then claim up to BATCH
    due ones for this scanner in one committed UPDATE … RETURNING, with each recipient's address and the
    case's reference."""
    due_ids = (
        select(Reminder.id)
        .where(due_condition(now))
        .order_by(Reminder.due_at)
        .limit(BATCH)
        .with_for_update(skip_locked=True)  # PostgreSQL only; SQLite has one writer at a time anyway
    )
    email = select(User.email).where(User.id == Reminder.user_id).scalar_subquery()
    ref = select(Case.ref).where(Case.id == Reminder.case_id).scalar_subquery()
    claim = (
        sa.update(Reminder)
        .where(Reminder.id.in_(due_ids.scalar_subquery()), due_condition(now))
        .values(state=SENDING, claim_token=token, claimed_at=now)
        .returning(Reminder.id, Reminder.kind, email, Reminder.case_id, ref, Reminder.due_at)
    )
    with Session(engine) as session:
        connection = session.connection(execution_options=WRITE)
        cancel_outdated_idle(connection, due_condition(now))
        cancel_waiting_idle(connection, due_condition(now))
        rows = connection.execute(claim).all()
        session.commit()
    return sorted((ReminderMail(*row) for row in rows), key=lambda mail: (mail.due_at, mail.reminder_id))


def mark_sent(engine: sa.Engine, reminder_ids: list[int], token: str, now: dt.datetime) -> None:
    """Mark this scanner's delivered reminders sent, in one UPDATE."""
    if not reminder_ids:
        return
    with Session(engine) as session:
        session.connection(execution_options=WRITE).execute(
            sa.update(Reminder)
            .where(Reminder.id.in_(reminder_ids), Reminder.claim_token == token, Reminder.state == SENDING)
            .values(state=SENT, sent_at=now, next_try_at=None)
        )
        session.commit()


def mark_failed(engine: sa.Engine, failures: dict[int, Exception], token: str, now: dt.datetime) -> None:
    """Put this scanner's undelivered reminders back, each with one more attempt, its next try and why."""
    if not failures:
        return
    with Session(engine) as session:
        connection = session.connection(execution_options=WRITE)
        rows = connection.execute(select(Reminder.id, Reminder.attempts).where(Reminder.id.in_(list(failures))))
        attempts = {rid: count for rid, count in rows}
        table = Reminder.__table__
        connection.execute(
            sa.update(table)
            .where(table.c.id == sa.bindparam("rid"), table.c.claim_token == token, table.c.state == SENDING)
            .values(
                state=OPEN,
                claim_token=None,
                claimed_at=None,
                attempts=sa.bindparam("n"),
                next_try_at=sa.bindparam("retry"),
                last_error=sa.bindparam("why"),
            ),
            [
                {
                    "rid": rid,
                    "n": attempts[rid] + 1,
                    "retry": next_try(attempts[rid] + 1, now),
                    "why": describe(problem)[:MAX_ERROR],
                }
                for rid, problem in failures.items()
            ],
        )
        session.commit()
