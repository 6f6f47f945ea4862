"""Matching on a real database (SQLite and PostgreSQL): profiles and needs from rows, the ranking with the
admin's weights, and the offer flow (decline, withdraw, accept, stale) with its history and reminders."""

import datetime as dt

import pytest
from sqlmodel import Session, select

from storage import matching as store
from storage.models import Case, CaseEvent, Coordinator, Municipality, Offer
from storage.reminders import CANCELLED, OPEN, Reminder
from tests.conftest import People, units_of_work
from workflow import reminder_rules as rules
from workflow.errors import CaseNotFound, GuardRefused, InvalidInput, NotPermitted, StaleCase, TriggerNotAllowedHere
from workflow.matching import Weights
from workflow.offers import accept_offer, decline_offer, withdraw_offer
from workflow.phases import Phase, Role
from workflow.usecases import create_application, offer_case

INTAKE = {
    "aanmelddatum": "2026-03-01",
    "variant": "familie",
    "gemeente": "Zaanstad",
    "type_aanmelder": "Organisatie",
    "type_organisatie": "Gemeente/sociaal wijkteam",
    "aanmelder_naam": "Ingrid",
    "aanmelder_organisatie": "Leger des Heils",
    "gedwongen_kader": "ja",
    "vraag": "Hoe houden we de kinderen veilig thuis?",
    "wensen_coordinator": {
        "geslacht": "vrouw",
        "talen": "Arabisch en Turks",
        "cultuur": "Marokkaans",
        "leeftijd": "30-50",
    },
    "hoofdpersonen": [{"naam": "Sam", "soort": "minderjarig"}],
}


@pytest.fixture
def world(any_engine, clock):
    people = People(any_engine)
    _, manager = people.make(Role.REGIOMANAGER, "rm@kring.test")
    _, anna = people.make(Role.COORDINATOR, "anna@kring.test")
    _, bert = people.make(Role.COORDINATOR, "bert@kring.test")
    uow = units_of_work(any_engine, clock)
    case = create_application(uow(), INTAKE, manager)
    return {"engine": any_engine, "uow": uow, "case_id": case.id, "rm": manager, "anna": anna, "bert": bert}


def test_profile_for_reads_every_part_of_the_profile(world, clock):
    engine, anna_id = world["engine"], world["anna"].coordinator_id
    with Session(engine) as session:
        zaanstad_id = session.exec(select(Municipality.id).where(Municipality.name == "Zaanstad")).one()
        coordinator = session.get(Coordinator, anna_id)
        coordinator.gender, coordinator.birth_year, coordinator.languages = "vrouw", 1985, ["Arabisch", "Nederlands"]
        coordinator.cultural_background, coordinator.capacity = "Marokkaans", 4
        session.add(store.CoordinatorMunicipality(coordinator_id=anna_id, municipality_id=zaanstad_id))
        session.add(
            store.CoordinatorAbsence(
                coordinator_id=anna_id, start=dt.date(2026, 4, 1), end=dt.date(2026, 4, 10), note="vakantie"
            )
        )
        session.add(store.CoordinatorPool(coordinator_id=anna_id, organisation="Leger des Heils"))
        store.save_skills(session, anna_id, ["basis", "EK-2"], ["Jeugdbescherming", "onbekend"])
        store.mark_conflict(session, anna_id, world["case_id"], "buurvrouw", clock.now())
        assert not store.mark_conflict(session, anna_id, world["case_id"], "nog eens", clock.now())
        session.commit()
        profile = store.profile_for(session, session.get(Coordinator, anna_id))
    assert profile.name == "Anna" and profile.gender == "vrouw" and profile.birth_year == 1985
    assert profile.languages == {"Arabisch", "Nederlands"} and profile.capacity == 4
    assert profile.municipality_ids == {zaanstad_id} and len(profile.region_ids) == 1
    assert profile.absences == ((dt.date(2026, 4, 1), dt.date(2026, 4, 10)),)
    assert profile.pools == {"Leger des Heils"} and profile.conflicts == {world["case_id"]}
    assert profile.qualifications == {"basis", "EK-2"} and profile.target_groups == {"Jeugdbescherming"}
    assert profile.active_cases == 0


def test_a_coordinator_without_skills_has_the_basic_training_and_counts_active_cases(world):
    engine, uow = world["engine"], world["uow"]
    offer = offer_case(uow(), world["case_id"], world["bert"].coordinator_id, world["rm"])
    accept_offer(uow(), world["case_id"], offer.id, world["bert"])
    with Session(engine) as session:
        profile = store.profile_for(session, session.get(Coordinator, world["bert"].coordinator_id))
    assert profile.qualifications == {"basis"} and profile.target_groups == frozenset()
    assert profile.active_cases == 1


def test_needs_for_reads_the_intake_wishes_and_the_matching_needs(world):
    engine, case_id = world["engine"], world["case_id"]
    with Session(engine) as session:
        store.save_case_needs(session, case_id, ["Schulden", "Verslaving", "bestaat niet"], True)
        session.commit()
        needs = store.needs_for(session, session.get(Case, case_id), today=dt.date(2026, 3, 2))
    assert needs.variant == "familie" and needs.municipality_name == "Zaanstad"
    assert needs.region_name == "Noord-Holland" and needs.urgent
    assert needs.wished_gender == "vrouw" and needs.wished_languages == {"Arabisch", "Turks"}
    assert needs.wished_culture == "Marokkaans" and needs.wished_age == (30, 50)
    assert needs.target_groups == {"Schulden", "Verslaving", "Jeugdbescherming"}  # the last: gedwongen kader
    assert needs.referrer_organisation == "Leger des Heils" and needs.start_date == dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("30-50", (30, 50)),
        ("50 tot 30", (30, 50)),
        ("ouder dan 40", (40, None)),
        ("40+", (40, None)),
        ("jonger dan 35", (None, 35)),
        ("rond de 40", (35, 45)),
        ("maakt niet uit", None),
        ("", None),
    ],
)
def test_age_wishes_are_read_leniently(text, expected):
    assert store.parse_age_wish(text) == expected


def test_ranking_uses_the_stored_weights_and_explains_the_score(world, clock):
    engine, case_id, anna_id = world["engine"], world["case_id"], world["anna"].coordinator_id
    with Session(engine) as session:
        coordinator = session.get(Coordinator, anna_id)
        coordinator.languages = ["Arabisch"]
        session.commit()
        _, ranked, excluded = store.ranking(session, session.get(Case, case_id), clock.now())
        assert [r.profile.name for r in ranked] == ["Anna", "Bert"] and not excluded
        store.save_weights(session, Weights.from_dict({"language": 0, "free_capacity": 5}), clock.now())
        session.commit()
        assert store.load_weights(session).language == 0
        _, ranked, _ = store.ranking(session, session.get(Case, case_id), clock.now())
    for r in ranked:
        assert r.score == round(sum(reason.points for reason in r.reasons), 2)
    assert [r.profile.name for r in ranked] == ["Anna", "Bert"]  # equal score: ties by name
    assert ranked[0].score == ranked[1].score


def test_unreadable_stored_weights_fall_back_to_the_defaults(world, clock):
    with Session(world["engine"]) as session:
        session.add(store.MatchingWeights(id=1, weights={"language": -3}))
        session.commit()
        assert store.load_weights(session) == Weights()


def _events(engine, case_id):
    with Session(engine) as session:
        return [
            (e.trigger, e.reason)
            for e in session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id))
        ]


def _reminders(engine, case_id):
    with Session(engine) as session:
        return [
            (r.kind, r.sequence, r.state, r.cancel_reason)
            for r in session.exec(select(Reminder).where(Reminder.case_id == case_id).order_by(Reminder.id))
        ]


def test_offer_decline_reoffer_withdraw_accept_all_in_the_history(world, clock):
    engine, uow, case_id, rm, anna, bert = (world[k] for k in ("engine", "uow", "case_id", "rm", "anna", "bert"))
    first = offer_case(uow(), case_id, anna.coordinator_id, rm)
    with pytest.raises(CaseNotFound):  # not offered to Bert: he does not even see the case
        decline_offer(uow(), case_id, first.id, bert, "niet mijn aanbod")
    with pytest.raises(GuardRefused, match="reden"):
        decline_offer(uow(), case_id, first.id, anna, "   ")
    decline_offer(uow(), case_id, first.id, anna, "Vol tot mei")
    with pytest.raises(CaseNotFound):  # declined: the case is out of Anna's sight again
        accept_offer(uow(), case_id, first.id, anna)
    with pytest.raises(TriggerNotAllowedHere):
        decline_offer(uow(), case_id, first.id, rm, "al afgewezen")
    second = offer_case(uow(), case_id, bert.coordinator_id, rm)
    with pytest.raises(NotPermitted):
        withdraw_offer(uow(), second.id, bert, "zelf")
    with pytest.raises(GuardRefused):
        withdraw_offer(uow(), second.id, rm, "")
    withdraw_offer(uow(), second.id, rm, "Familie wil toch een vrouw")
    with pytest.raises(TriggerNotAllowedHere):
        withdraw_offer(uow(), second.id, rm, "nog eens")
    third = offer_case(uow(), case_id, bert.coordinator_id, rm)
    accept_offer(uow(), case_id, third.id, bert)

    assert _events(engine, case_id) == [
        ("aanmelding", "Aanmelding ontvangen"),
        ("offer", "Aangeboden aan Anna"),
        ("decline_offer", "Vol tot mei"),
        ("offer", "Aangeboden aan Bert"),
        ("withdraw_offer", "Familie wil toch een vrouw"),
        ("offer", "Aangeboden aan Bert"),
        ("accept_match", ""),
    ]
    with Session(engine) as session:
        case = session.get(Case, case_id)
        assert case.phase is Phase.INFORMATIEF_GESPREK and case.coordinator_id == bert.coordinator_id
        states = [(o.state, o.reason) for o in session.exec(select(Offer).order_by(Offer.id))]
    assert states == [("declined", "Vol tot mei"), ("withdrawn", "Familie wil toch een vrouw"), ("accepted", "")]
    reminders = _reminders(engine, case_id)
    offer_reminders = [r for r in reminders if r[0] == rules.OFFER_UNANSWERED]
    assert [r[1] for r in offer_reminders] == [first.id, second.id, third.id]
    assert all(r[2] == CANCELLED for r in reminders), reminders


def test_withdraw_cancels_only_that_offers_reminder(world):
    engine, uow, case_id, rm, anna = (world[k] for k in ("engine", "uow", "case_id", "rm", "anna"))
    offer = offer_case(uow(), case_id, anna.coordinator_id, rm)
    assert (rules.OFFER_UNANSWERED, offer.id, OPEN, None) in _reminders(engine, case_id)
    withdraw_offer(uow(), offer.id, rm, "Verkeerde regio")
    assert (rules.OFFER_UNANSWERED, offer.id, CANCELLED, "ingetrokken") in _reminders(engine, case_id)


def test_a_second_offer_waits_until_the_open_one_is_withdrawn(world):
    engine, uow, case_id, rm, anna, bert = (world[k] for k in ("engine", "uow", "case_id", "rm", "anna", "bert"))
    first = offer_case(uow(), case_id, anna.coordinator_id, rm)
    with pytest.raises(TriggerNotAllowedHere, match="Trek dat aanbod eerst in") as refused:
        offer_case(uow(), case_id, bert.coordinator_id, rm)
    assert refused.value.details["open_offer_id"] == first.id
    withdraw_offer(uow(), first.id, rm, "Toch liever Bert")
    offer_case(uow(), case_id, bert.coordinator_id, rm)
    assert _events(engine, case_id)[-3:] == [
        ("offer", "Aangeboden aan Anna"),
        ("withdraw_offer", "Toch liever Bert"),
        ("offer", "Aangeboden aan Bert"),
    ]


def test_an_offer_made_on_an_old_version_is_refused_and_changes_nothing(world):
    engine, uow, case_id, rm, anna, bert = (world[k] for k in ("engine", "uow", "case_id", "rm", "anna", "bert"))
    with Session(engine) as session:
        version = session.get(Case, case_id).version
    offer_case(uow(), case_id, anna.coordinator_id, rm, version)
    with pytest.raises(StaleCase):
        offer_case(uow(), case_id, bert.coordinator_id, rm, version)
    with Session(engine) as session:
        assert [o.coordinator_id for o in session.exec(select(Offer))] == [anna.coordinator_id]


def test_a_too_long_decline_reason_is_refused(world):
    uow, case_id, rm, anna = (world[k] for k in ("uow", "case_id", "rm", "anna"))
    offer = offer_case(uow(), case_id, anna.coordinator_id, rm)
    with pytest.raises(InvalidInput):
        decline_offer(uow(), case_id, offer.id, anna, "x" * 5000)
    with Session(world["engine"]) as session:
        assert session.get(Offer, offer.id).state == "open"
