"""The personal calendar feed: made on "Mijn account", readable without login at its secret URL, parsed by
`icalendar`, carrying the user's meetings and follow-up calls with no names; renewing kills the old URL."""

import datetime as dt
import re

import icalendar
import pytest
from sqlmodel import Session, select

from storage.calendar_feeds import CalendarFeed
from storage.tokens import token_hash
from tests.conftest import PASSWORD, People, make_app, units_of_work
from tests.walks import INTAKE, STEPS_TO_NAZORG, offered_case
from workflow.clock import FrozenClock
from workflow.phases import Role
from workflow.usecases import advance

NOW = dt.datetime(2026, 3, 20, 10, 0, tzinfo=dt.UTC)
PLAN = {"datum": "2026-03-27", "locatie": "Buurthuis of wijkcentrum", "adres": "Dorpsstraat 1", "uitgenodigd": 5}
NAMED = {
    **INTAKE,
    "aanmelder": {"naam": "Renate Verwijzer", "organisatie": "Wijkteam Oost", "email": "renate@wijkteam.nl"},
    "hoofdpersonen": [{"naam": "Sam Jansen", "soort": "minderjarig"}, {"naam": "Mira Jansen", "soort": "volwassen"}],
}
NAMES = ("Sam", "Jansen", "Mira", "Renate", "Verwijzer", "renate@wijkteam.nl", "Dorpsstraat", "Carla", "Noor")


@pytest.fixture
def setup(any_engine):
    """Carla's two cases: one in nazorg (follow-up due 30 March), one with a meeting planned on 27 March; and
    Piet's case in nazorg (not hers)."""
    people = People(any_engine)
    uow = units_of_work(any_engine, FrozenClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)))
    _, noor = people.make(Role.REGIOMANAGER, "noor@x.nl")
    _, carla = people.make(Role.COORDINATOR, "carla@x.nl")
    _, piet = people.make(Role.COORDINATOR, "piet@x.nl")
    held, planned, other = (offered_case(uow, noor, who, NAMED) for who in (carla, carla, piet))
    for case, who, steps in (
        (held, carla, STEPS_TO_NAZORG),
        (planned, carla, (*STEPS_TO_NAZORG[:2], ("plan_meeting", PLAN))),
        (other, piet, STEPS_TO_NAZORG),
    ):
        for trigger, data in steps:
            advance(uow(), case.id, trigger, who, None, "", data)
    app = make_app(any_engine, FrozenClock(NOW))
    return app, any_engine, {"held": held.ref, "planned": planned.ref, "other": other.ref}


def logged_in(app, email="carla@x.nl"):
    browser = app.test_client()
    assert browser.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return browser


def new_feed_path(browser) -> str:
    response = browser.post("/mijn-account/agenda")
    assert response.status_code == 201
    found = re.search(r'<code id="feed-url"[^>]*>([^<]+)</code>', response.get_data(as_text=True))
    assert found
    assert found.group(1).startswith("http://127.0.0.1:5000/agenda/"), "at the configured base URL"
    return "/" + found.group(1).split("://", 1)[1].split("/", 1)[1]


def test_the_feed_parses_and_carries_her_meetings_and_follow_ups_without_names(setup):
    app, _engine, refs = setup
    path = new_feed_path(logged_in(app))
    response = app.test_client().get(path)  # no login: a calendar app fetches it
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "no-store" in response.headers["Cache-Control"]
    calendar = icalendar.Calendar.from_ical(response.data)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"Follow-up gesprek ({refs['held']})", f"Bijeenkomst ({refs['planned']})"}
    meeting = events[f"Bijeenkomst ({refs['planned']})"]
    assert meeting.decoded("dtstart") == dt.date(2026, 3, 27)
    call = events[f"Follow-up gesprek ({refs['held']})"]
    assert call.decoded("dtstart") == dt.datetime(2026, 3, 30, 7, 0, tzinfo=dt.UTC)
    text = response.get_data(as_text=True)
    assert refs["other"] not in text, "not Piet's case"
    for name in NAMES:
        assert name not in text, name


def test_renewing_makes_the_old_url_404(setup, any_engine):
    app, engine, _refs = setup
    browser = logged_in(app)
    old = new_feed_path(browser)
    assert app.test_client().get(old).status_code == 200
    new = new_feed_path(browser)
    assert new != old
    assert app.test_client().get(old).status_code == 404
    assert app.test_client().get(new).status_code == 200
    with Session(engine) as session:
        stored = session.exec(select(CalendarFeed)).all()
    secret = new.split("/")[-1].removesuffix(".ics")
    assert len(stored) == 1 and stored[0].token_hash == token_hash(secret)
    assert secret not in str(stored[0].model_dump()), "only the hash is stored"


def test_each_user_gets_their_own_feed(setup):
    app, _engine, refs = setup
    carla = new_feed_path(logged_in(app))
    piet = new_feed_path(logged_in(app, "piet@x.nl"))
    assert carla != piet
    text = app.test_client().get(piet).get_data(as_text=True)
    assert refs["other"] in text and refs["held"] not in text and refs["planned"] not in text


@pytest.mark.parametrize(
    "token",
    [
        "x",
        "A" * 43,
        "A" * 44,
        "A" * 5000,
        "%00" + "A" * 40,
        "..%2F..%2Fetc%2Fpasswd",
        "'%20OR%201=1--" + "A" * 30,
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%0A",
    ],
)
def test_hostile_and_unknown_tokens_are_404(setup, token):
    app, *_ = setup
    new_feed_path(logged_in(app))
    assert app.test_client().get(f"/agenda/{token}.ics").status_code == 404


def test_a_deactivated_users_feed_is_404(setup):
    from storage.models import User

    app, engine, _refs = setup
    path = new_feed_path(logged_in(app))
    with Session(engine) as session:
        user = session.exec(select(User).where(User.email == "carla@x.nl")).one()
        user.active = False
        session.commit()
    assert app.test_client().get(path).status_code == 404


def test_making_a_link_needs_a_login_and_a_csrf_token(setup, any_engine):
    app, *_ = setup
    assert app.test_client().post("/mijn-account/agenda").status_code == 302
    strict = make_app(any_engine, FrozenClock(NOW), WTF_CSRF_ENABLED=True).test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', strict.get("/login").get_data(as_text=True)).group(1)
    login = {"email": "carla@x.nl", "password": PASSWORD, "csrf_token": token}
    assert strict.post("/login", data=login).status_code == 302
    assert strict.post("/mijn-account/agenda").status_code == 400
    assert strict.post("/mijn-account/agenda", data={"csrf_token": "forged." + token[7:]}).status_code == 400
    page = strict.get("/mijn-account").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert strict.post("/mijn-account/agenda", data={"csrf_token": token}).status_code == 201


def test_a_get_of_the_renew_address_changes_nothing(setup):
    app, engine, _refs = setup
    browser = logged_in(app)
    path = new_feed_path(browser)
    assert browser.get("/mijn-account/agenda").status_code in (302, 303, 405)
    assert app.test_client().get(path).status_code == 200


def test_the_account_page_offers_the_link_and_then_says_when_it_was_made(setup):
    app, *_ = setup
    browser = logged_in(app)
    assert "Agenda-link maken" in browser.get("/mijn-account").get_data(as_text=True)
    new_feed_path(browser)
    page = browser.get("/mijn-account").get_data(as_text=True)
    assert "Nieuwe agenda-link maken" in page and "20-03-2026" in page and 'id="feed-url"' not in page
