"""The professional's decision on a plan through real storage, on SQLite and PostgreSQL: a pending decision is
chased by a task for the regiomanager, recording it cancels the task, a refused plan goes back to the referrer
(closed, no plan) or to a vervolgconferentie whose new plan is chased anew; the conditions as items."""

import datetime as dt

import pytest
from sqlmodel import Session, select

from storage.models import Case, CaseEvent
from storage.reminders import CANCELLED, OPEN, Reminder
from storage.settings import save_timings
from tests.conftest import People, units_of_work
from tests.registration_fill import fill_registration
from tests.walks import INTAKE, MEETING, MEETING_DAY, STEPS_TO_NAZORG, closing, offered_case
from workflow.decisions import decision_pending
from workflow.errors import InvalidInput
from workflow.meetings import correct_meeting_date
from workflow.phases import Phase
from workflow.reminder_rules import DECISION_PENDING, ReminderTimings
from workflow.usecases import advance, create_application, offer_case

# The walk to nazorg, but the professional's acceptance is still to be agreed: the decision is pending.
TO_PENDING = (*STEPS_TO_NAZORG[:-1], ("hold_meeting", {**MEETING, "acceptatie_professional": "nog af te stemmen"}))
DECISION = {"besluit": "geaccepteerd", "besluit_door": "Petra Jeugdbescherming", "besluit_datum": MEETING_DAY}


def case_in_nazorg(uow, manager, coordinator, steps=TO_PENDING):
    case = offered_case(uow, manager, coordinator)
    for trigger, data in steps:
        advance(uow(), case.id, trigger, coordinator, None, "", data)
    return case


@pytest.fixture
def world(any_engine, clock):
    people = People(any_engine)
    manager, coordinator = people.team()
    uow = units_of_work(any_engine, clock)
    case = case_in_nazorg(uow, manager, coordinator)
    return any_engine, uow, case.id, manager, coordinator


def chases(engine, case_id):
    with Session(engine) as session:
        query = select(Reminder).where(Reminder.case_id == case_id, Reminder.kind == DECISION_PENDING)
        return [(r.sequence, r.state, r.cancel_reason, r.due_at) for r in session.exec(query.order_by(Reminder.id))]


def load(engine, case_id):
    with Session(engine) as session:
        return session.get(Case, case_id)


def version(engine, case_id):
    return load(engine, case_id).version


# The decision is chased 14 days after the meeting of 2 March, at 09:00 in Amsterdam (winter time).
DUE = dt.datetime(2026, 3, 16, 8, 0, tzinfo=dt.UTC)


def test_a_pending_decision_is_chased_and_recording_it_cancels_the_chase(world):
    engine, uow, case_id, manager, _ = world
    assert chases(engine, case_id) == [(1, OPEN, None, DUE)]
    advance(uow(), case_id, "record_plan_decision", manager, version(engine, case_id), "", DECISION)
    case = load(engine, case_id)
    assert case.phase is Phase.NAZORG and not decision_pending(case)
    assert case.record["besluiten"][0]["besluit"] == "geaccepteerd" and case.record["besluiten"][0]["bijeenkomst"] == 1
    assert chases(engine, case_id) == [(1, CANCELLED, "besloten", DUE)]
    with Session(engine) as session:
        last = session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id.desc())).first()
    assert last.trigger == "record_plan_decision" and last.reason == "Besluit: geaccepteerd"


def test_the_chase_follows_the_bureau_timing_and_a_corrected_meeting_date(any_engine, clock):
    with Session(any_engine) as session:
        save_timings(session, ReminderTimings(decision_pending_days=3), clock.now())
        session.commit()
    people = People(any_engine)
    manager, coordinator = people.team()
    uow = units_of_work(any_engine, clock)
    case_id = case_in_nazorg(uow, manager, coordinator).id
    assert chases(any_engine, case_id)[0][3] == dt.datetime(2026, 3, 5, 8, 0, tzinfo=dt.UTC)
    clock.advance(days=3)
    correct_meeting_date(uow(), case_id, coordinator, None, 1, "2026-03-04")
    assert chases(any_engine, case_id)[0][3] == dt.datetime(2026, 3, 7, 8, 0, tzinfo=dt.UTC)


def test_closing_cancels_the_chase_and_reopening_brings_it_back(world):
    engine, uow, case_id, manager, coordinator = world
    fill_registration(uow, case_id, coordinator)
    advance(uow(), case_id, "close", coordinator, None, "", closing(follow_up_uitkomst="onbereikbaar"))
    assert chases(engine, case_id)[0][1:3] == (CANCELLED, "afgesloten")
    advance(uow(), case_id, "reopen", manager, None, "Toch nog nodig")
    assert chases(engine, case_id)[0][1:3] == (OPEN, None)


def test_not_accepted_back_to_the_referrer_closes_the_case_without_plan(world):
    engine, uow, case_id, manager, coordinator = world
    fill_registration(uow, case_id, coordinator)
    refused = {**DECISION, "besluit": "niet geaccepteerd"}
    advance(uow(), case_id, "record_plan_decision", manager, None, "Onveilig voor de kinderen", refused)
    advance(uow(), case_id, "plan_not_accepted_to_referrer", coordinator, None, "")
    case = load(engine, case_id)
    assert case.phase is Phase.AFGESLOTEN and case.outcome == "geen_plan"
    assert chases(engine, case_id)[0][1:3] == (CANCELLED, "besloten")


def test_not_accepted_to_a_vervolgconferentie_whose_new_plan_is_chased_anew(world, clock):
    engine, uow, case_id, manager, coordinator = world
    refused = {**DECISION, "besluit": "niet geaccepteerd"}
    advance(uow(), case_id, "record_plan_decision", manager, None, "Onveilig", refused)
    advance(uow(), case_id, "plan_not_accepted_follow_up", manager, None, "Nieuw plan met de familie")
    assert load(engine, case_id).phase is Phase.VERVOLGCONFERENTIE
    clock.advance(days=10)
    second = {**MEETING, "datum": "2026-03-12"}
    advance(uow(), case_id, "hold_follow_up_conference", coordinator, None, "", second)
    assert chases(engine, case_id) == [
        (1, CANCELLED, "besloten", DUE),
        (2, OPEN, None, dt.datetime(2026, 3, 26, 8, 0, tzinfo=dt.UTC)),
    ]
    advance(uow(), case_id, "record_plan_decision", manager, None, "", {**DECISION, "besluit_datum": "2026-03-12"})
    assert [d["bijeenkomst"] for d in load(engine, case_id).record["besluiten"]] == [1, 2]
    assert chases(engine, case_id)[1][1] == CANCELLED


def test_a_bad_decision_saves_nothing(world):
    engine, uow, case_id, manager, _ = world
    before = load(engine, case_id).version
    with pytest.raises(InvalidInput):
        advance(uow(), case_id, "record_plan_decision", manager, None, "", {**DECISION, "besluit_datum": "2026-03-01"})
    assert load(engine, case_id).version == before and "besluiten" not in load(engine, case_id).record
    assert chases(engine, case_id)[0][1] == OPEN


def test_no_chase_for_a_family_referral(any_engine, clock):
    people = People(any_engine)
    manager, coordinator = people.team()
    uow = units_of_work(any_engine, clock)
    intake = {**INTAKE, "type_aanmelder": "Familielid of sociaal netwerk", "type_organisatie": None}
    case = create_application(uow(), intake, manager)
    offer_case(uow(), case.id, coordinator.coordinator_id, manager, override_reason="test")
    for trigger, data in TO_PENDING:
        advance(uow(), case.id, trigger, coordinator, None, "", data)
    assert chases(any_engine, case.id) == []


def test_no_chase_for_a_plan_accepted_at_the_meeting(any_engine, clock):
    manager, coordinator = People(any_engine).team()
    uow = units_of_work(any_engine, clock)
    case = case_in_nazorg(uow, manager, coordinator, STEPS_TO_NAZORG)
    assert chases(any_engine, case.id) == []


def test_conditions_as_items_from_the_intake_list_or_text(any_engine, clock):
    manager, _ = People(any_engine).team()
    uow = units_of_work(any_engine, clock)
    listed = [{"tekst": "Kinderen veilig", "gesteld_door": "Petra"}, {"tekst": "Schoolgang"}]
    case = create_application(uow(), {**INTAKE, "voorwaarden": listed}, manager)
    stored = load(any_engine, case.id)
    assert stored.record["voorwaarden"] == [
        {"tekst": "Kinderen veilig", "gesteld_door": "Petra"},
        {"tekst": "Schoolgang", "gesteld_door": "Wijkteam Zaanstad"},  # the aanmelder, when not named
    ]
    assert stored.conditions == "Kinderen veilig\nSchoolgang"
    old = create_application(uow(), {**INTAKE, "voorwaarden": "Eén voorwaarde"}, manager)
    assert load(any_engine, old.id).record["voorwaarden"] == [
        {"tekst": "Eén voorwaarde", "gesteld_door": "Wijkteam Zaanstad"}
    ]
