"""Changes to the matching data: the repository the case's use cases write needs and conflicts through, and the
profile, absence and weight changes, each one unit of work."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, delete, func, select

from storage import matching as store
from storage.models import Coordinator, Municipality
from workflow.errors import InvalidInput
from workflow.matching import Weights

if TYPE_CHECKING:  # storage.uow imports this module for its repository
    from storage.uow import SqlUnitOfWork


class SqlMatchingRepository:
    """The matching rows a use case changes (workflow.ports.MatchingRepository), in its unit of work's session."""

    def __init__(self, session: Session):
        self.session = session

    def save_case_needs(self, case_id: int, target_groups: list[str], urgent: bool) -> None:
        store.save_case_needs(self.session, case_id, target_groups, urgent)

    def mark_conflict(self, coordinator_id: int, case_id: int, note: str, at: dt.datetime) -> bool:
        return store.mark_conflict(self.session, coordinator_id, case_id, note, at)

    def exclusions(self, case: Any, coordinator_id: int, at: dt.datetime) -> list[str]:
        return store.exclusions(self.session, case, coordinator_id, at)


def save_own_profile(uow: "SqlUnitOfWork", coordinator_id: int, data: dict[str, Any]) -> None:
    """The languages, capacity and target groups a coordinator keeps up to date themselves."""
    with uow:
        row = uow.session.get(Coordinator, coordinator_id)
        row.languages, row.capacity = data["languages"], data["capacity"]
        store.save_skills(uow.session, coordinator_id, None, data["target_groups"])
        uow.commit()


def add_absence(uow: "SqlUnitOfWork", coordinator_id: int, data: dict[str, Any]) -> None:
    """A period the coordinator is away (start, end, note)."""
    with uow:
        uow.session.add(store.CoordinatorAbsence(coordinator_id=coordinator_id, **data))
        uow.commit()


def remove_absence(uow: "SqlUnitOfWork", coordinator_id: int, absence_id: int) -> bool:
    """Remove one of the coordinator's own absences; False when they have no such absence."""
    with uow:
        row = uow.session.get(store.CoordinatorAbsence, absence_id)
        if row is None or row.coordinator_id != coordinator_id:
            return False
        uow.session.delete(row)
        uow.commit()
        return True


def save_weights(uow: "SqlUnitOfWork", weights: Weights) -> None:
    """The points per matching criterion; every ranking uses them from now on."""
    with uow:
        store.save_weights(uow.session, weights, uow.clock.now())
        uow.commit()


def save_kept_profile(uow: "SqlUnitOfWork", coordinator_id: int, values: dict[str, Any]) -> None:
    """What the admin keeps of a coordinator's profile: qualifications, target groups, the municipalities they
    also serve and their fixed pools (names); InvalidInput names an unknown municipality."""
    with uow:
        session = uow.session
        municipality_ids = _municipality_ids(session, values["gemeenten"])
        store.save_skills(session, coordinator_id, values["kwalificaties"], values["doelgroepen"])
        session.exec(
            delete(store.CoordinatorMunicipality).where(store.CoordinatorMunicipality.coordinator_id == coordinator_id)
        )
        session.exec(delete(store.CoordinatorPool).where(store.CoordinatorPool.coordinator_id == coordinator_id))
        session.add_all(
            store.CoordinatorMunicipality(coordinator_id=coordinator_id, municipality_id=m) for m in municipality_ids
        )
        session.add_all(store.CoordinatorPool(coordinator_id=coordinator_id, organisation=p) for p in values["pools"])
        uow.commit()


def _municipality_ids(session: Session, names: list[str]) -> list[int]:
    if not names:
        return []
    lowered = func.lower(Municipality.name)
    found = dict(session.exec(select(lowered, Municipality.id).where(lowered.in_([n.lower() for n in names]))).all())
    unknown = [n for n in names if n.lower() not in found]
    if unknown:
        raise InvalidInput({"gemeenten": "Onbekende gemeente: " + ", ".join(unknown[:5])})
    return [found[n.lower()] for n in names]
