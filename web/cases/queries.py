"""Read-side queries of the case pages. Scope always comes from storage.uow.visible_cases."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import lazyload, load_only
from sqlmodel import Session, select

from storage import matching
from storage.models import Case, CaseEvent, Coordinator, CoordinatorRegion, Municipality, User
from storage.uow import visible_cases
from workflow.case import open_offer
from workflow.clock import AMSTERDAM, local_today
from workflow.errors import CaseNotFound
from workflow.guards import Actor
from workflow.labels import label
from workflow.offer_rules import exclusion_text
from workflow.phases import Phase


def get_case(session: Session, actor: Actor, case_id: int) -> Case:
    """The case if `actor` may see it; CaseNotFound (404) otherwise."""
    case = session.exec(visible_cases(actor).where(Case.id == case_id)).first()
    if case is None:
        raise CaseNotFound("Deze zaak bestaat niet of u heeft er geen toegang toe.")
    return case


def list_cases(session: Session, actor: Actor, **filters: Any) -> list[Case]:
    """The visible cases, newest first, by `phase`, `coordinator_id` and `municipality_id` when given."""
    return list(session.exec(_filtered(visible_cases(actor), **filters)).all())


def list_rows(session: Session, actor: Actor, **filters: Any) -> list[Case]:
    """`list_cases` for a list page: only the columns a row shows (no record, persons or offers), so a long
    list stays cheap under load."""
    shown = (Case.id, Case.ref, Case.phase, Case.municipality_id, Case.coordinator_id, Case.application_date)
    light = load_only(*shown, Case.created_at), lazyload(Case.main_persons), lazyload(Case.offers)
    return list(session.exec(_filtered(visible_cases(actor).options(*light), **filters)).all())


def _filtered(
    query: Any,
    phase: Phase | None = None,
    coordinator_id: int | None = None,
    municipality_id: int | None = None,
) -> Any:
    chosen = ((Case.phase, phase), (Case.coordinator_id, coordinator_id), (Case.municipality_id, municipality_id))
    for column, value in chosen:
        if value is not None:
            query = query.where(column == value)
    return query.order_by(Case.created_at.desc(), Case.id.desc())


def filter_choices(session: Session, actor: Actor) -> tuple[set[int], set[int]]:
    """The municipalities and coordinators of the visible cases (the list's filter menus), in one small query."""
    query = visible_cases(actor).with_only_columns(Case.municipality_id, Case.coordinator_id).distinct()
    pairs = session.execute(query).all()  # rows of two columns (exec would give the first column only)
    return {m for m, _ in pairs if m is not None}, {c for _, c in pairs if c is not None}


def municipality_names(session: Session, ids: set[int] | None = None) -> dict[int, str]:
    query = select(Municipality.id, Municipality.name)
    if ids is not None:
        query = query.where(Municipality.id.in_(ids or {-1}))
    return dict(session.exec(query.order_by(Municipality.name)).all())


def all_municipalities(session: Session) -> list[str]:
    return list(session.exec(select(Municipality.name).order_by(Municipality.name)).all())


def coordinator_names(session: Session, ids: set[int] | None = None) -> dict[int, str]:
    query = select(Coordinator.id, Coordinator.name)
    if ids is not None:
        query = query.where(Coordinator.id.in_(ids or {-1}))
    return dict(session.exec(query.order_by(Coordinator.name)).all())


def coordinators_for_region(session: Session, region_id: int) -> list[Coordinator]:
    """Active coordinators serving a region: the ones a regiomanager may offer a case to."""
    query = (
        select(Coordinator)
        .join(CoordinatorRegion, CoordinatorRegion.coordinator_id == Coordinator.id)
        .where(CoordinatorRegion.region_id == region_id, Coordinator.active)
        .order_by(Coordinator.name)
    )
    return list(session.exec(query).all())


def exclusions_by_coordinator(session: Session, case: Case, now: dt.datetime) -> dict[int, str]:
    """Per coordinator matching excludes from the case: why, as one phrase (for the offer form's list)."""
    _, _, excluded = matching.ranking(session, case, now)
    return {e.profile.id: exclusion_text([r.text for r in e.reasons]) for e in excluded}


def history(session: Session, case_id: int) -> list[dict[str, Any]]:
    """The case's history lines, ready to show."""
    events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)).all()
    return [
        {
            "at": e.at,
            "who": e.actor_name,
            "from": Phase(e.from_phase).label,
            "to": Phase(e.to_phase).label,
            "step": trigger_label(e.trigger),
            "trigger": e.trigger,
            "reason": e.reason,
        }
        for e in events
    ]


def trigger_label(trigger: str) -> str:
    return label(trigger, "stap")


@dataclass(frozen=True)
class OfferView:
    coordinator: str
    deadline: dt.datetime
    overdue: bool


def offer_view(case: Case, names: dict[int, str], now: dt.datetime) -> OfferView | None:
    offer = open_offer(case)
    if offer is None:
        return None
    return OfferView(names.get(offer.coordinator_id, "?"), offer.deadline, offer.deadline < now)


def offers_of(case: Case, names: dict[int, str], session: Session) -> list[dict[str, Any]]:
    ids = {o.offered_by_id for o in case.offers if o.offered_by_id is not None}
    users = dict(session.exec(select(User.id, User.name).where(User.id.in_(ids))).all()) if ids else {}
    return [
        {
            "coordinator": names.get(o.coordinator_id, "?"),
            "at": o.offered_at,
            "deadline": o.deadline,
            "state": o.state,
            "by": users.get(o.offered_by_id, ""),
        }
        for o in case.offers
    ]


def age_days(case: Case, now: dt.datetime) -> int:
    return (local_today(now) - case.application_date).days


def local(value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone(AMSTERDAM) if value is not None else None
