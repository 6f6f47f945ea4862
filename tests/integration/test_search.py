"""Finding a case (the search page, the header's box, GET /api/v1/cases?q=) on SQLite and PostgreSQL: by each
of the four keys, case-insensitive and partial, never outside the user's scope, safe against hostile input;
a case whose personal data was removed is found by its reference only."""

import re

import pytest
from sqlmodel import Session, func, select

from storage.models import Case, User
from tests.conftest import START, units_of_work
from workflow.phases import Role
from workflow.usecases import advance, create_application, offer_case


@pytest.fixture
def engine(any_engine):
    """Every test here runs on SQLite and on PostgreSQL."""
    return any_engine


def intake(gemeente, referrer, organisation, person, question):
    return {
        "gemeente": gemeente,
        "type_aanmelder": "Organisatie",
        "type_organisatie": "Gemeente/sociaal wijkteam",
        "aanmelder": {"naam": referrer, "organisatie": organisation},
        "vraag": question,
        "hoofdpersonen": [{"naam": person, "soort": "minderjarig", "geslacht": "meisje"}],
    }


NOOR = intake(
    "Haarlem",
    "Petra de Wit",
    "Sociaal Wijkteam Schalkwijk",
    "Noor Bakkenes",
    "Hoe kan Noor weer veilig naar school zonder steeds weg te lopen?",
)
EMILE = intake("Haarlem", "Ömer Yilmaz", "Buurtteam Oost", "Émile Visser", "Wie helpt Émile na de verhuizing?")
PLUS = intake("Zaanstad", "Jan Plus", "Stichting 50%_Plus", "Lotte Kramer", "Wat heeft Lotte nodig?")
GELDERS = intake("Arnhem", "Kees Bos", "Jeugdteam Arnhem", "Noor Gelders", "Hoe vindt Noor rust?")


@pytest.fixture
def world(engine, clock, people, login):
    """Noord-Holland: Noor's case (coordinator A), Émile's (coordinator B), the 50%_Plus case (coordinator A,
    its personal data marked removed); Gelderland: another Noor. Browsers for each role."""
    _, manager = people.make(Role.REGIOMANAGER, "rm@x.nl")
    _, gelderland = people.make(Role.REGIOMANAGER, "rm-gld@x.nl", regions=("Gelderland",))
    _, first = people.make(Role.COORDINATOR, "co@x.nl")
    _, second = people.make(Role.COORDINATOR, "co2@x.nl")
    people.make(Role.ADMIN, "admin@x.nl", regions=())
    uow = units_of_work(engine, clock)
    cases = {}
    for key, data, who in (("noor", NOOR, first), ("emile", EMILE, second), ("plus", PLUS, first)):
        case = create_application(uow(), data, manager)
        offer_case(uow(), case.id, who.coordinator_id, manager)
        advance(uow(), case.id, "accept_match", who, None, "", {})
        cases[key] = case
    cases["gelders"] = create_application(uow(), GELDERS, gelderland)
    with Session(engine) as session:
        removed = session.get(Case, cases["plus"].id)
        removed.personal_data_removed_at = START  # names left in place: the rule, not the blank data, must hide it
        session.commit()
    refs = {key: case.ref for key, case in cases.items()}
    browsers = {email: login(email) for email in ("rm@x.nl", "rm-gld@x.nl", "co@x.nl", "co2@x.nl", "admin@x.nl")}
    return refs, browsers


def found(browser, text) -> set[str]:
    """The refs a search lists (200 asserted)."""
    response = browser.get("/zoeken", query_string={"q": text})
    assert response.status_code == 200, response.status_code
    table = response.get_data(as_text=True).split('<table class="cases results cards">')
    return set(re.findall(r"EK-\d{4}-\d{4}", table[1])) if len(table) > 1 else set()


def test_search_finds_a_case_by_name_referrer_and_organisation(world):
    refs, browsers = world
    for text in (
        "bakkenes",  # main person's surname, lower case
        "NOOR BAK",  # main person's name, upper case, partial
        "petra de",  # referrer's name
        "schalkwijk",  # referrer's organisation
    ):
        assert found(browsers["admin@x.nl"], text) == {refs["noor"]}, text


def test_search_finds_by_reference_and_by_municipality(world):
    refs, browsers = world
    admin = browsers["admin@x.nl"]
    assert found(admin, refs["noor"].lower()) == {refs["noor"]}, "the reference, any case"
    assert found(admin, refs["noor"][-4:]) >= {refs["noor"]}, "part of the reference"
    assert found(admin, "HAARLEM") == {refs["noor"], refs["emile"]}
    assert found(admin, "arnh") == {refs["gelders"]}


def test_search_folds_letters_outside_ascii(world):
    refs, browsers = world
    admin = browsers["admin@x.nl"]
    assert found(admin, "émile") == {refs["emile"]}, "É found by é"
    assert found(admin, "ÖMER") == {refs["emile"]}, "ö found by Ö"


def test_search_keeps_to_the_users_scope(world):
    refs, browsers = world
    assert found(browsers["co@x.nl"], "Visser") == set(), "another coordinator's main person: nothing"
    assert found(browsers["co2@x.nl"], "Visser") == {refs["emile"]}
    assert found(browsers["co@x.nl"], "Haarlem") == {refs["noor"]}
    assert found(browsers["rm@x.nl"], "noor") == {refs["noor"]}, "not Gelderland's Noor"
    assert found(browsers["rm-gld@x.nl"], "noor") == {refs["gelders"]}
    assert found(browsers["rm-gld@x.nl"], refs["noor"]) == set(), "not even by reference"
    assert found(browsers["admin@x.nl"], "noor") == {refs["noor"], refs["gelders"]}


def test_a_case_whose_personal_data_was_removed_is_found_by_reference_only(world):
    refs, browsers = world
    admin = browsers["admin@x.nl"]
    assert found(admin, refs["plus"]) == {refs["plus"]}
    for text in ("Lotte", "Jan Plus", "50%_Plus", "Zaanstad"):
        assert found(admin, text) == set(), text


def test_percent_and_underscore_are_plain_characters(world):
    _, browsers = world
    admin = browsers["admin@x.nl"]
    assert found(admin, "%%") == set() and found(admin, "__") == set() and found(admin, "%_") == set()
    assert found(admin, "a%e") == set(), "% is no wildcard: 'Haarlem' does not match a%e"


HOSTILE = {
    "a\x00b": "Zoekterm: bevat tekens die niet zijn toegestaan",
    "\x00": "Zoekterm: bevat tekens die niet zijn toegestaan",
    "noor\x1b[2J": "Zoekterm: bevat tekens die niet zijn toegestaan",
    "x" * 101: "Zoekterm: maximaal 100 tekens",
    "x" * 100_000: "Zoekterm: maximaal 100 tekens",
    "a": "Zoekterm: typ minstens 2 tekens",
}
SQL_LIKE = (
    "'; DROP TABLE case; --",
    "%' OR '1'='1",
    '" OR 1=1 --',
    "\\\\",
    "\\%",
    "EK-%",
    "\u202enoor",
    "<script>x</script>",
)


def test_hostile_or_unusable_search_text_gets_a_dutch_message(world):
    _, browsers = world
    for text, message in HOSTILE.items():
        response = browsers["admin@x.nl"].get("/zoeken", query_string={"q": text})
        page = response.get_data(as_text=True)
        assert response.status_code == 400 and message in page, text[:20]
        assert '<table class="cases results cards">' not in page


def test_sql_like_search_text_finds_nothing_and_harms_nothing(world, engine):
    _, browsers = world
    for text in SQL_LIKE:
        assert found(browsers["admin@x.nl"], text) == set(), text
        page = browsers["admin@x.nl"].get("/zoeken", query_string={"q": text}).get_data(as_text=True)
        assert "<script>x" not in page
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Case)).one() == 4


def test_empty_search_shows_the_form(world):
    _, browsers = world
    response = browsers["co@x.nl"].get("/zoeken")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="zoek-pagina"' in page and "EK-" not in page.split("</header>")[1]


def test_the_header_has_the_search_box_for_every_role(world):
    _, browsers = world
    for browser in browsers.values():
        page = browser.get("/account").get_data(as_text=True)
        assert 'role="search"' in page and 'name="q"' in page


def test_search_needs_a_login(client):
    response = client.get("/zoeken?q=noor")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_api_filters_the_case_list_by_search_text(world, app, people, engine):
    refs, _ = world
    with Session(engine) as session:
        ids = dict(session.exec(select(User.email, User.id)).all())
    api = app.test_client()

    def get(email, text):
        headers = {"Authorization": f"Bearer {people.token(ids[email])}"}
        return api.get("/api/v1/cases", query_string={"q": text}, headers=headers)

    answer = get("admin@x.nl", "bakkenes")
    assert answer.status_code == 200 and [c["ref"] for c in answer.get_json()["cases"]] == [refs["noor"]]
    assert get("co@x.nl", "visser").get_json()["cases"] == [], "another coordinator's case"
    assert get("admin@x.nl", "Lotte").get_json()["cases"] == [], "personal data removed"
    assert [c["ref"] for c in get("admin@x.nl", refs["plus"]).get_json()["cases"]] == [refs["plus"]]
    for bad in ("a\x00b", "x" * 500, "a"):
        refused = get("admin@x.nl", bad)
        message = refused.get_json()["error"]["details"]["fields"]["q"]
        assert refused.status_code == 400 and message.startswith("Zoekterm"), bad


def test_a_search_page_beyond_the_end_shows_the_last_with_a_notice(world):
    refs, browsers = world
    response = browsers["admin@x.nl"].get("/zoeken", query_string={"q": "haarlem", "pagina": "3"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Pagina 3 bestaat niet; u ziet pagina 1 van 1." in page
    assert set(re.findall(r"EK-\d{4}-\d{4}", page.split('<table class="cases results cards">')[1])) == {
        refs["noor"],
        refs["emile"],
    }
    sorted_up = browsers["admin@x.nl"].get("/zoeken", query_string={"q": "haarlem", "sorteer": "zaak"})
    assert 'href="/zoeken?q=haarlem&amp;sorteer=zaak&amp;richting=af"' in sorted_up.get_data(as_text=True)
