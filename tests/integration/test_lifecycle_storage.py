"""The use cases through real storage, on SQLite and PostgreSQL: history in the same transaction,
stale actions refused, and a failure inside a step leaving nothing behind."""

import threading

import pytest
from sqlmodel import Session, func, select

from storage.models import Case, CaseEvent
from storage.uow import SqlUnitOfWork
from tests.conftest import People, units_of_work
from tests.walks import offered_case
from web.bootstrap import bootstrap
from workflow.errors import CaseNotFound, StaleCase
from workflow.events import OfferAccepted
from workflow.phases import Phase, Role
from workflow.usecases import advance


@pytest.fixture
def world(any_engine, clock):
    """A regiomanager, a coordinator and one application offered to that coordinator."""
    manager, coordinator = People(any_engine).team()
    uow = units_of_work(any_engine, clock)
    case = offered_case(uow, manager, coordinator)
    return any_engine, uow, case.id, manager, coordinator


def load(engine, case_id):
    with Session(engine) as session:
        case = session.get(Case, case_id)
        events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)).all()
        return case, events


def test_intake_lands_in_the_municipalitys_region_with_a_reference(world):
    engine, _uow, case_id, _manager, _coordinator = world
    case, events = load(engine, case_id)
    assert case.ref.startswith("EK-2026-") and case.province == "Noord-Holland"
    assert case.phase is Phase.AANMELDING and case.created_at.tzinfo is not None
    assert [e.trigger for e in events] == ["aanmelding", "offer"]  # the world fixture offers the case


def test_each_step_writes_its_history_line(world, clock):
    engine, uow, case_id, _manager, coordinator = world
    version = load(engine, case_id)[0].version
    advance(uow(), case_id, "accept_match", coordinator, version)
    case = advance(
        uow(), case_id, "start_activation", coordinator, version + 1, "", {"informatief_gesprek_datum": "2026-03-02"}
    )
    stored, events = load(engine, case_id)
    assert stored.phase is Phase.VERBINDEN_EN_ACTIVEREN and stored.coordinator_id == coordinator.coordinator_id
    assert stored.record["informatief_gesprek_datum"] == "2026-03-02" and case.version == stored.version
    assert [(e.trigger, e.from_phase, e.to_phase, e.actor_name) for e in events[2:]] == [
        ("accept_match", Phase.AANMELDING, Phase.INFORMATIEF_GESPREK, "Co"),
        ("start_activation", Phase.INFORMATIEF_GESPREK, Phase.VERBINDEN_EN_ACTIVEREN, "Co"),
    ]
    assert events[-1].at == clock.now()


def test_a_stale_version_is_refused_and_changes_nothing(world):
    engine, uow, case_id, _manager, coordinator = world
    version = load(engine, case_id)[0].version
    advance(uow(), case_id, "accept_match", coordinator, version)
    with pytest.raises(StaleCase, match="intussen door iemand anders gewijzigd"):
        advance(uow(), case_id, "close", coordinator, version, "", {"uitkomst": "ingetrokken"})
    case, events = load(engine, case_id)
    assert case.phase is Phase.INFORMATIEF_GESPREK and len(events) == 3  # intake, offer, accept


def test_two_sessions_advancing_the_same_case_exactly_one_wins(world):
    engine, uow, case_id, manager, coordinator = world
    version = load(engine, case_id)[0].version
    outcomes = []

    def act(actor):
        try:
            advance(uow(), case_id, "accept_match", actor, version)
            outcomes.append("ok")
        except StaleCase:
            outcomes.append("stale")
        except Exception as unexpected:  # shown in the assertion instead of dying silently in the thread
            outcomes.append(repr(unexpected))

    threads = [threading.Thread(target=act, args=(a,)) for a in (coordinator, manager)]
    [t.start() for t in threads]
    [t.join(30) for t in threads]
    assert sorted(outcomes) == ["ok", "stale"]
    case, events = load(engine, case_id)
    assert case.version == version + 1 and [e.trigger for e in events].count("accept_match") == 1


@pytest.mark.postgres
def test_overlapping_transactions_are_caught_by_the_version_column(world, clock):
    """The safety net under the row lock: two transactions that both read version v and both write; the
    second is refused as changed meanwhile (UPDATE … WHERE version = v matches nothing)."""
    engine, _uow, case_id, _manager, _coordinator = world
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers (BEGIN IMMEDIATE), so two writers cannot overlap there")
    first, second = SqlUnitOfWork(engine, clock, bootstrap()), SqlUnitOfWork(engine, clock, bootstrap())
    with first, second:
        mine, theirs = first.session.get(Case, case_id), second.session.get(Case, case_id)
        mine.conditions, theirs.conditions = "eerste", "tweede"
        first.commit()
        with pytest.raises(StaleCase):
            second.commit()
    assert load(engine, case_id)[0].conditions == "eerste"


def test_a_failure_inside_a_step_leaves_no_phase_change_and_no_history(world, clock):
    engine, _uow, case_id, _manager, coordinator = world
    before, before_events = load(engine, case_id)

    def broken_handler(_uow, _event):
        raise RuntimeError("mail server exploded")

    with pytest.raises(RuntimeError):
        broken = bootstrap().adding(broken_handler, OfferAccepted)
        advance(SqlUnitOfWork(engine, clock, broken), case_id, "accept_match", coordinator, before.version)
    after, after_events = load(engine, case_id)
    assert (after.phase, after.version, after.coordinator_id) == (before.phase, before.version, None)
    assert len(after_events) == len(before_events)
    assert after.offers[0].state == "open"


def test_scope_a_coordinator_without_an_offer_cannot_load_the_case(world, any_engine):
    engine, uow, case_id, _manager, _coordinator = world
    _, stranger = People(any_engine).make(Role.COORDINATOR, "other@kring.test")
    _, elsewhere = People(any_engine).make(Role.REGIOMANAGER, "rm2@kring.test", regions=("Limburg",))
    for actor in (stranger, elsewhere):
        with pytest.raises(CaseNotFound):
            advance(uow(), case_id, "accept_match", actor, None)


def test_case_count_is_one_per_intake(world):
    engine = world[0]
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Case)).one() == 1
