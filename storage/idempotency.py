"""Idempotency keys of the API's creating requests: the first answer to a (user, key) is stored in the same
transaction as the write it reports, so a retry after a lost response gets that answer and writes nothing."""

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, select

from storage.messagebus import MessageBus
from storage.types import UTCDateTime
from storage.uow import SqlUnitOfWork
from workflow.clock import Clock

KEEP = dt.timedelta(hours=24)  # a key older than this is forgotten: the same key then starts a new request
MAX_KEY_LENGTH = 200


class IdempotencyKey(SQLModel, table=True):
    """A key a user sent with a creating request, the fingerprint of that request and its answer."""

    __tablename__ = "idempotency_key"
    __table_args__ = (sa.UniqueConstraint("user_id", "key", name="uq_idempotency_key_user_key"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False))
    key: str = Field(max_length=MAX_KEY_LENGTH)
    request_hash: str = Field(max_length=64)
    status: int
    response: str = Field(sa_type=sa.Text)
    created_at: dt.datetime = Field(sa_type=UTCDateTime, index=True)


@dataclass(frozen=True)
class Claim:
    """A request that carries a key: whose key, which key, and the fingerprint of the request."""

    user_id: int
    key: str
    request_hash: str


class KeyInUse(Exception):
    """Another request with the same key committed first (it raced this one): answer with its stored answer."""


def request_hash(method: str, path: str, body: bytes) -> str:
    """The fingerprint of a request: the same key with another fingerprint is another request."""
    digest = hashlib.sha256(f"{method} {path}\n".encode())
    digest.update(body)
    return digest.hexdigest()


def stored_answer(session: Session, user_id: int, key: str, now: dt.datetime) -> IdempotencyKey | None:
    """The answer stored for this user's key within KEEP, or None."""
    query = select(IdempotencyKey).where(
        IdempotencyKey.user_id == user_id, IdempotencyKey.key == key, IdempotencyKey.created_at >= now - KEEP
    )
    return session.exec(query).first()


class IdempotentUnitOfWork(SqlUnitOfWork):
    """A unit of work that claims the key when it begins and commits only with the answer stored (`finish`).

    The use case's own commit only flushes; the view then builds its answer in the still open transaction and
    `finish` stores it and commits both together. A second request with the same key waits on the key's
    unique index (PostgreSQL) or on the write lock (SQLite) and then fails its claim: KeyInUse."""

    def __init__(self, engine: sa.Engine, clock: Clock, bus: MessageBus, claim: Claim):
        super().__init__(engine, clock, bus)
        self.claim, self.written = claim, False

    def __enter__(self) -> "IdempotentUnitOfWork":
        super().__enter__()
        try:
            self.row = self._claim_key()
        except IntegrityError:
            self._close()
            raise KeyInUse() from None
        return self

    def _claim_key(self) -> IdempotencyKey:
        now = self.clock.now()
        expired = (IdempotencyKey.user_id == self.claim.user_id) & (IdempotencyKey.created_at < now - KEEP)
        self.session.execute(sa.delete(IdempotencyKey).where(expired))
        row = IdempotencyKey(**asdict(self.claim), status=0, response="", created_at=now)
        self.session.add(row)
        self.session.flush()
        return row

    def commit(self) -> None:
        """The use case is done: flush (so a version conflict shows now) and keep the transaction for `finish`."""
        self.session.flush()
        self.written = True

    def __exit__(self, exc_type: type | None, *exc: object) -> None:
        if exc_type is None and self.written:
            return  # the transaction stays open until `finish` or `abandon`
        super().__exit__(exc_type, *exc)

    def finish(self, status: int, body: str) -> None:
        """Store the answer with the key and commit it together with the use case's write."""
        self.row.status, self.row.response = status, body
        try:
            super().commit()
        finally:
            self._close()

    def abandon(self) -> None:
        """Roll back the use case's write, if it got that far: its answer could not be made."""
        if self.written:
            self._close()

    def _close(self) -> None:
        self.session.rollback()
        if self.shared is None:
            self.session.close()
