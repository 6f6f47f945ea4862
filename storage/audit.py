"""The audit trail (field, old → new, who, when) of recorded case data, and the access log (who opened
which case). Both are written by the storage layer, so no page or use case can forget them."""

import contextvars
import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import JSON, Field, Session, SQLModel

from storage.engine import WRITE
from storage.models import Case, MainPerson
from storage.types import UTCDateTime
from workflow.clock import SystemClock

_actor_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("kring_audit_actor", default=None)
# Columns that change with every step on their own: their history is the case history, not the audit.
_SKIPPED = {"version", "updated_at", "phase", "created_at", "id"}


class AuditEntry(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    at: dt.datetime = Field(sa_type=UTCDateTime)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    field: str = Field(max_length=80)
    old: Any = Field(default=None, sa_type=JSON, nullable=True)  # None: the field was empty
    new: Any = Field(default=None, sa_type=JSON, nullable=True)  # None: the field was empty


class AccessLogEntry(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    at: dt.datetime = Field(sa_type=UTCDateTime, index=True)
    via: str = Field(max_length=10)  # "pagina" or "api"
    path: str = Field(max_length=200)


def set_actor(user_id: int | None) -> None:
    """Who is acting in this request or command (read by the audit when a flush writes changes)."""
    _actor_id.set(user_id)


def current_actor() -> int | None:
    """Who acts in this request or command (set_actor), for the other audit trails."""
    return _actor_id.get()


def log_access(session: Session, case_id: int, user_id: int, at: dt.datetime, via: str, path: str) -> None:
    """One line in the access log, in a short transaction of its own in `session` (the request's, whose page
    is already drawn): the request holds one connection, so the log line never waits for a second."""
    # End the read transaction (on SQLite a write must not start from its snapshot). A commit of nothing does
    # that without expiring what the page loaded (the session keeps objects on commit; a rollback expires them,
    # and the user would be read again); anything unflushed is not this line's to write, so it is rolled back.
    if session.new or session.dirty or session.deleted:
        session.rollback()
    else:
        session.commit()
    session.connection(execution_options=WRITE)
    session.add(AccessLogEntry(case_id=case_id, user_id=user_id, at=at, via=via, path=path[:200]))
    session.commit()


def listen() -> None:
    """Write the audit at every flush of every session (called once, by web.bootstrap; twice is harmless)."""
    if not sa.event.contains(OrmSession, "before_flush", _audit_changes):
        sa.event.listen(OrmSession, "before_flush", _audit_changes)


def _audit_changes(session: OrmSession, _context: Any, _instances: Any) -> None:
    # A unit of work puts its clock in the session's info; any other session stamps with the system clock.
    now = session.info.get("clock", SystemClock()).now()
    for obj in list(session.dirty):
        if isinstance(obj, Case | MainPerson) and session.is_modified(obj, include_collections=False):
            for field, old, new in _changes(obj):
                session.add(
                    AuditEntry(
                        case_id=obj.id if isinstance(obj, Case) else obj.case_id,
                        at=now,
                        user_id=_actor_id.get(),
                        field=field,
                        old=old,
                        new=new,
                    )
                )


def _changes(obj: Case | MainPerson):
    prefix = "" if isinstance(obj, Case) else f"hoofdpersoon[{obj.position}]."
    state = sa.inspect(obj)
    for attr in state.mapper.column_attrs:
        if attr.key in _SKIPPED:
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if attr.key == "record":
            yield from _record_changes(old or {}, new or {})
        elif _plain(old) != _plain(new):
            yield prefix + attr.key, _plain(old), _plain(new)


def _record_changes(old: dict, new: dict):
    for key in sorted(set(old) | set(new)):
        if json.dumps(old.get(key), sort_keys=True, default=str) != json.dumps(
            new.get(key), sort_keys=True, default=str
        ):
            yield f"record.{key}", old.get(key), new.get(key)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value.value if hasattr(value, "value") else value


class UserAuditEntry(SQLModel, table=True):
    """One change the bureau made to a user (name, role, regions, active): which user, by whom, when, old → new.
    A user is no case, so these are kept apart from AuditEntry; they show on the user's log page."""

    __tablename__ = "user_audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    at: dt.datetime = Field(sa_type=UTCDateTime)
    field: str = Field(max_length=80)
    old: Any = Field(default=None, sa_type=JSON, nullable=True)  # None: the field was empty
    new: Any = Field(default=None, sa_type=JSON, nullable=True)  # None: the field was empty
