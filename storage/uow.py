"""The SQL unit of work and case repository behind the use cases."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, func, select

from storage import cochange
from storage.engine import WRITE
from storage.matching_changes import SqlMatchingRepository
from storage.messagebus import MessageBus
from storage.models import Case, CaseEvent, Coordinator, MainPerson, Municipality, Offer
from storage.reminders import SqlTaskRepository
from storage.settings import load_date_rules
from workflow.clock import Clock, local_today
from workflow.dates import DateRules
from workflow.errors import CaseNotFound, InvalidInput, StaleCase
from workflow.guards import Actor
from workflow.machine import HistoryEntry
from workflow.phases import Role

OFFER_DEADLINE = dt.timedelta(days=2)
STALE_MESSAGE = "Deze zaak is intussen door iemand anders gewijzigd. Probeer het opnieuw."


class SqlUnitOfWork:
    """One database transaction; leaving the block without commit rolls everything back."""

    shared: Session | None = None  # a session that outlives this unit of work (see `sharing`)

    def __init__(self, engine: sa.Engine, clock: Clock, bus: MessageBus):
        """`bus` says which handlers hear each domain event of the transaction (web.bootstrap builds it)."""
        self.engine, self.clock, self.bus = engine, clock, bus

    def __enter__(self) -> "SqlUnitOfWork":
        self.session = self._open_session()
        self.session.connection(execution_options=WRITE)
        self.cases = SqlCaseRepository(self.session, lock=True)
        self.tasks = SqlTaskRepository(self.session)
        self.matching = SqlMatchingRepository(self.session)
        return self

    def __exit__(self, exc_type: type | None, *exc: object) -> None:
        self.session.rollback()
        if self.shared is None:
            self.session.close()
        # The version check fires at any flush (a query inside a step autoflushes), not only at commit.
        if exc_type is not None and issubclass(exc_type, StaleDataError):
            raise StaleCase(STALE_MESSAGE) from None
        if exc_type is not None and issubclass(exc_type, DBAPIError) and _is_conflict(exc[0]):
            raise StaleCase(STALE_MESSAGE) from None

    def sharing(self, session: Session) -> "SqlUnitOfWork":
        """Write in `session` (a web request's) instead of a session of its own; its owner closes it.

        So the page drawn after an action reads what the action wrote, with nothing to refresh by hand. Why
        not a second session that expires the request's after commit: expiring is not enough on SQLite, whose
        read transaction keeps its snapshot from before the write. Ending that read transaction (rollback,
        which also expires every object) and writing in the same session leaves no stale state, and is the
        way to one database session per request. The write still begins its own transaction (IMMEDIATE)."""
        self.shared = session
        return self

    def _open_session(self) -> Session:
        # The clock in the session's info: the audit listener stamps its entries with it.
        if self.shared is None:
            return Session(self.engine, expire_on_commit=False, info={"clock": self.clock})
        self.shared.rollback()  # end its read transaction: a write must not start from that snapshot
        self.shared.info["clock"] = self.clock
        return self.shared

    def commit(self) -> None:
        try:
            for hook in self.bus.before_commit:
                hook(self.session)
            self.session.commit()
        except StaleDataError:
            raise StaleCase(STALE_MESSAGE) from None
        except DBAPIError as error:
            if _is_conflict(error):
                raise StaleCase(STALE_MESSAGE) from None
            raise

    def publish(self, events: list[Any]) -> None:
        for event in events:
            for handler in self.bus.handlers_for(event):
                handler(self, event)

    def date_rules(self) -> DateRules:
        return load_date_rules(self.session)


def _is_conflict(error: BaseException) -> bool:
    """PostgreSQL's deadlock and serialization failures: two transactions met on the same case."""
    return getattr(getattr(error, "orig", None), "sqlstate", None) in ("40P01", "40001")


class SqlCaseRepository:
    def __init__(self, session: Session, lock: bool = False):
        self.session, self.lock = session, lock

    def get_for(self, actor: Actor, case_id: int) -> Case:
        # FOR UPDATE (PostgreSQL; SQLite already serialises writers): a second action on the same case waits
        # for the first to commit and then reads one consistent state, so it is refused as "changed meanwhile"
        # instead of reading the case row from before and its offers from after the other's commit.
        # Only a unit of work locks (a page's read session must not), and NO KEY UPDATE lets inserts that
        # merely reference the case (access log, history) pass.
        query = visible_cases(actor).where(Case.id == case_id)
        if self.lock:
            query = query.with_for_update(of=Case, key_share=True)
        case = self.session.exec(query).first()
        if case is None:
            raise CaseNotFound("Deze zaak bestaat niet of u heeft er geen toegang toe.")
        return case

    def create(self, fields: dict[str, Any], main_persons: list[dict[str, Any]], now: dt.datetime) -> Case:
        municipality = self._municipality(fields["gemeente"])
        case = Case(
            ref=self._next_ref(now),
            created_at=now,
            updated_at=now,
            record={},
            municipality_id=municipality.id,
            region_id=municipality.region_id,
            province=municipality.province,
            **case_columns(fields, now),
        )
        self.session.add(case)
        self.session.flush()
        for position, person in enumerate(main_persons):
            self.session.add(
                MainPerson(
                    case_id=case.id,
                    position=position,
                    name=person["naam"],
                    kind=person["soort"],
                    gender=person.get("geslacht"),
                    birth_date=person.get("geboortedatum"),
                    unborn=bool(person.get("ongeboren")),
                )
            )
        self.session.flush()
        self.session.refresh(case)
        return case

    def add_history(self, case: Case, actor: Actor | None, entry: HistoryEntry, at: dt.datetime) -> None:
        self.session.add(
            CaseEvent(
                case_id=case.id,
                at=at,
                actor_id=actor.user_id if actor else None,
                actor_name=actor.name if actor else "Openbaar aanmeldformulier",
                trigger=entry.trigger,
                from_phase=entry.from_phase,
                to_phase=entry.to_phase,
                reason=entry.reason,
            )
        )

    def add_offer(self, case: Case, coordinator_id: int, actor: Actor, at: dt.datetime) -> Offer:
        offer = Offer(
            case_id=case.id,
            coordinator_id=coordinator_id,
            offered_by_id=actor.user_id,
            offered_at=at,
            deadline=at + OFFER_DEADLINE,
        )
        case.offers.append(offer)
        return offer

    def touch(self, case: Case, at: dt.datetime) -> None:
        """Mark the case changed, so its version moves on even when nothing but a related row changed."""
        case.updated_at = at
        flag_modified(case, "updated_at")  # an equal timestamp (a frozen clock) would otherwise be no change

    def coordinator_exists(self, coordinator_id: int) -> bool:
        found = self.session.get(Coordinator, coordinator_id)
        return found is not None and found.active

    def coordinator_name(self, coordinator_id: int) -> str:
        found = self.session.get(Coordinator, coordinator_id)
        return found.name if found is not None else f"coördinator {coordinator_id}"

    def case_id_of_offer(self, offer_id: int) -> int:
        """The case an offer belongs to; CaseNotFound when there is no such offer."""
        found = self.session.get(Offer, offer_id)
        if found is None:
            raise CaseNotFound("Dit aanbod bestaat niet of u heeft er geen toegang toe.")
        return found.case_id

    def coordinator_serves(self, coordinator_id: int, region_id: int) -> bool:
        return cochange.serves_region(self.session, coordinator_id, region_id)

    def withdrawn_coordinators(self, case_id: int) -> set[int]:
        return cochange.withdrawn_from(self.session, case_id)

    def _municipality(self, name: str) -> Municipality:
        found = self.session.exec(select(Municipality).where(func.lower(Municipality.name) == name.lower()))
        municipality = found.first()
        if municipality is None:
            raise InvalidInput({"gemeente": "Gemeente: onbekende gemeente; kies een Nederlandse gemeente"})
        return municipality

    def _next_ref(self, now: dt.datetime) -> str:
        prefix = f"EK-{now.year}-"
        last = self.session.exec(select(func.max(Case.ref)).where(Case.ref.like(prefix + "%"))).first()
        number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
        return f"{prefix}{number:04d}"


def case_columns(fields: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """Map the intake form's Dutch field names onto the case's columns."""
    wishes = {
        k.removeprefix("wensen_coordinator_"): v for k, v in fields.items() if k.startswith("wensen_coordinator_") and v
    }
    return {
        "application_date": fields.get("aanmelddatum") or local_today(now),
        "variant": fields.get("variant") or "familie",
        "referrer_type": fields["type_aanmelder"],
        "organisation_type": fields.get("type_organisatie") if fields["type_aanmelder"] == "Organisatie" else None,
        "referrer_name": fields.get("aanmelder_naam"),
        "referrer_organisation": fields.get("aanmelder_organisatie"),
        "referrer_phone": fields.get("aanmelder_telefoon"),
        "referrer_email": fields.get("aanmelder_email"),
        "compulsory_framework": bool(fields.get("gedwongen_kader")),
        "repeat_request": bool(fields.get("eerdere_ekc")),
        "question": fields.get("vraag"),
        "concerns": fields.get("zorgen"),
        "conditions": None,  # with the conditions as items: workflow.conditions.set_conditions (create_application)
        "wishes": wishes,
    }


def visible_cases(actor: Actor):
    """The cases `actor` may see, as a query: the scope lives here, not in the templates."""
    query = select(Case)
    if actor.role is Role.ADMIN:
        return query
    if actor.role is Role.REGIOMANAGER:
        return query.where(Case.region_id.in_(actor.region_ids or {-1}))
    offered = select(Offer.case_id).where(Offer.coordinator_id == actor.coordinator_id, Offer.state == "open")
    mine = (Case.coordinator_id == actor.coordinator_id) | (Case.co_coordinator_id == actor.coordinator_id)
    return query.where(mine | Case.id.in_(offered))


def in_one_transaction(uow: SqlUnitOfWork, action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run `action(session, *args, **kwargs)` as one unit of work and commit it: for storage functions that
    take a session (the money pages' writes), so no web module commits by itself."""
    with uow:
        result = action(uow.session, *args, **kwargs)
        uow.commit()
    return result
