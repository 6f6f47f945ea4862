"""API tokens: a random token shown once; only its SHA-256 is stored, so a database leak reveals none."""

import datetime as dt
import hashlib
import secrets

from sqlmodel import Session, select

from storage.models import ApiToken, User

MAX_TOKEN_LENGTH = 200


def token_hash(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(session: Session, user: User, now: dt.datetime, name: str = "") -> str:
    """A new token for `user`; the caller shows it once, it cannot be read back."""
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=token_hash(token), name=name[:80], created_at=now))
    session.flush()
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The active user a token belongs to, or None for an unknown token or an inactive user."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    found = session.exec(
        select(User).join(ApiToken, ApiToken.user_id == User.id).where(ApiToken.token_hash == token_hash(token))
    ).first()
    return found if found is not None and found.active else None


def revoke_tokens(session: Session, user: User) -> int:
    """Remove every token of `user`; returns how many there were."""
    tokens = session.exec(select(ApiToken).where(ApiToken.user_id == user.id)).all()
    for token in tokens:
        session.delete(token)
    session.flush()
    return len(tokens)
