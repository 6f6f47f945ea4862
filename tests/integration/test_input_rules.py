"""Input in one place (issue 14): control characters are refused on every form with a Dutch message and nothing
is saved, on SQLite and PostgreSQL; too long is refused, never cut; e-mail and phone are checked alike everywhere."""

from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from sqlmodel import Session, SQLModel, select

from storage.engine import make_engine
from storage.models import Case, Offer, User
from tests.conftest import PASSWORD, People, units_of_work
from tests.walks import case_in_nazorg, offered_case
from web.cli import main
from workflow.action_forms import STEP_REASON
from workflow.phases import Role

HOSTILE = {"NUL": "\x00", "ESC": "\x1b"}  # the other control characters: tests/unit/test_fields_properties.py
REFUSED = "bevat tekens die niet zijn toegestaan"
# Rows written on reading or on any login attempt: not what a refused form may leave alone.
NOT_COMPARED = {"accesslogentry", "loginattempt", "publicsubmission"}
# Columns a request stamps whatever its outcome (a token's last use), left out of the comparison.
STAMPED = {"apitoken": {"last_used_at"}}

CASE_INTAKE = {
    "aanmelddatum": "2026-03-01",
    "variant": "familie",
    "gemeente": "Amsterdam",
    "type_aanmelder": "Familielid of sociaal netwerk",
    "aanmelder_naam": "Oma Jansen",
    "aanmelder_email": "oma@example.nl",
    "aanmelder_telefoon": "020 123 4567",
    "vraag": "Hoe houden we de kinderen veilig?",
    "wensen_coordinator_talen": "Nederlands",
    "hoofdpersonen-0-naam": "Sam",
    "hoofdpersonen-0-soort": "minderjarig",
}
PUBLIC_INTAKE = {
    "type_aanmelder": "Familielid of sociaal netwerk",
    "aanmelder_naam": "Tante Marijke",
    "aanmelder_telefoon": "06 12345678",
    "aanmelder_email": "marijke@example.nl",
    "gemeente": "Arnhem",
    "vraag": "Wij willen met de familie een plan maken voor Sem.",
    "hoofdpersoon_naam": "Sem Oosterhout",
    "hoofdpersoon_soort": "minderjarig",
    "wensen_coordinator_talen": "Nederlands",
    "wensen_coordinator_geslacht": "vrouw",
}
NEW_USER = {
    "email": "nieuw@kring.test",
    "name": "Nieuwe Regiomanager",
    "role": "regiomanager",
    "regions": ["Utrecht"],
    "password": "een-lang-wachtwoord",
}


@pytest.fixture
def engine(any_engine):
    """Every test here on SQLite and on PostgreSQL (NUL is what PostgreSQL cannot store)."""
    return any_engine


@dataclass
class World:
    """An admin, a regiomanager, a coordinator with a case in nazorg, and a second case offered to them."""

    nazorg: Any
    offered: Any
    offer_id: int
    coordinator_id: int


@pytest.fixture
def world(engine, clock) -> World:
    people = People(engine)
    people.make(Role.ADMIN, "admin@kring.test", regions=())
    manager, coordinator = people.team()
    uow = units_of_work(engine, clock)
    nazorg = case_in_nazorg(uow, manager, coordinator)
    offered = offered_case(uow, manager, coordinator)
    with Session(engine) as session:
        offer_id = session.exec(select(Offer.id).where(Offer.case_id == offered.id)).one()
        version = {c.id: c.version for c in session.exec(select(Case)).all()}
    nazorg.version, offered.version = version[nazorg.id], version[offered.id]
    return World(nazorg, offered, offer_id, coordinator.coordinator_id)


def snapshot(engine) -> dict[str, list]:
    """Every row of every table that a refused form must leave as it was."""
    with engine.connect() as connection:
        return {
            table.name: sorted(map(repr, connection.execute(sa.select(*_compared(table))).all()))
            for table in SQLModel.metadata.sorted_tables
            if table.name not in NOT_COMPARED
        }


def _compared(table: sa.Table) -> list[sa.Column]:
    return [column for column in table.columns if column.name not in STAMPED.get(table.name, set())]


@dataclass(frozen=True)
class Form:
    """A form of the app: who fills it in, where it posts, valid values, and its text fields."""

    name: str
    who: str | None
    path: str
    data: dict[str, Any]
    fields: tuple[str, ...]


FORMS = [
    Form(
        "regiomanager's intake",
        "rm@kring.test",
        "/aanmelding/nieuw",
        CASE_INTAKE,
        (
            "aanmelder_naam",
            "aanmelder_email",
            "aanmelder_telefoon",
            "vraag",
            "gemeente",
            "wensen_coordinator_talen",
            "hoofdpersonen-0-naam",
        ),
    ),
    Form(
        "public intake",
        None,
        "/aanmelden",
        PUBLIC_INTAKE,
        (
            "aanmelder_naam",
            "aanmelder_telefoon",
            "aanmelder_email",
            "gemeente",
            "vraag",
            "hoofdpersoon_naam",
            "wensen_coordinator_talen",
        ),
    ),
    Form(
        "step reason",
        "co@kring.test",
        "/zaken/{nazorg}/stap/start_follow_up_conference",
        {"reden": "Nieuwe zorgen", "version": "{nazorg_version}"},
        ("reden",),
    ),
    Form(
        "conflict of interest",
        "rm@kring.test",
        "/zaken/{offered}/matchen/belangenverstrengeling",
        {"coordinator_id": "{coordinator_id}", "toelichting": "Buurvrouw van de familie"},
        ("toelichting",),
    ),
    Form("withdraw offer", "rm@kring.test", "/aanbod/{offer_id}/intrekken", {"reden": "Te ver weg"}, ("reden",)),
    Form("decline offer", "co@kring.test", "/aanbod/{offer_id}/afwijzen", {"reden": "Geen ruimte"}, ("reden",)),
    Form("new user", "admin@kring.test", "/beheer/gebruikers/nieuw", NEW_USER, ("email", "name")),
    Form(
        "coordinator profile (admin)",
        "admin@kring.test",
        "/beheer/coordinatoren/{coordinator_id}",
        {"languages": "Nederlands", "cultural_background": "Fries", "capacity": "3", "regions": ["Noord-Holland"]},
        ("languages", "cultural_background"),
    ),
    Form("new region", "admin@kring.test", "/beheer/regios/nieuw", {"name": "Waddeneilanden"}, ("name",)),
    Form(
        "matching profile (admin)",
        "admin@kring.test",
        "/beheer/coordinatoren/{coordinator_id}/matching",
        {"gemeenten": "Zaanstad", "pools": "Jeugdzorg Noord"},
        ("gemeenten", "pools"),
    ),
    Form("own profile", "co@kring.test", "/mijn-profiel", {"languages": "Nederlands", "capacity": "3"}, ("languages",)),
    Form(
        "absence",
        "co@kring.test",
        "/mijn-profiel/afwezigheid",
        {"start": "2026-04-01", "end": "2026-04-02", "note": "Vakantie"},
        ("note",),
    ),
]


def _filled(form: Form, world: World) -> tuple[str, dict[str, Any]]:
    names = {
        "nazorg": world.nazorg.id,
        "nazorg_version": world.nazorg.version,
        "offered": world.offered.id,
        "offer_id": world.offer_id,
        "coordinator_id": world.coordinator_id,
    }
    data = {k: v.format(**names) if isinstance(v, str) else v for k, v in form.data.items()}
    return form.path.format(**names), data


def _browser(app, who: str | None):
    browser = app.test_client()
    if who:
        assert browser.post("/login", data={"email": who, "password": PASSWORD}).status_code == 302
    return browser


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_control_characters_are_refused_in_dutch_on_every_form_and_nothing_is_saved(app, engine, world, form):
    path, data = _filled(form, world)
    browser = _browser(app, form.who)
    before = snapshot(engine)
    for field in form.fields:
        for name, char in HOSTILE.items():
            response = browser.post(path, data=data | {field: f"Ab{char}cd"})
            assert response.status_code == 400, (form.name, field, name, response.status_code)
            assert REFUSED in response.get_data(as_text=True), (form.name, field, name)
    assert snapshot(engine) == before


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_the_same_forms_accept_their_valid_values(app, engine, world, form):
    """The check above refuses for the character, not because the form's other values are wrong."""
    path, data = _filled(form, world)
    before = snapshot(engine)
    response = _browser(app, form.who).post(path, data=data)
    assert response.status_code in (302, 303), (form.name, response.status_code)
    assert snapshot(engine) != before


def test_a_tab_and_line_breaks_pass_where_a_field_has_lines_and_nowhere_else(app, engine, world):
    path, data = _filled(FORMS[0], world)
    browser = _browser(app, "rm@kring.test")
    refused = browser.post(path, data=data | {"aanmelder_naam": "Oma\tJansen"})
    assert refused.status_code == 400 and REFUSED in refused.text
    accepted = browser.post(path, data=data | {"vraag": "Eerst dit,\r\n\tdan dat."})
    assert accepted.status_code == 302
    with Session(engine) as session:
        assert session.exec(select(Case.question).order_by(Case.id.desc())).first() == "Eerst dit,\r\n\tdan dat."


@pytest.mark.parametrize("char", ["\x00", "\x1b"])
def test_a_login_with_control_characters_is_a_plain_failure(app, world, char):
    response = app.test_client().post("/login", data={"email": f"rm{char}@kring.test", "password": PASSWORD + char})
    assert response.status_code == 401
    assert "E-mailadres of wachtwoord klopt niet." in response.text


@pytest.mark.parametrize(
    "path", ["/rapportage?gemeente=%00", "/rapportage?gemeente=a%1bb", "/rapportage?gemeente=" + "x" * 500]
)
def test_a_report_filter_no_municipality_can_match_is_refused_with_a_message(app, world, path):
    response = _browser(app, "rm@kring.test").get(path)
    assert response.status_code == 400 and "Niet elk filter kan worden gebruikt" in response.text
    assert "Gemeente: " in response.text


# --- too long: refused and said, never cut --------------------------------------------------------------------


def test_a_reason_over_the_limit_is_refused_on_the_page_not_cut(app, engine, world):
    path, data = _filled(FORMS[2], world)
    before = snapshot(engine)
    response = _browser(app, "co@kring.test").post(path, data=data | {"reden": "r" * 10_000})
    assert response.status_code == 400
    assert f"Reden: maximaal {STEP_REASON.max_length} tekens (nu 10000)" in response.text
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    "form, field, limit",
    [(FORMS[3], "toelichting", 500), (FORMS[4], "reden", 2000), (FORMS[5], "reden", 2000), (FORMS[0], "vraag", 2000)],
    ids=["conflict", "withdraw", "decline", "intake"],
)
def test_too_long_is_refused_with_the_limit_on_every_form(app, engine, world, form, field, limit):
    path, data = _filled(form, world)
    before = snapshot(engine)
    response = _browser(app, form.who).post(path, data=data | {field: "x" * (limit + 1)})
    assert response.status_code == 400
    assert f"maximaal {limit} tekens (nu {limit + 1})" in response.text
    assert snapshot(engine) == before


# --- e-mail and phone: one rule on every path ------------------------------------------------------------------

BAD_EMAILS = ["geen-adres", "naam@domein", "a b@x.nl", "<a>@x.nl", 'a"b@x.nl', "a@b@x.nl", "a@x.nl\x1b"]
BAD_PHONES = ["bel me maar", "12345", "06-1234x5678", "+31 (0)6 " + "1" * 20, "06\x0012345678"]
GOOD_EMAILS = ["oma@example.nl", "o'brien@voorbeeld.nl", "a.b+c@sub.example.org"]
GOOD_PHONES = ["06 12345678", "+31 (0)20-1234567", "020-1234567"]


def _page_intake(app, email: str, phone: str) -> int:
    data = CASE_INTAKE | {"aanmelder_email": email, "aanmelder_telefoon": phone}
    return _browser(app, "rm@kring.test").post("/aanmelding/nieuw", data=data).status_code


def _public_intake(app, email: str, phone: str) -> int:
    data = PUBLIC_INTAKE | {"aanmelder_email": email, "aanmelder_telefoon": phone}
    return app.test_client().post("/aanmelden", data=data).status_code


def _api_intake(app, email: str, phone: str) -> int:
    return _api(app).post("/api/v1/cases", json=_api_body(email, phone), headers=_token_header(app)).status_code


def _api_patch(app, email: str, phone: str) -> int:
    case = app.config["WORLD"].nazorg
    body = {"version": _version(app, case.id), "aanmelder": {"email": email, "telefoon": phone}}
    return _api(app).patch(f"/api/v1/cases/{case.id}", json=body, headers=_token_header(app)).status_code


def _admin_user(app, email: str, _phone: str) -> int:
    return (
        _browser(app, "admin@kring.test").post("/beheer/gebruikers/nieuw", data=NEW_USER | {"email": email}).status_code
    )


PATHS = {
    "page intake": _page_intake,
    "public intake": _public_intake,
    "API create": _api_intake,
    "API patch": _api_patch,
    "admin user": _admin_user,
}


def _api(app):
    return app.test_client()


def _api_body(email: str, phone: str) -> dict[str, Any]:
    return {
        "gemeente": "Amsterdam",
        "type_aanmelder": "Familielid of sociaal netwerk",
        "vraag": "Hoe verder?",
        "aanmelder": {"naam": "Oma", "email": email, "telefoon": phone},
        "hoofdpersonen": [{"naam": "Sam", "soort": "minderjarig"}],
    }


def _token_header(app) -> dict[str, str]:
    return {"Authorization": f"Bearer {app.config['RM_TOKEN']}"}


def _version(app, case_id: int) -> int:
    with Session(app.extensions["kring.engine"]) as session:
        return session.get(Case, case_id).version


@pytest.fixture
def wired(app, engine, world):
    """The app with the world and the regiomanager's API token at hand."""
    with Session(engine) as session:
        user = session.exec(select(User).where(User.email == "rm@kring.test")).one()
    app.config["RM_TOKEN"] = People(engine).token(user.id)
    app.config["WORLD"] = world
    return app


@pytest.mark.parametrize("path", PATHS)
def test_a_bad_email_is_refused_the_same_on_every_path(wired, engine, path):
    before = snapshot(engine)
    for email in BAD_EMAILS:
        assert PATHS[path](wired, email, "06 12345678") == 400, (path, email)
    assert snapshot(engine) == before


@pytest.mark.parametrize("path", [p for p in PATHS if p != "admin user"])
def test_a_bad_phone_is_refused_the_same_on_every_path(wired, engine, path):
    before = snapshot(engine)
    for phone in BAD_PHONES:
        assert PATHS[path](wired, "oma@example.nl", phone) == 400, (path, phone)
    assert snapshot(engine) == before


@pytest.mark.parametrize("path", PATHS)
def test_good_addresses_and_numbers_pass_on_every_path(wired, path):
    for index, (email, phone) in enumerate(zip(GOOD_EMAILS, GOOD_PHONES, strict=True)):
        if path == "admin user":
            email = f"{index}{email}"  # each user their own address
        assert PATHS[path](wired, email, phone) in (200, 201, 302), (path, email, phone)


@pytest.mark.parametrize(
    "email, name, message",
    [("geen-adres", "Bea", "geldig e-mailadres"), ("bea@kring.test", "B\x1bea", REFUSED)],
)
def test_kring_user_create_checks_like_the_admin_form(tmp_path, monkeypatch, email, name, message):
    monkeypatch.chdir(tmp_path)  # the instance folder goes here
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner = CliRunner(env={"KRING_DATABASE_URL": url})
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    args = ["user", "create", "--email", email, "--name", name, "--role", "admin", "--password", "een-lang-wachtwoord"]
    result = runner.invoke(main, args)
    assert result.exit_code != 0 and message in result.output
    engine = make_engine(url)
    with Session(engine) as session:
        assert session.exec(select(User)).all() == []
    engine.dispose()
