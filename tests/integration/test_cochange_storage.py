"""Change of coordinator and the co-coordinator through real storage, on SQLite and PostgreSQL: a withdrawn
coordinator is replaced and the case goes on in its phase with its whole history; the withdrawn one is left out
of the ranking; a co-coordinator sees and moves the case; the lead times do not restart; two regiomanagers
re-matching at once give one winner."""

import threading

import pytest
from sqlmodel import Session, select

from storage import matching as store
from storage.models import Case, CaseEvent
from storage.reminders import Reminder
from storage.withdrawals import CoordinatorWithdrawal
from tests.conftest import People, count_rows, units_of_work
from tests.walks import case_in_nazorg, offered_case
from workflow.errors import CaseNotFound, GuardRefused, InvalidInput, StaleCase, TriggerNotAllowedHere
from workflow.lead_times import lead_times_of
from workflow.offers import accept_offer
from workflow.phases import Phase, Role
from workflow.usecases import advance, offer_case


@pytest.fixture
def world(any_engine, clock):
    """A case in nazorg of co@kring.test, and two more coordinators of the region (new@, other@)."""
    people = People(any_engine)
    manager, coordinator = people.team()
    new = people.make(Role.COORDINATOR, "new@kring.test")[1]
    other = people.make(Role.COORDINATOR, "other@kring.test")[1]
    uow = units_of_work(any_engine, clock)
    case = case_in_nazorg(uow, manager, coordinator)
    return any_engine, uow, case.id, manager, coordinator, new, other


def load(engine, case_id):
    with Session(engine) as session:
        case = session.get(Case, case_id)
        events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)).all()
        _ = case.offers
        return case, events


def version(engine, case_id):
    return load(engine, case_id)[0].version


def rematch(uow, engine, case_id, manager, new, reason="Langdurig ziek"):
    """Withdraw the coordinator, offer the case to `new`; returns the open offer's id."""
    advance(uow(), case_id, "withdraw_coordinator", manager, version(engine, case_id), reason)
    return reoffer(uow, engine, case_id, manager, new).id


def reoffer(uow, engine, case_id, manager, coordinator, seen=None):
    """Offer the case to `coordinator` (over the ranking's objections), as of version `seen` (else the latest)."""
    at = version(engine, case_id) if seen is None else seen
    return offer_case(uow(), case_id, coordinator.coordinator_id, manager, at, override_reason="Toch aanbieden (test)")


def test_withdraw_reoffer_accept_keeps_the_phase_and_the_whole_history(world, clock):
    engine, uow, case_id, manager, coordinator, new, _other = world
    before, history_before = load(engine, case_id)
    clock.advance(days=3)
    offer_id = rematch(uow, engine, case_id, manager, new)
    withdrawn, _ = load(engine, case_id)
    assert (withdrawn.phase, withdrawn.coordinator_id) == (Phase.NAZORG, None)
    accept_offer(uow(), case_id, offer_id, new)
    after, history = load(engine, case_id)
    assert (after.phase, after.coordinator_id) == (Phase.NAZORG, new.coordinator_id)
    assert after.record["bijeenkomsten"] == before.record["bijeenkomsten"], "the record goes on as it was"
    assert [e.id for e in history[: len(history_before)]] == [e.id for e in history_before]
    assert [(e.trigger, e.from_phase, e.to_phase, e.reason) for e in history[len(history_before) :]] == [
        ("withdraw_coordinator", Phase.NAZORG, Phase.NAZORG, "Langdurig ziek"),
        ("offer", Phase.NAZORG, Phase.NAZORG, "Aangeboden aan New"),
        ("take_over", Phase.NAZORG, Phase.NAZORG, ""),
    ]
    assert count_rows(engine, CoordinatorWithdrawal, CoordinatorWithdrawal.case_id == case_id) == 1
    # The old coordinator no longer sees the case; the new one moves it on.
    with pytest.raises(CaseNotFound):
        advance(uow(), case_id, "start_follow_up_conference", coordinator, None, "Loopt vast")
    advance(uow(), case_id, "start_follow_up_conference", new, None, "Loopt vast")
    assert load(engine, case_id)[0].phase is Phase.VERVOLGCONFERENTIE


def test_a_rematch_does_not_restart_or_break_the_lead_times(world, clock):
    engine, uow, case_id, manager, _coordinator, new, _other = world
    figures_before = lead_times_of(load(engine, case_id)[0], clock.now())
    assert figures_before.to_acceptance is not None
    clock.advance(days=20)
    offer_id = rematch(uow, engine, case_id, manager, new)
    now_before = lead_times_of(load(engine, case_id)[0], clock.now())
    accept_offer(uow(), case_id, offer_id, new)
    after = load(engine, case_id)[0]
    figures_after = lead_times_of(after, clock.now())
    later_same_clock = lead_times_of(load(engine, case_id)[0], clock.now())
    for figures in (now_before, figures_after, later_same_clock):
        assert (figures.to_offer, figures.to_acceptance, figures.to_first_visit) == (
            figures_before.to_offer,
            figures_before.to_acceptance,
            figures_before.to_first_visit,
        )
        assert not figures.start_late and figures.start_running is None
    assert after.record["gestart_op"] == load(engine, case_id)[0].record["gestart_op"]


def test_the_withdrawn_coordinator_is_left_out_of_the_ranking_and_cannot_be_offered_again(world, clock):
    engine, uow, case_id, manager, coordinator, _new, _other = world
    advance(uow(), case_id, "withdraw_coordinator", manager, version(engine, case_id), "Conflict met de familie")
    with Session(engine) as session:
        _needs, ranked, excluded = store.ranking(session, session.get(Case, case_id), clock.now())
    assert coordinator.coordinator_id not in {r.profile.id for r in ranked}
    reasons = {e.profile.id: [r.text for r in e.reasons] for e in excluded}
    assert "teruggetrokken uit deze zaak" in reasons[coordinator.coordinator_id]
    with pytest.raises(InvalidInput) as refusal:
        reoffer(uow, engine, case_id, manager, coordinator)
    assert "teruggetrokken" in refusal.value.errors["coordinator_id"]


def test_a_running_case_with_its_coordinator_cannot_be_offered(world):
    engine, uow, case_id, manager, _coordinator, new, _other = world
    with pytest.raises(TriggerNotAllowedHere, match="zonder coördinator"):  # the phase is the problem: 409
        reoffer(uow, engine, case_id, manager, new)


@pytest.mark.parametrize("reason", ["", "   ", "a\x00b", "x" * 10_000])
def test_withdraw_refuses_a_missing_or_hostile_reason_and_changes_nothing(world, reason):
    engine, uow, case_id, manager, coordinator, _new, _other = world
    before = version(engine, case_id)
    with pytest.raises((GuardRefused, InvalidInput)):
        advance(uow(), case_id, "withdraw_coordinator", manager, before, reason)
    case, _ = load(engine, case_id)
    assert (case.version, case.coordinator_id) == (before, coordinator.coordinator_id)
    assert count_rows(engine, CoordinatorWithdrawal) == 0


def test_withdraw_by_a_coordinator_or_another_regions_manager_is_refused(world, any_engine):
    engine, uow, case_id, _manager, coordinator, _new, _other = world
    elsewhere = People(any_engine).make(Role.REGIOMANAGER, "rm2@kring.test", regions=("Limburg",))[1]
    with pytest.raises(CaseNotFound):
        advance(uow(), case_id, "withdraw_coordinator", elsewhere, None, "Ziek")
    with pytest.raises(Exception, match="niet zetten"):
        advance(uow(), case_id, "withdraw_coordinator", coordinator, None, "Ziek")
    assert load(engine, case_id)[0].coordinator_id == coordinator.coordinator_id


def _herstel(engine, uow, manager, coordinator):
    case = offered_case(uow, manager, coordinator, {**_intake(), "variant": "herstel"})
    advance(uow(), case.id, "accept_match", coordinator, None)
    return case.id


def _intake():
    from tests.walks import INTAKE

    return dict(INTAKE)


def test_a_co_coordinator_sees_and_moves_the_case_and_another_coordinator_does_not(world):
    engine, uow, _case_id, manager, coordinator, new, other = world
    case_id = _herstel(engine, uow, manager, coordinator)
    advance(uow(), case_id, "add_co_coordinator", manager, None, "", {"co_coordinator_id": str(new.coordinator_id)})
    case, events = load(engine, case_id)
    assert case.co_coordinator_id == new.coordinator_id and events[-1].trigger == "add_co_coordinator"
    with pytest.raises(CaseNotFound):
        advance(uow(), case_id, "start_activation", other, None, "", {"informatief_gesprek_datum": "2026-03-02"})
    advance(uow(), case_id, "start_activation", new, None, "", {"informatief_gesprek_datum": "2026-03-02"})
    assert load(engine, case_id)[0].phase is Phase.VERBINDEN_EN_ACTIVEREN
    advance(uow(), case_id, "remove_co_coordinator", manager, None, "Niet meer nodig")
    case, events = load(engine, case_id)
    assert case.co_coordinator_id is None and events[-1].trigger == "remove_co_coordinator"
    with pytest.raises(CaseNotFound):
        advance(uow(), case_id, "close", new, None, "", {"uitkomst": "gestopt"})


def test_a_co_coordinator_gets_the_cases_open_tasks_and_loses_them_when_removed(world, clock):
    engine, uow, _case_id, manager, coordinator, new, _other = world
    with Session(engine) as session:
        co_user = session.exec(select(Reminder.user_id)).all()  # whatever there is before
    case = offered_case(uow, manager, coordinator, {**_intake(), "variant": "groep"})
    from tests.walks import STEPS_TO_NAZORG

    for trigger, data in STEPS_TO_NAZORG:
        advance(uow(), case.id, trigger, coordinator, None, "", data)
    mine = count_rows(engine, Reminder, Reminder.case_id == case.id, Reminder.user_id == coordinator.user_id)
    assert mine >= 1 and co_user is not None
    advance(uow(), case.id, "add_co_coordinator", manager, None, "", {"co_coordinator_id": new.coordinator_id})
    theirs = count_rows(engine, Reminder, Reminder.case_id == case.id, Reminder.user_id == new.user_id)
    assert theirs == mine
    advance(uow(), case.id, "remove_co_coordinator", manager, None, "")
    still = count_rows(
        engine, Reminder, Reminder.case_id == case.id, Reminder.user_id == new.user_id, Reminder.state == "open"
    )
    assert still == 0


def test_a_co_coordinator_from_another_region_or_unknown_is_refused(world, any_engine):
    engine, uow, _case_id, manager, coordinator, _new, _other = world
    case_id = _herstel(engine, uow, manager, coordinator)
    far = People(any_engine).make(Role.COORDINATOR, "far@kring.test", regions=("Limburg",))[1]
    for chosen in (far.coordinator_id, 99999):
        with pytest.raises(InvalidInput) as refusal:
            advance(uow(), case_id, "add_co_coordinator", manager, None, "", {"co_coordinator_id": chosen})
        assert "uit de regio" in refusal.value.errors["co_coordinator_id"]
    assert load(engine, case_id)[0].co_coordinator_id is None


def test_a_familie_case_gets_no_co_coordinator(world):
    engine, uow, case_id, manager, _coordinator, new, _other = world
    with pytest.raises(GuardRefused, match="herstel- of groepsconferentie"):
        advance(uow(), case_id, "add_co_coordinator", manager, None, "", {"co_coordinator_id": new.coordinator_id})


def test_two_regiomanagers_rematching_one_case_at_once_give_one_winner(world, any_engine):
    engine, uow, case_id, manager, _coordinator, new, other = world
    second = People(any_engine).make(Role.REGIOMANAGER, "rm3@kring.test")[1]
    advance(uow(), case_id, "withdraw_coordinator", manager, version(engine, case_id), "Ziek")
    seen = version(engine, case_id)
    outcomes = []

    def act(actor, chosen):
        try:
            reoffer(uow, engine, case_id, actor, chosen, seen)
            outcomes.append("ok")
        except StaleCase:
            outcomes.append("stale")
        except Exception as unexpected:  # shown in the assertion instead of dying silently in the thread
            outcomes.append(repr(unexpected))

    threads = [threading.Thread(target=act, args=pair) for pair in ((manager, new), (second, other))]
    [t.start() for t in threads]
    [t.join(30) for t in threads]
    assert sorted(outcomes) == ["ok", "stale"]
    case, events = load(engine, case_id)
    assert [o.state for o in case.offers].count("open") == 1
    assert [e.trigger for e in events].count("offer") == 2  # the first match and exactly one re-offer


def test_two_regiomanagers_withdrawing_at_once_give_one_winner(world, any_engine):
    engine, uow, case_id, manager, _coordinator, _new, _other = world
    second = People(any_engine).make(Role.REGIOMANAGER, "rm3@kring.test")[1]
    seen = version(engine, case_id)
    outcomes = []

    def act(actor):
        try:
            advance(uow(), case_id, "withdraw_coordinator", actor, seen, f"Reden van {actor.name}")
            outcomes.append("ok")
        except StaleCase:
            outcomes.append("stale")
        except Exception as unexpected:
            outcomes.append(repr(unexpected))

    threads = [threading.Thread(target=act, args=(a,)) for a in (manager, second)]
    [t.start() for t in threads]
    [t.join(30) for t in threads]
    assert sorted(outcomes) == ["ok", "stale"]
    assert count_rows(engine, CoordinatorWithdrawal, CoordinatorWithdrawal.case_id == case_id) == 1


def test_a_withdrawal_is_a_task_for_the_regiomanager_until_the_case_is_offered_again(world, clock):
    engine, uow, case_id, manager, _coordinator, new, _other = world
    unmatched = (
        Reminder.case_id == case_id,
        Reminder.kind == "coordinator_needed",
        Reminder.user_id == manager.user_id,
    )
    advance(uow(), case_id, "withdraw_coordinator", manager, version(engine, case_id), "Ziek")
    with Session(engine) as session:
        task = session.exec(select(Reminder).where(*unmatched, Reminder.sequence == 1)).one()
        assert (task.state, task.due_at) == ("open", clock.now())
    reoffer(uow, engine, case_id, manager, new)
    assert count_rows(engine, Reminder, *unmatched, Reminder.sequence == 1, Reminder.state == "open") == 0
