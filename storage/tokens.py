"""API tokens: a random token shown once; only its SHA-256 is stored, so a database leak reveals none.

A token has a name, an expiry, a last-used time and can be revoked; revoked and expired rows are kept, so
their owner can still see what they were."""

import datetime as dt
import hashlib
import secrets
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from storage.models import ApiToken, User

MAX_TOKEN_LENGTH = 200
DEFAULT_DAYS, MAX_DAYS = 365, 2 * 365
MAX_NAME = 80
# Last use is written at most this often per token: a busy client does not turn every read into a write.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def name_problem(name: str) -> str | None:
    """The Dutch reason a token name is refused, or None. The one place the rule lives (page and command)."""
    if len(name) > MAX_NAME:
        return f"Naam: maximaal {MAX_NAME} tekens (nu {len(name)})"
    if any(ord(c) < 32 or 127 <= ord(c) < 160 or 0xD800 <= ord(c) < 0xE000 for c in name):
        return "Naam: bevat tekens die niet zijn toegestaan (zoals stuurtekens)"
    return None


def days_problem(days: int) -> str | None:
    """The Dutch reason a validity is refused, or None."""
    if not 1 <= days <= MAX_DAYS:
        return f"Geldigheid: kies 1 tot en met {MAX_DAYS} dagen"
    return None


def token_hash(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(session: Session, user: User, now: dt.datetime, name: str = "", days: int = DEFAULT_DAYS) -> str:
    """A new token for `user`, valid for `days`; the caller shows it once, it cannot be read back."""
    token = secrets.token_urlsafe(32)
    expires = now + dt.timedelta(days=days)
    session.add(ApiToken(user_id=user.id, token_hash=token_hash(token), name=name, created_at=now, expires_at=expires))
    session.flush()
    return token


def token_and_user(session: Session, token: str, now: dt.datetime) -> tuple[ApiToken, User] | None:
    """The usable token row and its active user, or None (unknown, revoked, expired, or an inactive user)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    found = session.exec(
        select(ApiToken, User).join(User, ApiToken.user_id == User.id).where(ApiToken.token_hash == token_hash(token))
    ).first()
    if found is None or not found[0].usable_at(now) or not found[1].active:
        return None
    return found[0], found[1]


def needs_use_noted(token: ApiToken, now: dt.datetime) -> bool:
    """Whether the token's last-used time is older than its precision (so worth a write)."""
    return token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION


def note_use(uow: Any, token_id: int) -> None:
    """Set the last-used time, unless another request did so within the precision (one conditional UPDATE);
    `uow` is a storage.uow.SqlUnitOfWork."""
    with uow:
        now = uow.clock.now()
        stale = ApiToken.last_used_at.is_(None) | (ApiToken.last_used_at <= now - LAST_USED_PRECISION)
        uow.session.exec(sa.update(ApiToken).where(ApiToken.id == token_id, stale).values(last_used_at=now))
        uow.commit()


def state_of(token: ApiToken, now: dt.datetime) -> str:
    """The token's state in Dutch: actief, ingetrokken or verlopen."""
    if token.revoked_at is not None:
        return "ingetrokken"
    return "actief" if token.usable_at(now) else "verlopen"


def tokens_of(session: Session, user_id: int) -> list[ApiToken]:
    """Every token of a user, newest first (revoked and expired ones too)."""
    query = select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.created_at.desc(), ApiToken.id)
    return list(session.exec(query).all())


def revoke_token(session: Session, token_id: int, now: dt.datetime, user_id: int | None = None) -> ApiToken | None:
    """Revoke one token (only `user_id`'s, when given); None when there is no such token. Idempotent."""
    token = session.get(ApiToken, token_id)
    if token is None or (user_id is not None and token.user_id != user_id):
        return None
    if token.revoked_at is None:
        token.revoked_at = now
    session.flush()
    return token


def revoke_tokens(session: Session, user: User, now: dt.datetime) -> int:
    """Revoke every token of `user` still in force; returns how many were."""
    tokens = session.exec(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))).all()
    for token in tokens:
        token.revoked_at = now
    session.flush()
    return len(tokens)


def create_token_for(uow: Any, user_id: int, name: str, days: int = DEFAULT_DAYS) -> str:
    """A new token of the user (in its own unit of work); the secret, to show once."""
    with uow:
        secret = create_token(uow.session, uow.session.get(User, user_id), uow.clock.now(), name, days)
        uow.commit()
        return secret


def revoke_token_of(uow: Any, user_id: int, token_id: int) -> ApiToken | None:
    """Revoke one of the user's own tokens; None when the user has no such token."""
    with uow:
        token = revoke_token(uow.session, token_id, uow.clock.now(), user_id=user_id)
        uow.commit()
        return token


def revoke_all_tokens(uow: Any, user_id: int) -> int | None:
    """Revoke every token of a user (the admin's button); None when there is no such user."""
    with uow:
        user = uow.session.get(User, user_id)
        if user is None:
            return None
        count = revoke_tokens(uow.session, user, uow.clock.now())
        uow.commit()
        return count
