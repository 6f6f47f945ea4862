"""Walking a case through the phase table in tests: application, offer, match, and a meeting held."""

from tests.integration.test_lifecycle_storage import INTAKE
from workflow.registration.schema import example_meeting
from workflow.usecases import advance, create_application, offer_case

MEETING_DAY = "2026-03-02"
MEETING = example_meeting(
    datum=MEETING_DAY,
    duur_besloten_uur=1,
    uitgenodigd_niet_aanwezig=0,
    aanwezigen={"Ouders": 2},
)
STEPS_TO_NAZORG = (
    ("accept_match", {}),
    ("start_activation", {"informatief_gesprek_datum": MEETING_DAY}),
    ("plan_meeting", {"datum": MEETING_DAY, "locatie": "Buurthuis of wijkcentrum", "uitgenodigd": 5}),
    ("hold_meeting", MEETING),
)


def case_in_nazorg(uow, manager, coordinator):
    """A new application, offered to and taken by `coordinator`, whose meeting was held with a plan.
    `uow` makes a fresh unit of work per action."""
    case = create_application(uow(), INTAKE, manager)
    offer_case(uow(), case.id, coordinator.coordinator_id, manager)
    for trigger, data in STEPS_TO_NAZORG:
        advance(uow(), case.id, trigger, coordinator, None, "", data)
    return case
