"""Per-request access to the settings, the database session, the clock, the unit of work and the current actor.

One database session per request, and so at most one connection at a time: reads, the write (the unit of
work shares the session) and the access-log line all go through it. A request that held its read connection
while it waited for a second one is how the pool once ran out under load (see storage.engine)."""

import sqlalchemy as sa
from flask import current_app, g
from flask_login import current_user
from sqlmodel import Session

from storage.accounts import actor_for
from storage.audit import set_actor
from storage.engine import end_read_transaction
from storage.uow import SqlUnitOfWork
from web.config import Settings
from workflow.clock import Clock
from workflow.guards import Actor


def settings() -> Settings:
    """The settings the app was created with (read from the environment once)."""
    return current_app.extensions["kring.settings"]


def engine() -> sa.Engine:
    """The engine, for a storage function that runs a short transaction of its own. The request's session
    first ends its read transaction, so the request still holds no more than one connection at a time."""
    if "db" in g:
        end_read_transaction(g.db)
    return _engine()


def _engine() -> sa.Engine:
    return current_app.extensions["kring.engine"]


def clock() -> Clock:
    return current_app.extensions["kring.clock"]


def db() -> Session:
    """The request's read session, closed at the end of the request."""
    if "db" not in g:
        g.db = Session(_engine(), expire_on_commit=False, info={"clock": clock()})
    return g.db


def uow() -> SqlUnitOfWork:
    """A unit of work for one action (one transaction), in the request's session (see SqlUnitOfWork.sharing)."""
    return SqlUnitOfWork(_engine(), clock(), current_app.extensions["kring.bus"]).sharing(db())


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
