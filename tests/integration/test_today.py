"""Vandaag, every role's home page, on SQLite and PostgreSQL: what each role sees, and that nothing outside
the user's scope (another coordinator's case, another region) ever shows."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest

from tests.conftest import PASSWORD, People, make_app, units_of_work
from tests.walks import INTAKE, STEPS_TO_NAZORG, offered_case
from workflow.clock import FrozenClock
from workflow.phases import Role
from workflow.usecases import advance, create_application

CREATED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LOOK = dt.datetime(2026, 3, 25, 10, 0, tzinfo=dt.UTC)  # the follow-up (30 March) and a meeting (27 March) ahead
LATE = dt.datetime(2026, 4, 7, 10, 0, tzinfo=dt.UTC)  # more than a week after the follow-up fell due
PLAN = {"datum": "2026-03-27", "locatie": "Buurthuis of wijkcentrum", "uitgenodigd": 5}
ARNHEM = {**INTAKE, "gemeente": "Arnhem", "hoofdpersonen": [{"naam": "Gijs Gelder", "soort": "minderjarig"}]}
WISHES = {**INTAKE, "vraag": "Wie helpt moeder op woensdag?", "wensen_coordinator_talen": "Pools"}


@pytest.fixture
def world(any_engine):
    """Two regions. Noord-Holland: regiomanager Noor, coordinators Carla and Piet; Gelderland: regiomanager
    Gert and coordinator Gerda. Cases (refs in `world.ref`): offered (to Carla, open), new (no offer),
    nazorg (Carla's, meeting held 2 March), planned (Carla's, meeting on 27 March), accepted (Piet's,
    no informatief gesprek yet), piet_nazorg (Piet's), arnhem (Gelderland, new)."""
    people = People(any_engine)
    clock = FrozenClock(CREATED)
    uow = units_of_work(any_engine, clock)
    _, noor = people.make(Role.REGIOMANAGER, "noor@x.nl")
    _, gert = people.make(Role.REGIOMANAGER, "gert@x.nl", regions=("Gelderland",))
    _, carla = people.make(Role.COORDINATOR, "carla@x.nl")
    _, piet = people.make(Role.COORDINATOR, "piet@x.nl")
    people.make(Role.COORDINATOR, "gerda@x.nl", regions=("Gelderland",))
    people.make(Role.ADMIN, "bureau@x.nl", regions=())
    cases = {
        "offered": offered_case(uow, noor, carla, WISHES),
        "new": create_application(uow(), INTAKE, noor),
        "nazorg": offered_case(uow, noor, carla),
        "planned": offered_case(uow, noor, carla),
        "accepted": offered_case(uow, noor, piet),
        "piet_nazorg": offered_case(uow, noor, piet),
        "arnhem": create_application(uow(), ARNHEM, gert),
    }
    for name, who, steps in (
        ("nazorg", carla, STEPS_TO_NAZORG),
        ("planned", carla, (*STEPS_TO_NAZORG[:2], ("plan_meeting", PLAN))),
        ("accepted", piet, STEPS_TO_NAZORG[:1]),
        ("piet_nazorg", piet, STEPS_TO_NAZORG),
    ):
        for trigger, data in steps:
            advance(uow(), cases[name].id, trigger, who, None, "", data)
    return SimpleNamespace(
        engine=any_engine,
        ref={name: case.ref for name, case in cases.items()},
        id={name: case.id for name, case in cases.items()},
    )


def page_of(world, email: str, moment: dt.datetime) -> str:
    app = make_app(world.engine, FrozenClock(moment))
    browser = app.test_client()
    assert browser.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    response = browser.get("/vandaag")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def section(html: str, anchor: str) -> str:
    """The HTML of one card of the page, by its id."""
    found = re.search(rf'id="{anchor}">(.*?)</section>', html, re.S)
    assert found, anchor
    return found.group(1)


def refs_in(world, html: str) -> set[str]:
    return {name for name, ref in world.ref.items() if ref in html}


def test_every_role_lands_on_vandaag(world):
    app = make_app(world.engine, FrozenClock(LOOK))
    for email in ("noor@x.nl", "carla@x.nl", "bureau@x.nl"):
        browser = app.test_client()
        assert browser.post("/login", data={"email": email, "password": PASSWORD}).location.endswith("/")
        assert browser.get("/").location.endswith("/vandaag")


def test_the_coordinator_sees_offers_the_week_and_what_is_missing_of_her_own_cases_only(world):
    html = page_of(world, "carla@x.nl", LOOK)
    offers = section(html, "aanbod")
    assert refs_in(world, offers) == {"offered"}
    assert "Wie helpt moeder op woensdag?" in offers and "Zaanstad" in offers and "Pools" in offers
    assert "verlopen" in offers  # the deadline (4 March) has passed
    week = section(html, "deze-week")
    assert refs_in(world, week) == {"nazorg", "planned"}
    assert "30-03-2026 09:00" in week and "Follow-up gesprek" in week
    assert "27-03-2026" in week and "Bijeenkomst" in week
    assert refs_in(world, section(html, "ontbreekt")) <= {"nazorg"}
    assert refs_in(world, html) <= {"offered", "nazorg", "planned"}, "never Piet's or another region's cases"
    assert "Bezetting" not in html and "Inbox" not in html


def test_the_coordinators_due_follow_up_is_a_task_and_links_to_the_task_page(world):
    html = page_of(world, "carla@x.nl", dt.datetime(2026, 3, 30, 8, 0, tzinfo=dt.UTC))
    tasks = section(html, "taken")
    assert "Follow-up gesprek met de hoofdpersoon" in tasks and world.ref["nazorg"] in tasks
    assert "/taken#taak-" in tasks and "te doen sinds" in tasks
    assert "Zaak staat al lang stil" not in tasks


def test_the_regiomanager_sees_her_regions_work_and_nothing_of_another_region(world):
    html = page_of(world, "noor@x.nl", LATE)
    assert refs_in(world, section(html, "inbox")) == {"new"}
    assert refs_in(world, section(html, "aanbod-verlopen")) == {"offered"}
    assert "Carla" in section(html, "aanbod-verlopen")
    assert refs_in(world, section(html, "doorlooptijd")) == {"new", "accepted"}
    assert refs_in(world, section(html, "follow-up-te-laat")) == {"nazorg", "piet_nazorg"}
    load = section(html, "bezetting")
    assert "Carla" in load and "Piet" in load and "Gerda" not in load
    assert "arnhem" not in refs_in(world, html)


def test_before_the_targets_nothing_is_late(world):
    html = page_of(world, "noor@x.nl", CREATED + dt.timedelta(hours=1))
    for anchor in ("aanbod-verlopen", "doorlooptijd", "follow-up-te-laat"):
        assert refs_in(world, section(html, anchor)) == set(), anchor


def test_the_other_regions_manager_sees_only_hers(world):
    html = page_of(world, "gert@x.nl", LATE)
    assert refs_in(world, html) == {"arnhem"}
    load = section(html, "bezetting")
    assert "Gerda" in load and "Carla" not in load


def test_the_bureau_sees_all_regions(world):
    html = page_of(world, "bureau@x.nl", LATE)
    assert refs_in(world, section(html, "inbox")) == {"new", "arnhem"}
    assert refs_in(world, section(html, "follow-up-te-laat")) == {"nazorg", "piet_nazorg"}
    load = section(html, "bezetting")
    assert all(name in load for name in ("Carla", "Piet", "Gerda"))


def test_vandaag_needs_a_login(world):
    app = make_app(world.engine, FrozenClock(LOOK))
    assert app.test_client().get("/vandaag").status_code == 302


def test_a_planned_meeting_whose_day_passed_unrecorded_stays_on_the_week(world):
    html = page_of(world, "carla@x.nl", LATE)
    week = section(html, "deze-week")
    assert world.ref["planned"] in week and "datum voorbij" in week
    assert world.ref["nazorg"] not in week, "a follow-up call already due is a task, not a moment to come"
    assert world.ref["nazorg"] in section(html, "taken")


def test_a_coordinator_without_a_profile_sees_no_ones_cases(world):
    from sqlmodel import Session, select

    from storage.models import Coordinator, User

    with Session(world.engine) as session:
        user = session.exec(select(User).where(User.email == "piet@x.nl")).one()
        profile = session.exec(select(Coordinator).where(Coordinator.user_id == user.id)).one()
        profile.user_id = None  # the profile unlinked from the account
        session.commit()
    html = page_of(world, "piet@x.nl", LATE)
    assert refs_in(world, html) == {"piet_nazorg"}, "only his own task (reminders are the user's)"
    for anchor in ("aanbod", "deze-week", "ontbreekt"):
        assert refs_in(world, section(html, anchor)) == set(), "never the cases without a coordinator"
