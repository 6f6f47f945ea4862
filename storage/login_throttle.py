"""The login throttle: slows a guesser down without ever locking the rightful user out (OWASP's
Authentication Cheat Sheet). Failures are counted in the database, so the throttle holds across processes.

Two counters, over the last day: failures for one (account, address) pair and failures from one address. Past
a free number of failures, each further attempt waits a delay that doubles with every failure, up to a cap,
counted from the last failure. Nothing counts per account alone: the owner, at an address with no failures,
is never slowed by what a guesser does elsewhere. A success forgets the pair's failures (typos by the owner)."""

import datetime as dt
import math
from typing import Any

from sqlmodel import Session, delete, func, select

from storage.models import LoginAttempt

WINDOW = dt.timedelta(days=1)
FREE_PER_PAIR, FREE_PER_ADDRESS = 5, 20
FIRST_DELAY, MAX_DELAY = dt.timedelta(seconds=15), dt.timedelta(minutes=15)


def delay_after(failures: int, free: int) -> dt.timedelta:
    """The wait after `failures` failures when `free` of them cost nothing: doubling, capped."""
    if failures < free:
        return dt.timedelta(0)
    return min(FIRST_DELAY * 2 ** min(failures - free, 32), MAX_DELAY)


def seconds_to_wait(session: Session, email: str, ip: str, now: dt.datetime) -> int:
    """Whole seconds until this address may try this account again; 0 when it may now."""
    pair = _failures(session, now, LoginAttempt.email == email, LoginAttempt.ip == ip)
    address = _failures(session, now, LoginAttempt.ip == ip)
    until = max(_until(*pair, FREE_PER_PAIR), _until(*address, FREE_PER_ADDRESS))
    return max(0, math.ceil((until - now).total_seconds()))


def _failures(session: Session, now: dt.datetime, *where) -> tuple[int, dt.datetime | None]:
    query = select(func.count(), func.max(LoginAttempt.at)).where(LoginAttempt.at >= now - WINDOW, *where)
    count, last = session.exec(query).one()
    return count, last


def _until(count: int, last: dt.datetime | None, free: int) -> dt.datetime:
    if last is None or count < free:
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    if last.tzinfo is None:  # func.max bypasses the column type: SQLite hands back a naive UTC time
        last = last.replace(tzinfo=dt.UTC)
    return last + delay_after(count, free)


def record_failed_login(uow: Any, email: str, ip: str) -> None:
    """Remember a failed login, and forget those older than the window; `uow` is a storage.uow.SqlUnitOfWork."""
    with uow:
        now = uow.clock.now()
        uow.session.exec(delete(LoginAttempt).where(LoginAttempt.at < now - WINDOW))
        uow.session.add(LoginAttempt(email=email, ip=ip, at=now))
        uow.commit()


def forget_failed_logins(uow: Any, email: str, ip: str) -> None:
    """After a successful login: the pair's earlier failures were the owner's own typos."""
    with uow:
        uow.session.exec(delete(LoginAttempt).where(LoginAttempt.email == email, LoginAttempt.ip == ip))
        uow.commit()
