"""Per-request access to the settings, the database session, the clock, the unit of work and the current actor."""

from flask import current_app, g
from flask_login import current_user
from sqlmodel import Session

from storage.accounts import actor_for
from storage.audit import set_actor
from storage.uow import SqlUnitOfWork
from web.config import Settings
from workflow.clock import Clock
from workflow.guards import Actor


def settings() -> Settings:
    """The settings the app was created with (read from the environment once)."""
    return current_app.extensions["kring.settings"]


def engine():
    return current_app.extensions["kring.engine"]


def clock() -> Clock:
    return current_app.extensions["kring.clock"]


def db() -> Session:
    """The request's read session, closed at the end of the request."""
    if "db" not in g:
        g.db = Session(engine(), expire_on_commit=False, info={"clock": clock()})
    return g.db


def uow() -> SqlUnitOfWork:
    """A unit of work for one action (one transaction), in the request's session (see SqlUnitOfWork.sharing)."""
    return SqlUnitOfWork(engine(), clock(), current_app.extensions["kring.bus"]).sharing(db())


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
