"""Per-request access to the database session, the clock, the unit of work and the current actor."""

from flask import current_app, g
from flask_login import current_user
from sqlmodel import Session

from storage.accounts import actor_for
from storage.audit import set_actor
from storage.uow import SqlUnitOfWork
from workflow.clock import Clock
from workflow.guards import Actor


def engine():
    return current_app.extensions["kring.engine"]


def clock() -> Clock:
    return current_app.extensions["kring.clock"]


def db() -> Session:
    """The request's read session, closed at the end of the request."""
    if "db" not in g:
        g.db = Session(engine(), expire_on_commit=False)
    return g.db


class RequestUnitOfWork(SqlUnitOfWork):
    """A unit of work on the request's own session, so the page drawn after an action reads what it wrote.

    Why the request's session and not a second one that expires the first after commit: expiring is not
    enough on SQLite, where the read transaction keeps its snapshot from before the write; ending that read
    transaction first (rollback, which also expires every object) and writing in the same session leaves no
    stale state to forget, and moves towards one database session per request. The write still begins its own
    transaction (BEGIN IMMEDIATE on SQLite); the request's teardown closes the session, not the unit of work."""

    def open_session(self) -> Session:
        session = db()
        session.rollback()  # end the read transaction: the write must not start from its snapshot
        return session

    def close_session(self) -> None:
        pass  # closed by close_db at the end of the request


def uow() -> SqlUnitOfWork:
    """A unit of work for one action (one transaction) on the request's session."""
    return RequestUnitOfWork(engine(), clock(), current_app.extensions.get("kring.event_handlers", []))


def actor() -> Actor:
    """The logged-in user as the domain sees them (role, regions, coordinator profile)."""
    if "actor" not in g:
        g.actor = actor_for(db(), current_user._get_current_object())
        set_actor(g.actor.user_id)
    return g.actor


def close_db(_exc: BaseException | None = None) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.close()
