"""Walking a case through the phase table in tests: application, offer, match, and a meeting held."""

import datetime as dt

from tests.conftest import People, units_of_work
from workflow.phases import Role
from workflow.registration.schema import example_meeting
from workflow.usecases import advance, create_application, offer_case

INTAKE = {
    "gemeente": "Zaanstad",
    "type_aanmelder": "Organisatie",
    "type_organisatie": "Gemeente/sociaal wijkteam",
    "aanmelder": {"naam": "Wijkteam Zaanstad"},
    "vraag": "Hoe houden we de kinderen veilig thuis?",
    "hoofdpersonen": [{"naam": "Sam Jansen", "soort": "minderjarig", "geslacht": "jongen"}],
}

MEETING_DAY = "2026-03-02"
MEETING = example_meeting(
    datum=MEETING_DAY,
    duur_besloten_uur=1,
    uitgenodigd_niet_aanwezig=0,
    aanwezigen={"Ouders": 2},
)
# A meeting as a person types it into the step's form (text, decimal comma), on 5 March 2026.
TYPED_MEETING = example_meeting(
    datum="2026-03-05",
    vorm="hybride",
    duur_totaal_uur="4",
    duur_besloten_uur="1,5",
    uitgenodigd_niet_aanwezig="2",
    aanwezigen={"Ouders": "2", "Grootouders": "3"},
)
STEPS_TO_NAZORG = (
    ("accept_match", {}),
    ("start_activation", {"informatief_gesprek_datum": MEETING_DAY}),
    ("plan_meeting", {"datum": MEETING_DAY, "locatie": "Buurthuis of wijkcentrum", "uitgenodigd": 5}),
    # The professional accepts the plan on the spot: no decision is chased (test_plan_decision_storage.py)
    ("hold_meeting", {**MEETING, "acceptatie_professional": "direct geaccepteerd"}),
)

# Closing from nazorg with a plan: the four-week call made, and nobody reachable at three months (the closing
# form may say so; its attempt is then the closing day). `closing(**extra)` adds or overrides fields.
CLOSE_WITH_PLAN = {"uitkomst": "plan", "follow_up_uitkomst": "positief", "drie_maanden_onbereikbaar": "ja"}


def closing(**extra) -> dict:
    """The closing form's data for a case in nazorg with a plan (see CLOSE_WITH_PLAN)."""
    return {**CLOSE_WITH_PLAN, **extra}


# The follow-up of a meeting on MEETING_DAY falls due 28 days later, at 09:00 in Amsterdam: summer time by then.
DUE = dt.datetime(2026, 3, 30, 7, 0, tzinfo=dt.UTC)


def offered_case(uow, manager, coordinator, intake=INTAKE):
    """A new application of `manager`, offered to `coordinator`. `uow` makes a fresh unit of work per action."""
    case = create_application(uow(), intake, manager)
    # The reason counts only where matching would exclude the coordinator (a full caseload in a long test).
    offer_case(uow(), case.id, coordinator.coordinator_id, manager, override_reason="Toch aanbieden (test)")
    return case


def case_in_nazorg(uow, manager, coordinator):
    """A new application, offered to and taken by `coordinator`, whose meeting was held with a plan."""
    case = offered_case(uow, manager, coordinator)
    for trigger, data in STEPS_TO_NAZORG:
        advance(uow(), case.id, trigger, coordinator, None, "", data)
    return case


def team_in_nazorg(engine, clock):
    """rm@kring.test and co@kring.test of Noord-Holland and their case in nazorg: (case, uow, manager, coordinator)."""
    manager, coordinator = People(engine).team()
    uow = units_of_work(engine, clock)
    return case_in_nazorg(uow, manager, coordinator), uow, manager, coordinator


def two_cases_in_nazorg(engine, clock, people):
    """rm@x.nl's cases in nazorg: one of carla@x.nl, one of laat@x.nl (who will be late with the call)."""
    _, manager = people.make(Role.REGIOMANAGER, "rm@x.nl")
    _, carla = people.make(Role.COORDINATOR, "carla@x.nl")
    _, late = people.make(Role.COORDINATOR, "laat@x.nl")
    uow = units_of_work(engine, clock)
    return [case_in_nazorg(uow, manager, who) for who in (carla, late)]


def case_in_activation(engine, clock):
    """rm@kring.test and co@kring.test of Noord-Holland and their case in verbinden en activeren, with no meeting
    planned: a case that waits for nothing (the idle reminder's subject). (case, uow, manager, coordinator)."""
    manager, coordinator = People(engine).team()
    uow = units_of_work(engine, clock)
    case = offered_case(uow, manager, coordinator)
    for trigger, data in STEPS_TO_NAZORG[:2]:
        advance(uow(), case.id, trigger, coordinator, None, "", data)
    return case, uow, manager, coordinator
