"""Who was withdrawn from which case: the ranking and the offer leave them out (storage/cochange.py)."""

import datetime as dt

from sqlmodel import Field, Session, SQLModel, select

from storage.types import UTCDateTime


class CoordinatorWithdrawal(SQLModel, table=True):
    """A coordinator withdrawn from a running case; the reason is the history line's (CaseEvent)."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    coordinator_id: int = Field(foreign_key="coordinator.id", index=True)
    at: dt.datetime = Field(sa_type=UTCDateTime)


def withdrawn_from(session: Session, case_id: int) -> set[int]:
    """The coordinators withdrawn from this case."""
    query = select(CoordinatorWithdrawal.coordinator_id).where(CoordinatorWithdrawal.case_id == case_id)
    return set(session.exec(query).all())


def withdrawn_by_coordinator(session: Session, ids: list[int]) -> dict[int, set[int]]:
    """For each coordinator, the cases they were withdrawn from (for their matching profile)."""
    out: dict[int, set[int]] = {}
    query = select(CoordinatorWithdrawal.coordinator_id, CoordinatorWithdrawal.case_id).where(
        CoordinatorWithdrawal.coordinator_id.in_(ids)
    )
    for coordinator_id, case_id in session.exec(query):
        out.setdefault(coordinator_id, set()).add(case_id)
    return out
