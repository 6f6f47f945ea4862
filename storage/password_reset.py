"""Password reset by e-mail: single-use links valid for an hour, stored as a hash, and a throttle on asking.

A link carries a random token; only its SHA-256 is stored, so a copy of the database opens no account. A
token is refused when it is unknown (foreign or mistyped), malformed, expired or used; using one ends every
session of the user and voids their other open links. Asking for a link is throttled per e-mail address and
per client address over the last hour, whether or not the address has an account: the throttle must not tell
which addresses exist either."""

import datetime as dt
import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel, delete, func, select

from storage.accounts import find_user, hash_password, new_password_errors, new_session_token
from storage.models import User
from storage.types import UTCDateTime
from workflow.errors import InvalidInput

VALID_FOR = dt.timedelta(hours=1)
KEPT = dt.timedelta(days=1)  # an expired link is remembered this long (to say "verlopen"), then forgotten
WINDOW = dt.timedelta(hours=1)
PER_EMAIL, PER_ADDRESS = 3, 10  # requests per WINDOW; beyond that the asker waits
TOKEN_BYTES = 32
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")  # what secrets.token_urlsafe(32) gives

# Why a link does not work, as the page says it: not ours (mistyped, made up, malformed), too old, used, or
# another account's than the one logged in on this browser.
UNKNOWN, EXPIRED, USED, FOREIGN = "onbekend", "verlopen", "gebruikt", "ander account"


class PasswordReset(SQLModel, table=True):
    """One reset link sent: whose, the token's hash, until when it works and when it was used."""

    __tablename__ = "password_reset"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: dt.datetime = Field(sa_type=UTCDateTime)
    expires_at: dt.datetime = Field(sa_type=UTCDateTime)
    used_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class PasswordResetRequest(SQLModel, table=True):
    """One ask for a link (known address or not), kept for an hour for the throttle."""

    __tablename__ = "password_reset_request"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    ip: str = Field(max_length=64, index=True)
    at: dt.datetime = Field(sa_type=UTCDateTime, index=True)


@dataclass(frozen=True)
class ResetLink:
    """A link to mail: to whom, and the token (shown once, in the mail; never stored)."""

    email: str
    name: str
    token: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_well_formed(token: str) -> bool:
    """Whether `token` has the shape of one we make (anything else is refused before any lookup)."""
    return bool(_TOKEN_SHAPE.fullmatch(token))


def seconds_to_wait(session: Session, email: str, ip: str, now: dt.datetime) -> int:
    """Whole seconds until this address may ask for this e-mail address again; 0 when it may now."""
    waits = [
        _wait(session, now, PER_EMAIL, PasswordResetRequest.email == email),
        _wait(session, now, PER_ADDRESS, PasswordResetRequest.ip == ip),
    ]
    return max(waits)


def _wait(session: Session, now: dt.datetime, limit: int, where: Any) -> int:
    recent = (
        select(PasswordResetRequest.at)
        .where(PasswordResetRequest.at > now - WINDOW, where)
        .order_by(PasswordResetRequest.at.desc())
        .limit(limit)
    )
    times = list(session.exec(recent).all())
    if len(times) < limit:
        return 0
    oldest = min(times)  # the limit-th most recent: one more may ask once it leaves the window
    if oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=dt.UTC)
    return max(1, math.ceil((oldest + WINDOW - now).total_seconds()))


def request_reset(uow: Any, email: str, ip: str) -> ResetLink | None:
    """Record the ask and, for an active account with this address, make a link; None otherwise. Both ways
    do the same writes in one transaction, so the answer's timing tells little about the address."""
    with uow:
        now = uow.clock.now()
        session = uow.session
        session.exec(delete(PasswordResetRequest).where(PasswordResetRequest.at <= now - WINDOW))
        session.exec(delete(PasswordReset).where(PasswordReset.expires_at <= now - KEPT))  # spent, no more use
        session.add(PasswordResetRequest(email=email, ip=ip, at=now))
        user = find_user(session, email) if email else None
        link = None
        if user is not None and user.active:
            token = secrets.token_urlsafe(TOKEN_BYTES)
            session.add(
                PasswordReset(user_id=user.id, token_hash=token_hash(token), created_at=now, expires_at=now + VALID_FOR)
            )
            link = ResetLink(user.email, user.name, token)
        uow.commit()
        return link


def link_problem(session: Session, token: str, now: dt.datetime, logged_in: int | None = None) -> str | None:
    """Why this token cannot set a password (UNKNOWN, EXPIRED, USED, or FOREIGN when the browser is logged in
    as `logged_in` and the link is someone else's), or None when it can."""
    return _check(session, token, now, logged_in)[1]


def _check(
    session: Session, token: str, now: dt.datetime, logged_in: int | None
) -> tuple[PasswordReset | None, str | None]:
    if not is_well_formed(token):
        return None, UNKNOWN
    reset = session.exec(select(PasswordReset).where(PasswordReset.token_hash == token_hash(token))).first()
    if reset is None:
        return None, UNKNOWN
    user = session.get(User, reset.user_id)
    if user is None or not user.active:
        return None, UNKNOWN
    if logged_in is not None and logged_in != user.id:
        return None, FOREIGN
    if reset.used_at is not None:
        return reset, USED
    if now >= reset.expires_at:
        return reset, EXPIRED
    return reset, None


def reset_password(uow: Any, token: str, values: dict[str, str], method: str, logged_in: int | None = None) -> User:
    """Set the new password with a good token: the token and the user's other links are used up, and every
    session of the user ends. InvalidInput names each wrong field ("token" when the link does not work; see
    link_problem for `logged_in`)."""
    with uow:
        now = uow.clock.now()
        session = uow.session
        reset, problem = _check(session, token, now, logged_in)
        if problem:
            raise InvalidInput({"token": problem})
        user = session.get(User, reset.user_id)
        errors = new_password_errors(values, user.email)
        if errors:
            raise InvalidInput(errors)
        # Claimed by a conditional UPDATE: of two tabs sending one link at the same moment, one wins.
        claimed = session.exec(
            sa.update(PasswordReset)
            .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
            .values(used_at=now)
        )
        if claimed.rowcount != 1:
            raise InvalidInput({"token": USED})
        user.password_hash = hash_password(values["new_password"], method)
        user.session_token = new_session_token()
        session.exec(
            sa.update(PasswordReset)
            .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
            .values(used_at=now)
        )
        uow.commit()
        return user


def open_links(session: Session, user_id: int, now: dt.datetime) -> int:
    """How many of the user's links still work (for tests and the admin)."""
    query = select(func.count()).where(
        PasswordReset.user_id == user_id, PasswordReset.used_at.is_(None), PasswordReset.expires_at > now
    )
    return session.exec(query).one()
