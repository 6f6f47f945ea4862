"""The reminder scan: claim due rows atomically, deliver each, mark it sent.

Guarantees. The in-app task list needs no scan: a task shows once its due moment has passed, so it appears
exactly once. Mail is at-least-once: a row is claimed (state `sending`, a claim token) in one committed
UPDATE, then mailed, then marked `sent`. Two scanners cannot claim the same row (the UPDATE re-checks
the state under the row lock on PostgreSQL and under SQLite's write lock). A crash between claim and
delivery leaves the row `sending`; after the lease it is claimed again, so it is mailed once. Only a crash
after the SMTP server accepted the mail and before the row was marked could send it twice; the stable
Message-ID lets mail systems fold such a double. We prefer that to at-most-once: a lost follow-up call
is the very problem this feature exists to solve."""

import datetime as dt
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from notifications.mail import ReminderMail
from storage.engine import WRITE
from storage.models import Case, User
from storage.reminders import OPEN, SENDING, SENT, Reminder

LEASE = dt.timedelta(minutes=10)
BATCH = 1000
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScanResult:
    claimed: int
    sent: int
    failed: int


def run_scan(engine: sa.Engine, now: dt.datetime, deliver: Callable[[ReminderMail], None] | None) -> ScanResult:
    """One scan as of `now`. `deliver` sends a mail; None marks the rows sent without mail (in-app only)."""
    token = secrets.token_hex(8)
    claimed = claim_due(engine, now, token)
    sent = failed = 0
    for mail in claimed:
        try:
            if deliver is not None:
                deliver(mail)
        except Exception:  # one bad address or a hiccup must not stop the others; retried next scan
            log.exception("reminder %s not delivered", mail.reminder_id)
            _release(engine, mail.reminder_id, token)
            failed += 1
            continue
        _mark_sent(engine, mail.reminder_id, token, now)
        sent += 1
    return ScanResult(len(claimed), sent, failed)


def due_condition(now: dt.datetime):
    """Open and due, or claimed by a scanner that has not finished within the lease."""
    return sa.or_(
        sa.and_(Reminder.state == OPEN, Reminder.due_at <= now),
        sa.and_(Reminder.state == SENDING, Reminder.claimed_at < now - LEASE),
    )


def claim_due(engine: sa.Engine, now: dt.datetime, token: str) -> list[ReminderMail]:
    """Claim up to BATCH due reminders for this scanner in one committed UPDATE, then read them back."""
    with Session(engine) as session:
        session.connection(execution_options=WRITE)
        due_ids = select(Reminder.id).where(due_condition(now)).order_by(Reminder.due_at).limit(BATCH)
        session.exec(
            sa.update(Reminder)
            .where(Reminder.id.in_(due_ids.scalar_subquery()), due_condition(now))
            .values(state=SENDING, claim_token=token, claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        session.commit()
        rows = session.exec(
            select(Reminder, User.email, Case.ref)
            .join(User, User.id == Reminder.user_id)
            .join(Case, Case.id == Reminder.case_id)
            .where(Reminder.claim_token == token, Reminder.state == SENDING)
        ).all()
    return [ReminderMail(r.id, r.kind, email, r.case_id, ref, r.due_at) for r, email, ref in rows]


def _mark_sent(engine: sa.Engine, reminder_id: int, token: str, now: dt.datetime) -> None:
    _update(engine, reminder_id, token, state=SENT, sent_at=now)


def _release(engine: sa.Engine, reminder_id: int, token: str) -> None:
    _update(engine, reminder_id, token, state=OPEN, claim_token=None, claimed_at=None)


def _update(engine: sa.Engine, reminder_id: int, token: str, **values) -> None:
    with Session(engine) as session:
        session.connection(execution_options=WRITE)
        session.exec(
            sa.update(Reminder)
            .where(Reminder.id == reminder_id, Reminder.claim_token == token, Reminder.state == SENDING)
            .values(**values)
        )
        session.commit()
