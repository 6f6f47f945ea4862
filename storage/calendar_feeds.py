"""Personal calendar feeds: one secret URL per user, shown once; only the token's SHA-256 is stored, so a
database leak reveals no feed. Renewing replaces the hash: the old URL stops working at once."""

import datetime as dt
import re
import secrets
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel, select

from storage.models import User
from storage.tokens import token_hash
from storage.types import UTCDateTime

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32): 43 characters of base64url


class CalendarFeed(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: dt.datetime = Field(sa_type=UTCDateTime)


def renew_feed(session: Session, user_id: int, now: dt.datetime) -> str:
    """A new secret for the user's feed (the first, or one that replaces the old); the caller shows it once."""
    token = secrets.token_urlsafe(32)
    found = session.exec(select(CalendarFeed).where(CalendarFeed.user_id == user_id)).first()
    if found is None:
        session.add(CalendarFeed(user_id=user_id, token_hash=token_hash(token), created_at=now))
    else:
        found.token_hash, found.created_at = token_hash(token), now
    session.flush()
    return token


def renew_feed_for(uow: Any, user_id: int) -> str:
    """renew_feed in its own unit of work; the secret, to show once."""
    with uow:
        token = renew_feed(uow.session, user_id, uow.clock.now())
        uow.commit()
        return token


def feed_of(session: Session, user_id: int) -> CalendarFeed | None:
    """The user's feed row (to show when its link was made), or None."""
    return session.exec(select(CalendarFeed).where(CalendarFeed.user_id == user_id)).first()


def user_of_feed(session: Session, token: str) -> User | None:
    """The active user whose feed `token` opens, or None. Anything not shaped like a token is not looked up."""
    if not isinstance(token, str) or not TOKEN_SHAPE.fullmatch(token):
        return None
    found = session.exec(
        select(User)
        .join(CalendarFeed, CalendarFeed.user_id == User.id)
        .where(CalendarFeed.token_hash == token_hash(token))
    ).first()
    return found if found is not None and found.active else None


def drop_feed(session: Session, user_id: int) -> None:
    """Stop the user's feed (no URL works any more)."""
    session.execute(sa.delete(CalendarFeed).where(CalendarFeed.user_id == user_id))
