"""Read-side queries of the case pages. Scope always comes from storage.uow.visible_cases."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from storage import matching
from storage.case_listing import ROW_COLUMNS, Page, Sorting, page_of
from storage.models import Case, CaseEvent, Coordinator, CoordinatorRegion, Municipality, Offer, User
from storage.uow import visible_cases
from workflow.case import open_offer
from workflow.clock import AMSTERDAM, local_today
from workflow.errors import CaseNotFound
from workflow.guards import Actor
from workflow.intake import INTAKE_FIELDS
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


def list_page(session: Session, actor: Actor, sorting: Sorting, page: int, **filters: Any) -> Page:
    """One page of the visible cases by the filters of `list_cases`, sorted: plain rows of only the columns a
    list shows (no record, persons or offers), so a long list stays cheap under load."""
    query = _where(visible_cases(actor), **filters).with_only_columns(*ROW_COLUMNS)
    return page_of(session, query, sorting, page)


def my_cases_page(session: Session, actor: Actor, sorting: Sorting, page: int) -> Page:
    """One page of the coordinator's own cases, as coordinator or co-coordinator (whole cases: each row shows
    its next step)."""
    mine = (Case.coordinator_id == actor.coordinator_id) | (Case.co_coordinator_id == actor.coordinator_id)
    return page_of(session, visible_cases(actor).where(mine), sorting, page)


def offered_to(session: Session, actor: Actor) -> list[Case]:
    """The cases with an open offer to the coordinator, waiting for their answer (a handful at most)."""
    waiting = select(Offer.case_id).where(Offer.coordinator_id == actor.coordinator_id, Offer.state == "open")
    not_mine = Case.coordinator_id.is_(None) | (Case.coordinator_id != actor.coordinator_id)
    return list(session.exec(visible_cases(actor).where(Case.id.in_(waiting), not_mine).order_by(Case.id)).all())


# The family's wishes for a coordinator, labelled as on the intake form (the one source of their names).
WISH_LABELS = {
    spec.name.removeprefix("wensen_coordinator_"): spec.label
    for spec in INTAKE_FIELDS
    if spec.name.startswith("wensen_coordinator_")
}
NO_PREFERENCE = "geen voorkeur"


def wishes_of(case: Any) -> list[tuple[str, str]]:
    """The wishes that say something, as (label, value) in the intake form's order."""
    wishes = case.wishes or {}
    shown = [(label, wishes.get(key)) for key, label in WISH_LABELS.items()]
    return [(label, str(value)) for label, value in shown if value and value != NO_PREFERENCE]


def _where(
    query: Any,
    phase: Phase | None = None,
    coordinator_id: int | None = None,
    municipality_id: int | None = None,
) -> Any:
    chosen = ((Case.phase, phase), (Case.coordinator_id, coordinator_id), (Case.municipality_id, municipality_id))
    for column, value in chosen:
        if value is not None:
            query = query.where(column == value)
    return query


def _filtered(query: Any, **filters: Any) -> Any:
    return _where(query, **filters).order_by(Case.created_at.desc(), Case.id.desc())


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
