"""Demo cases after the plan (storage/demo.py calls this), both compulsory cases of Carla with two conditions:
- in Haarlem, the meeting held some seven weeks ago with a plan whose professional's decision is still open
  (so the regiomanager is chased), three agreements, one with an evaluation moment next week, and the four-week
  call done with a mark per agreement; its three-month check lies ahead;
- in Zaanstad, closed this autumn after an accepted plan, the four-week call and the three-month check: the
  "Na het plan" tables of the reports (T24–T28) have a case to show."""

import datetime as dt

from sqlmodel import Session, select

from storage.accounts import actor_for, find_user
from storage.demo_registration import register_for_closing
from storage.messagebus import MessageBus
from storage.reminders import Reminder
from storage.uow import SqlUnitOfWork
from workflow import reminder_rules as rules
from workflow.clock import FrozenClock
from workflow.recording import record_registration
from workflow.registration import schema
from workflow.registration.schema import example_meeting
from workflow.tasks import complete_task, record_three_month_check
from workflow.usecases import advance, create_application, offer_case

INTAKE = {
    "gemeente": "Haarlem",
    "type_aanmelder": "Organisatie",
    "type_organisatie": "Organisatie jeugdbescherming",
    "aanmelder_naam": "Petra Jansen",
    "vraag": "Hoe kan Mila veilig bij haar moeder blijven wonen?",
    "gedwongen_kader": True,
    "voorwaarden": "Mila slaapt elke nacht thuis of bij oma\nEr is een volwassene bereikbaar als moeder niet kan",
    "voorwaarden_gesteld_door": "Petra Jansen (jeugdbescherming)",
    "hoofdpersonen": [{"naam": "Mila de Boer", "soort": "minderjarig", "geslacht": "meisje"}],
}
NETWORK = [
    {"naam": "Oma Ria", "relatie": "Grootouders", "status": "aanwezig"},
    {"naam": "Tante Sanne", "relatie": "Ooms/tantes", "status": "aanwezig"},
]
MARKS = ["nagekomen", "deels nagekomen", "weet niet"]


def create_after_plan_cases(engine, now: dt.datetime, bus: MessageBus, manager_email: str, carla_email: str) -> int:
    """The two cases described above; returns how many cases it made."""
    with Session(engine) as session:
        manager = actor_for(session, find_user(session, manager_email))
        carla = actor_for(session, find_user(session, carla_email))
    _decision_open(engine, now, bus, manager, carla)
    _closed_after_three_months(engine, now, bus, manager, carla)
    return 2


def _decision_open(engine, now: dt.datetime, bus: MessageBus, manager, carla) -> None:
    clock = FrozenClock(now - dt.timedelta(days=60))
    uow = lambda: SqlUnitOfWork(engine, clock, bus)  # noqa: E731 (a fresh unit of work per action)
    case_id, meeting_day = _held(uow, clock, manager, carla, INTAKE)
    record_registration(uow(), case_id, carla, None, "netwerk", {"netwerk": NETWORK})
    record_registration(uow(), case_id, carla, None, "plan", {"afspraken": _agreements(meeting_day, now)})
    clock.advance(days=29)
    complete_task(uow(), _call(engine, case_id), carla, {"uitkomst": "positief", "afspraken_markering": MARKS})


def _closed_after_three_months(engine, now: dt.datetime, bus: MessageBus, manager, carla) -> None:
    clock = FrozenClock(now - dt.timedelta(days=200))
    uow = lambda: SqlUnitOfWork(engine, clock, bus)  # noqa: E731
    intake = {**INTAKE, "gemeente": "Zaanstad", "hoofdpersonen": [{"naam": "Noah Smit", "soort": "minderjarig"}]}
    case_id, meeting_day = _held(uow, clock, manager, carla, intake)
    decision = {"besluit": "geaccepteerd na aanpassing", "besluit_door": "Petra Jansen", "besluit_datum": meeting_day}
    decision["voorwaarden_antwoord"] = [{"voorwaarde": 0, "antwoord": "Bij oma"}, {"voorwaarde": 1, "antwoord": "Oom"}]
    advance(uow(), case_id, "record_plan_decision", carla, None, "Oma is de vaste achtervang", decision)
    register_for_closing(uow, case_id, carla, "plan")
    record_registration(uow(), case_id, carla, None, "netwerk", {"netwerk": NETWORK})
    plan = schema.example(schema.PLAN_FIELDS, afspraken=_agreements(meeting_day, now)[:2])
    record_registration(uow(), case_id, carla, None, "plan", plan)
    clock.advance(days=29)
    complete_task(uow(), _call(engine, case_id), carla, {"uitkomst": "positief", "afspraken_markering": MARKS[:2]})
    clock.advance(days=63)
    talks = [
        {"respondent": who, "plan_uitgevoerd": done, "afspraken_uitgevoerd": kept, "situatie": "verbeterd"}
        for who, done, kept in (
            ("volwassen hoofdpersoon", "geheel uitgevoerd", "meer dan de helft"),
            ("aanmelder/hulpverlener", "ten dele uitgevoerd", "ongeveer de helft"),
            ("familielid", "geheel uitgevoerd", "meer dan de helft"),
        )
    ]
    check = {"bereikt": "ja", "datum": _day(clock, -1), "gesprekken": talks, "afspraken_markering": MARKS[:2]}
    record_three_month_check(uow(), case_id, carla, None, check)
    clock.advance(days=3)
    advance(uow(), case_id, "close", carla, None, "", {"uitkomst": "plan"})


def _held(uow, clock: FrozenClock, manager, carla, intake: dict) -> tuple[int, str]:
    """A compulsory application walked to its meeting, held with a plan whose decision is left open."""
    case_id = create_application(uow(), {**intake, "aanmelddatum": clock.now().date().isoformat()}, manager).id
    offer_case(uow(), case_id, carla.coordinator_id, manager, override_reason="Carla kent de jeugdbeschermer")
    clock.advance(days=1)
    advance(uow(), case_id, "accept_match", carla, None)
    clock.advance(days=2)
    advance(uow(), case_id, "start_activation", carla, None, "", {"informatief_gesprek_datum": _day(clock, -1)})
    meeting_day = _day(clock, 9)
    planned = {"datum": meeting_day, "locatie": "Bij deelnemers thuis", "uitgenodigd": 8}
    advance(uow(), case_id, "plan_meeting", carla, None, "", planned)
    clock.advance(days=10)
    held = example_meeting(datum=meeting_day, acceptatie_professional="nog af te stemmen", uitgenodigd_niet_aanwezig=1)
    advance(uow(), case_id, "hold_meeting", carla, None, "", held)
    return case_id, meeting_day


def _agreements(meeting_day: str, now: dt.datetime) -> list[dict]:
    later = (dt.date.fromisoformat(meeting_day) + dt.timedelta(days=14)).isoformat()
    return [
        {
            "wie": "Oma Ria",
            "wie_soort": "netwerk",
            "wat": "Mila slaapt bij oma als het thuis niet gaat",
            "wanneer": later,
        },
        {"wie": "Tante Sanne", "wie_soort": "netwerk", "wat": "brengt Mila op maandag naar school", "wanneer": later},
        {
            "wie": "Petra Jansen",
            "wie_soort": "professional",
            "wat": "regelt opvoedondersteuning voor moeder",
            "wanneer": later,
            "evaluatie": (now.date() + dt.timedelta(days=7)).isoformat(),
        },
    ]


def _call(engine, case_id: int) -> int:
    with Session(engine) as session:
        query = select(Reminder.id).where(Reminder.case_id == case_id, Reminder.kind == rules.FOLLOW_UP_MAIN_PERSON)
        return session.exec(query).one()


def _day(clock: FrozenClock, days: int) -> str:
    return (clock.now().date() + dt.timedelta(days=days)).isoformat()
