"""The public intake page's rate limit, counted in the database so it holds across processes.

A slot is reserved before the case is created and released when the submission turns out invalid, so only
accepted submissions count. Rows older than the window are removed: the address is kept no longer than needed."""

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, delete, func, select

from storage.engine import WRITE
from storage.models import PublicSubmission

WINDOW = dt.timedelta(hours=1)
MAX_PER_IP = 5


def reserve_slot(engine: sa.Engine, ip: str, now: dt.datetime) -> int | None:
    """Record one submission from `ip`; the slot's id, or None when the limit for the hour is reached."""
    with Session(engine) as session:
        session.connection(execution_options=WRITE)  # SQLite: BEGIN IMMEDIATE, so two processes queue
        session.exec(delete(PublicSubmission).where(PublicSubmission.at < now - WINDOW))
        used = session.exec(
            select(func.count())
            .select_from(PublicSubmission)
            .where(PublicSubmission.ip == ip, PublicSubmission.at >= now - WINDOW)
        ).one()
        if used >= MAX_PER_IP:
            session.commit()
            return None
        slot = PublicSubmission(ip=ip[:64], at=now)
        session.add(slot)
        session.commit()
        return slot.id


def release_slot(engine: sa.Engine, slot_id: int) -> None:
    """Give a slot back (the submission was not accepted)."""
    with Session(engine) as session:
        session.connection(execution_options=WRITE)
        session.exec(delete(PublicSubmission).where(PublicSubmission.id == slot_id))
        session.commit()
