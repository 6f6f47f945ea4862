"""The unit of work the use cases are written against; storage implements it, tests may fake it."""

import datetime as dt
from typing import Any, Protocol

from workflow.case import CaseLike
from workflow.clock import Clock
from workflow.dates import DateRules
from workflow.guards import Actor
from workflow.machine import HistoryEntry


class CaseRepository(Protocol):
    def get_for(self, actor: Actor, case_id: int) -> CaseLike:
        """The case if `actor` may see it; CaseNotFound otherwise (never reveal what exists)."""

    def create(self, fields: dict[str, Any], main_persons: list[dict[str, Any]], now: dt.datetime) -> CaseLike:
        """A new application in phase aanmelding, with its reference."""

    def add_history(self, case: CaseLike, actor: Actor | None, entry: HistoryEntry, at: dt.datetime) -> None:
        """Write one history line in the current transaction."""

    def add_offer(self, case: CaseLike, coordinator_id: int, actor: Actor, at: dt.datetime) -> Any:
        """Offer the case to a coordinator."""

    def touch(self, case: CaseLike, at: dt.datetime) -> None:
        """Mark the case changed so its version moves on."""

    def coordinator_exists(self, coordinator_id: int) -> bool:
        """Whether an active coordinator profile has this id."""

    def coordinator_name(self, coordinator_id: int) -> str:
        """The coordinator's name, for a history line."""

    def case_id_of_offer(self, offer_id: int) -> int:
        """The case an offer belongs to; CaseNotFound when there is no such offer."""

    def coordinator_serves(self, coordinator_id: int, region_id: int) -> bool:
        """Whether the coordinator works in the region (or in one of its municipalities)."""

    def withdrawn_coordinators(self, case_id: int) -> set[int]:
        """The coordinators withdrawn from this case (they are not offered it again)."""


class TaskRepository(Protocol):
    def get_for(self, actor: Actor, task_id: int) -> Any:
        """One of the actor's own tasks; CaseNotFound otherwise."""


class MatchingRepository(Protocol):
    def save_case_needs(self, case_id: int, target_groups: list[str], urgent: bool) -> None:
        """What the case needs beyond its intake (target groups, urgency), for the ranking."""

    def mark_conflict(self, coordinator_id: int, case_id: int, note: str, at: dt.datetime) -> bool:
        """A conflict of interest; False when it was already marked."""

    def exclusions(self, case: CaseLike, coordinator_id: int, at: dt.datetime) -> list[str]:
        """Why matching excludes this coordinator from this case now (its hard filters); empty: not excluded."""


class UnitOfWork(Protocol):
    cases: CaseRepository
    tasks: TaskRepository
    matching: MatchingRepository
    clock: Clock

    def __enter__(self) -> "UnitOfWork": ...

    def __exit__(self, *exc: object) -> None: ...

    def commit(self) -> None:
        """Commit; raise StaleCase when another transaction changed a case meanwhile."""

    def publish(self, events: list[Any]) -> None:
        """Hand domain events to their handlers inside the current transaction."""

    def date_rules(self) -> DateRules:
        """The bureau's rules for plausible dates (inside the transaction)."""
