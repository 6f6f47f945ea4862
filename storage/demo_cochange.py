"""Demo rows of the change of coordinator (storage/demo.py calls this): a herstel case of Carla with a
co-coordinator, and a case Carla was withdrawn from that another coordinator took over in the same phase."""

import datetime as dt

from sqlmodel import Session, select

from storage.accounts import actor_for, find_user
from storage.messagebus import MessageBus
from storage.models import Coordinator, CoordinatorRegion, Region, User
from storage.uow import SqlUnitOfWork
from workflow.clock import FrozenClock
from workflow.offers import accept_offer
from workflow.usecases import advance, create_application, offer_case

REGION = "Noord-Holland"


def create_cochange_cases(engine, now: dt.datetime, bus: MessageBus, manager_email: str, carla_email: str) -> int:
    """Two cases in Noord-Holland (none when the region has fewer than two other coordinators)."""
    clock = FrozenClock(now - dt.timedelta(days=30))
    uow = lambda: SqlUnitOfWork(engine, clock, bus)  # noqa: E731 (a fresh unit of work per action)
    with Session(engine) as session:
        manager = actor_for(session, find_user(session, manager_email))
        carla = actor_for(session, find_user(session, carla_email))
        others = [
            actor_for(session, session.get(User, c.user_id))
            for c in _region_coordinators(session, carla.coordinator_id)[:2]
        ]
    if len(others) < 2:
        return 0
    co_coordinated = _running_case(uow, clock, manager, carla, "Haarlem", "herstel")
    advance(
        uow(), co_coordinated, "add_co_coordinator", manager, None, "", {"co_coordinator_id": others[0].coordinator_id}
    )
    changed = _running_case(uow, clock, manager, carla, "Purmerend", "familie")
    clock.advance(days=5)
    advance(uow(), changed, "withdraw_coordinator", manager, None, "Carla is langdurig ziek.")
    offer = offer_case(
        uow(),
        changed,
        others[1].coordinator_id,
        manager,
        override_reason="Kent de familie al uit een eerdere conferentie",
    )
    clock.advance(days=1)
    accept_offer(uow(), changed, offer.id, others[1])
    return 2


def _running_case(uow, clock: FrozenClock, manager, carla, municipality: str, variant: str) -> int:
    case = create_application(
        uow(),
        {
            "aanmelddatum": clock.now().date().isoformat(),
            "gemeente": municipality,
            "variant": variant,
            "type_aanmelder": "Organisatie",
            "type_organisatie": "Gemeente/sociaal wijkteam",
            "aanmelder_naam": "Wijkteam",
            "vraag": "Hoe komen de betrokkenen na het incident weer met elkaar in gesprek?",
            "hoofdpersonen": [{"naam": "Demi de Wit", "soort": "volwassen", "geslacht": "vrouw"}],
        },
        manager,
    )
    offer_case(
        uow(), case.id, carla.coordinator_id, manager, override_reason="Kent de familie al uit een eerdere conferentie"
    )
    clock.advance(days=1)
    advance(uow(), case.id, "accept_match", carla, None)
    clock.advance(days=2)
    day = (clock.now().date() - dt.timedelta(days=1)).isoformat()
    advance(uow(), case.id, "start_activation", carla, None, "", {"informatief_gesprek_datum": day})
    return case.id


def _region_coordinators(session: Session, besides: int) -> list[Coordinator]:
    query = (
        select(Coordinator)
        .join(CoordinatorRegion, CoordinatorRegion.coordinator_id == Coordinator.id)
        .join(Region, Region.id == CoordinatorRegion.region_id)
        .where(Region.name == REGION, Coordinator.id != besides, Coordinator.user_id.is_not(None))
        .order_by(Coordinator.id)
    )
    return list(session.exec(query).all())
