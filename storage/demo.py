"""Demo data: users of every role (password `demo`), a pool of coordinators and cases in every phase.
Cases are walked through the real use cases, so their history is what the app itself writes."""

import datetime as dt
import random

from sqlmodel import Session, select

from storage.accounts import actor_for, create_user, find_user, hash_password
from storage.demo_after_plan import create_after_plan_cases
from storage.demo_cochange import create_cochange_cases
from storage.demo_history import load_history
from storage.demo_money import create_money
from storage.demo_registration import register_for_closing
from storage.geo import ensure_geography
from storage.messagebus import MessageBus
from storage.models import Case, Coordinator, User
from storage.uow import SqlUnitOfWork
from workflow.clock import FrozenClock, local_today
from workflow.phases import Role
from workflow.registration import schema
from workflow.usecases import advance, create_application, offer_case

PASSWORD = "demo"
ADMIN = "admin@kring.demo"
REGIOMANAGERS = {
    "regio.noordholland@kring.demo": ("Noor Hollander", "Noord-Holland"),
    "regio.gelderland@kring.demo": ("Gert Gelder", "Gelderland"),
}
COORDINATOR = "coordinator@kring.demo"
LANGUAGES = [
    "Nederlands",
    "Engels",
    "Arabisch",
    "Turks",
    "Papiaments",
    "Sranantongo",
    "Pools",
    "Berbers",
    "Somalisch",
    "Tigrinya",
    "Frans",
    "Duits",
    "Spaans",
    "Portugees",
    "Farsi",
]
FIRST = [
    "Anouk",
    "Bram",
    "Fatima",
    "Mehmet",
    "Sanne",
    "Yusuf",
    "Lotte",
    "Kofi",
    "Ingrid",
    "Rachid",
    "Esra",
    "Joris",
    "Naima",
    "Pieter",
    "Shanti",
    "Marco",
    "Aylin",
    "Wouter",
    "Chantal",
    "Hamza",
]
LAST = [
    "de Vries",
    "Jansen",
    "El Amrani",
    "Yılmaz",
    "Bakker",
    "Visser",
    "Martina",
    "Mensah",
    "Smit",
    "Bouzid",
    "Kaya",
    "Mulder",
    "Benali",
    "de Boer",
    "Ramdin",
    "Dekker",
    "Demir",
    "Vos",
    "Hoek",
    "Aziz",
]


def load_demo(engine, now: dt.datetime, bus: MessageBus, password_method: str) -> dict[str, int]:
    """Create the demo accounts and cases unless they exist (the cases' steps publish to `bus`); return what was
    created."""
    with Session(engine) as session:
        ensure_geography(session)
        if find_user(session, ADMIN) is not None:
            return {"users": 0, "cases": 0}
        users = _create_users(session, now, password_method)
        create_money(session, now)  # before the cases: each application gets its proposed contract
        session.commit()
    cases = _create_cases(engine, now, bus)
    load_history(engine, now, bus)  # historic registrations: "Door de jaren" shows a trend from the start
    cases += create_cochange_cases(engine, now, bus, next(iter(REGIOMANAGERS)), COORDINATOR)
    cases += create_after_plan_cases(engine, now, bus, next(iter(REGIOMANAGERS)), COORDINATOR)
    return {"users": users, "cases": cases}


def _create_users(session: Session, now: dt.datetime, password_method: str) -> int:
    shared_hash = hash_password(PASSWORD, password_method)  # one hash for all demo users: scrypt is slow on purpose
    create_user(session, ADMIN, "Bureau Beheer", Role.ADMIN, password_hash=shared_hash, now=now)
    for email, (name, region) in REGIOMANAGERS.items():
        create_user(session, email, name, Role.REGIOMANAGER, password_hash=shared_hash, regions=[region], now=now)
    create_user(
        session,
        COORDINATOR,
        "Carla Coördinator",
        Role.COORDINATOR,
        password_hash=shared_hash,
        regions=["Noord-Holland", "Gelderland"],
        now=now,
    )
    rng = random.Random(2022)
    for index in range(20):
        name = f"{FIRST[index]} {LAST[(index * 7) % len(LAST)]}"
        email = f"coordinator{index + 1:02d}@kring.demo"
        regions = rng.sample(["Noord-Holland", "Gelderland", "Utrecht", "Zuid-Holland", "Flevoland"], 2)
        user = create_user(session, email, name, Role.COORDINATOR, password_hash=shared_hash, regions=regions, now=now)
        profile = session.exec(select(Coordinator).where(Coordinator.user_id == user.id)).one()
        profile.gender = "vrouw" if index % 2 == 0 else "man"
        profile.birth_year = 1960 + (index * 3) % 35
        profile.languages = ["Nederlands", *rng.sample(LANGUAGES[1:], rng.randint(0, 2))]
        profile.capacity = 1 + index % 5
    carla = session.exec(select(Coordinator).join(User).where(User.email == COORDINATOR)).one()
    carla.gender, carla.birth_year, carla.languages = "vrouw", 1975, ["Nederlands", "Arabisch", "Engels"]
    return 24


# (municipality, the phase the case is walked to, outcome when closed)
DEMO_CASES = [
    ("Amsterdam", "aanmelding", None),
    ("Zaanstad", "aanmelding", None),
    ("Arnhem", "aanmelding", None),
    ("Haarlem", "informatief_gesprek", None),
    ("Nijmegen", "verbinden_en_activeren", None),
    ("Amsterdam", "formele_bijeenkomst", None),
    ("Apeldoorn", "nazorg", None),
    ("Alkmaar", "nazorg", None),
    ("Ede", "vervolgconferentie", None),
    ("Hilversum", "afgesloten", "plan"),
    ("Zutphen", "afgesloten", "zelf_verder"),
    ("Purmerend", "afgesloten", "gestopt"),
]


DEMO_OVERRIDE = "Carla kent de familie al; in overleg neemt zij deze zaak er toch bij"


def _create_cases(engine, now: dt.datetime, bus: MessageBus) -> int:
    for index, (municipality, target, outcome) in enumerate(DEMO_CASES):
        clock = FrozenClock(now - dt.timedelta(days=70 - index))
        _walk_case(engine, clock, bus, index, municipality, target, outcome, meeting_day=_this_week(now))
    return len(DEMO_CASES)


def _walk_case(
    engine,
    clock: FrozenClock,
    bus: MessageBus,
    index: int,
    municipality: str,
    target: str,
    outcome: str | None,
    meeting_day: str | None = None,
):
    uow = lambda: SqlUnitOfWork(engine, clock, bus)  # noqa: E731 (a fresh unit of work per action)
    with Session(engine) as session:
        province = (
            "Gelderland" if municipality in ("Arnhem", "Nijmegen", "Apeldoorn", "Ede", "Zutphen") else "Noord-Holland"
        )
        manager = actor_for(
            session, find_user(session, next(e for e, (_, r) in REGIOMANAGERS.items() if r == province))
        )
        carla = actor_for(session, find_user(session, COORDINATOR))
    case = create_application(uow(), _intake(index, municipality, clock.now()), manager)
    if target == "aanmelding":
        return
    # Carla takes more demo cases than her capacity; matching then excludes her, so the demo overrides it
    offer_case(uow(), case.id, carla.coordinator_id, manager, override_reason=DEMO_OVERRIDE)
    steps = _steps_to(target, outcome, clock)
    if target == "formele_bijeenkomst" and meeting_day:  # planned in the coming week: it shows on Vandaag
        steps = [(t, {**d, "datum": meeting_day} if t == "plan_meeting" else d, r) for t, d, r in steps]
    for trigger, data, reason in steps:
        clock.advance(days=4)
        if trigger == "close":
            register_for_closing(uow, case.id, carla, data["uitkomst"])
        version = _version(engine, case.id)
        advance(
            uow(),
            case.id,
            trigger,
            manager if trigger == "close" and outcome == "gestopt" else carla,
            version,
            reason,
            data,
        )


def _this_week(now: dt.datetime) -> str:
    """Three days from the demo's today (its cases are walked at moments in the past)."""
    return (local_today(now) + dt.timedelta(days=3)).isoformat()


def _version(engine, case_id: int) -> int:
    with Session(engine) as session:
        return session.get(Case, case_id).version


def _steps_to(target: str, outcome: str | None, clock: FrozenClock) -> list[tuple[str, dict, str]]:
    day = lambda offset=0: (clock.now().date() + dt.timedelta(days=offset)).isoformat()  # noqa: E731
    # Each step comes 4 days after the one before (see _walk_case): the dates follow, in a plausible order
    # (workflow/dates.py): informatief gesprek just before its step, the meeting on the day it was planned for.
    # The demo's cases have conditions, so the professional's acceptance is recorded at the meeting.
    meeting = schema.example_meeting(datum=day(15)) | {"acceptatie_professional": "direct geaccepteerd"}
    path = [("accept_match", {}, "")]
    if target == "informatief_gesprek":
        return path
    path.append(("start_activation", {"informatief_gesprek_datum": day(7)}, ""))
    if outcome == "zelf_verder":
        return [
            path[0],
            (
                "close",
                {"uitkomst": "zelf_verder", **schema.example(schema.NOT_HELD_FIELDS[:1])},
                "",
            ),
        ]
    if target == "verbinden_en_activeren":
        return path
    if outcome == "gestopt":
        return [
            *path,
            (
                "close",
                {"uitkomst": "gestopt", **schema.example(schema.NOT_HELD_FIELDS)},
                "",
            ),
        ]
    path.append(
        (
            "plan_meeting",
            schema.example(schema.PLANNED_MEETING, datum=day(15), voorwaarden="Veiligheid van de kinderen is geborgd."),
            "",
        )
    )
    if target == "formele_bijeenkomst":
        return path
    if target == "vervolgconferentie":
        return [*path, ("hold_meeting_in_parts", meeting, "")]
    path.append(("hold_meeting", meeting, ""))
    if outcome == "plan":
        path.append(
            (
                "close",
                {
                    "uitkomst": "plan",
                    "follow_up_uitkomst": "positief",
                    "follow_up_toelichting": "Het plan loopt goed.",
                    "drie_maanden_onbereikbaar": "ja",  # the demo's closed cases: nobody reached at three months
                },
                "",
            )
        )
    return path


def _intake(index: int, municipality: str, now: dt.datetime) -> dict:
    minor = index % 3 != 2
    return {
        "aanmelddatum": now.date().isoformat(),
        "gemeente": municipality,
        "type_aanmelder": ["Organisatie", "Hoofdpersoon zelf", "Familielid of sociaal netwerk"][index % 3],
        "type_organisatie": "Gemeente/sociaal wijkteam",
        "aanmelder_naam": f"Aanmelder {index + 1}",
        "aanmelder_organisatie": "Sociaal wijkteam" if index % 3 == 0 else "",
        "gedwongen_kader": index % 4 == 0,
        "vraag": "Hoe zorgen we samen dat de kinderen veilig thuis kunnen blijven?",
        "zorgen": "Moeder is overbelast; het netwerk is uit beeld geraakt.",
        "voorwaarden": "Veiligheid van de kinderen is geborgd." if index % 4 == 0 else "",
        "wensen_coordinator_talen": "Arabisch" if index % 5 == 0 else "",
        "hoofdpersonen": [
            {
                "naam": f"{FIRST[index]} {LAST[index]}",
                "soort": "minderjarig" if minor else "volwassen",
                "geslacht": ("meisje" if index % 2 else "jongen") if minor else "vrouw",
                "geboortedatum": f"{2012 if minor else 1985}-0{1 + index % 9}-15",
            }
        ],
    }
