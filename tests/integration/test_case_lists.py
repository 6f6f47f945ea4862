"""The case lists (/zaken, /mijn-zaken, /inbox) on SQLite and PostgreSQL: sortable by their column headers,
a page of 50 at a time, filters kept in every link, wrong sort keys and pages answered with a Dutch notice;
rows that tell cases apart (first name, the question's first words); the coordinators' load."""

import datetime as dt
import re

import pytest
from sqlmodel import Session, select

from storage.case_listing import PAGE_SIZE
from storage.models import Case, MainPerson, Municipality, Region
from tests.conftest import START, units_of_work
from workflow.phases import Phase, Role
from workflow.usecases import advance, create_application, offer_case

MANY = PAGE_SIZE + 5
PLACES = ("Haarlem", "Zaanstad", "Alkmaar", "Purmerend", "Hoorn")


@pytest.fixture
def engine(any_engine):
    """Every test here runs on SQLite and on PostgreSQL."""
    return any_engine


def add_cases(engine, count, phase=Phase.AANMELDING, coordinator_id=None, first=1000) -> list[str]:
    """`count` cases in Noord-Holland, straight into the tables (fast): refs EK-2026-<first> on, application
    dates and places varying, main person "Kind<n> Achternaam" and a question of twelve words."""
    with Session(engine) as session:
        region = session.exec(select(Region).where(Region.name == "Noord-Holland")).one()
        places = [session.exec(select(Municipality).where(Municipality.name == p)).one() for p in PLACES]
        cases = []
        for n in range(count):
            place = places[n % len(places)]
            cases.append(
                Case(
                    ref=f"EK-2026-{first + n}",
                    phase=phase,
                    application_date=(START - dt.timedelta(days=(n * 7) % 40)).date(),
                    province=place.province,
                    municipality_id=place.id,
                    region_id=region.id,
                    referrer_type="Organisatie",
                    question=f"Vraag {n} een twee drie vier vijf zes zeven acht negen tien",
                    coordinator_id=coordinator_id,
                    wishes={},
                    record={},
                    created_at=START,
                    updated_at=START,
                )
            )
        session.add_all(cases)
        session.flush()
        for n, case in enumerate(cases):
            session.add(MainPerson(case_id=case.id, position=0, name=f"Kind{n} Achternaam", kind="minderjarig"))
        session.commit()
        return [c.ref for c in cases]


def table_of(page: str) -> str:
    """The first case table of a page."""
    start = page.index('<table class="cases')
    return page[start : page.index("</table>", start)]


def refs_in(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return re.findall(r">(EK-\d{4}-\d{4})<", table_of(response.get_data(as_text=True)))


def test_case_list_sorts_by_a_column_both_ways_and_pages(engine, admin_client):
    refs = add_cases(engine, MANY)
    up = admin_client.get("/zaken?sorteer=zaak&richting=op")
    assert refs_in(up) == sorted(refs)[:PAGE_SIZE]
    page = up.get_data(as_text=True)
    assert 'aria-sort="ascending"><a class="sort" href="/zaken?sorteer=zaak&amp;richting=af"' in page
    assert "▲" in page and 'aria-sort="none"' in page
    assert refs_in(admin_client.get("/zaken?sorteer=zaak&richting=op&pagina=2")) == sorted(refs)[PAGE_SIZE:]
    down = admin_client.get("/zaken?sorteer=zaak&richting=af")
    assert refs_in(down) == sorted(refs, reverse=True)[:PAGE_SIZE]
    assert 'aria-sort="descending"' in down.get_data(as_text=True) and "▼" in down.get_data(as_text=True)
    assert "Pagina 1 van 2 (55 zaken)" in up.get_data(as_text=True)
    assert 'href="/zaken?sorteer=zaak&amp;richting=op&amp;pagina=2"' in page


def test_case_list_sorts_by_every_offered_column(engine, admin_client):
    add_cases(engine, 12)
    for key in ("zaak", "fase", "gemeente", "coordinator", "aangemeld"):
        for way in ("op", "af"):
            response = admin_client.get(f"/zaken?sorteer={key}&richting={way}")
            assert len(refs_in(response)) == 12, (key, way)
    by_place = admin_client.get("/zaken?sorteer=gemeente&richting=op").get_data(as_text=True)
    shown = re.findall(r"<td[^>]*>(" + "|".join(PLACES) + r")</td>", table_of(by_place))
    assert shown == sorted(shown) and len(set(shown)) == len(PLACES)


def test_filters_stay_in_the_sort_and_page_links(engine, admin_client):
    add_cases(engine, (PAGE_SIZE + 2) * len(PLACES))  # two pages of Haarlem
    with Session(engine) as session:
        haarlem = session.exec(select(Municipality.id).where(Municipality.name == "Haarlem")).one()
    response = admin_client.get(f"/zaken?gemeente={haarlem}&sorteer=zaak&richting=af")
    page = response.get_data(as_text=True)
    assert f'href="/zaken?gemeente={haarlem}&amp;sorteer=zaak&amp;richting=op"' in page
    assert f'href="/zaken?gemeente={haarlem}&amp;sorteer=fase&amp;richting=op"' in page
    assert f'href="/zaken?gemeente={haarlem}&amp;sorteer=zaak&amp;richting=af&amp;pagina=2"' in page
    assert 'name="sorteer" value="zaak"' in page and 'name="richting" value="af"' in page, "the filter form keeps it"
    assert set(re.findall(r"<td[^>]*>(" + "|".join(PLACES) + r")</td>", table_of(page))) == {"Haarlem"}


@pytest.mark.parametrize(
    "query, notice",
    [
        ("sorteer=wachtwoord", "Op deze kolom kan deze lijst niet sorteren"),
        ("sorteer=%00", "Op deze kolom kan deze lijst niet sorteren"),
        ("sorteer=zaak&richting=zijwaarts", "Sorteerrichting onbekend"),
        ("pagina=abc", "Dat paginanummer bestaat niet; u ziet pagina 1."),
        ("pagina=-1", "Dat paginanummer bestaat niet"),
        ("pagina=0", "Dat paginanummer bestaat niet"),
        ("pagina=" + "9" * 5000, "Dat paginanummer bestaat niet"),
        ("pagina=%EF%BC%92", "Dat paginanummer bestaat niet"),  # a full-width digit two
        ("pagina=99", "Pagina 99 bestaat niet; u ziet pagina 2 van 2."),
    ],
)
def test_wrong_sort_keys_and_pages_fall_back_with_a_dutch_notice(engine, admin_client, query, notice):
    add_cases(engine, MANY)
    response = admin_client.get(f"/zaken?{query}")
    assert response.status_code == 200 and notice in response.get_data(as_text=True)
    assert refs_in(response), "the list is still shown"


def test_inbox_sorts_and_pages(engine, regiomanager_client):
    refs = add_cases(engine, MANY)
    default = regiomanager_client.get("/inbox").get_data(as_text=True)
    assert 'aria-sort="ascending"><a class="sort" href="/inbox?sorteer=aangemeld&amp;richting=af"' in default
    assert "Pagina 1 van 2 (55 aanmeldingen)" in default
    assert refs_in(regiomanager_client.get("/inbox?sorteer=zaak&richting=af")) == sorted(refs, reverse=True)[:50]
    assert refs_in(regiomanager_client.get("/inbox?sorteer=zaak&pagina=2")) == sorted(refs)[50:]
    for query in ("sorteer=fase", "sorteer=coordinator", "pagina=7", "pagina=x%00"):
        response = regiomanager_client.get(f"/inbox?{query}")
        assert response.status_code == 200 and 'class="flash error"' in response.get_data(as_text=True), query


def test_my_cases_sort_and_page(engine, people, login):
    _, coordinator = people.make(Role.COORDINATOR, "co@x.nl")
    _, other = people.make(Role.COORDINATOR, "co2@x.nl")
    refs = add_cases(engine, MANY, Phase.INFORMATIEF_GESPREK, coordinator.coordinator_id)
    add_cases(engine, 7, Phase.INFORMATIEF_GESPREK, other.coordinator_id, first=2000)  # never shown here
    browser = login("co@x.nl")
    assert refs_in(browser.get("/mijn-zaken?sorteer=zaak")) == sorted(refs)[:50]
    second = browser.get("/mijn-zaken?sorteer=zaak&richting=af&pagina=2")
    assert refs_in(second) == sorted(refs, reverse=True)[50:]
    assert "Pagina 2 van 2 (55 zaken)" in second.get_data(as_text=True)
    refused = browser.get("/mijn-zaken?sorteer=coordinator")
    assert refused.status_code == 200 and "Op deze kolom kan deze lijst niet sorteren" in refused.get_data(as_text=True)


# --- rows that tell cases apart ---------------------------------------------------------------------------

QUESTION = "Hoe kan Noor weer veilig naar school zonder steeds weg te lopen van huis?"
FIRST_WORDS = "Hoe kan Noor weer veilig naar school zonder …"
INTAKE = {
    "gemeente": "Haarlem",
    "type_aanmelder": "Organisatie",
    "type_organisatie": "Gemeente/sociaal wijkteam",
    "aanmelder": {"naam": "Wijkteam Schalkwijk"},
    "vraag": QUESTION,
    "hoofdpersonen": [{"naam": "Noor Bakkenes", "soort": "minderjarig", "geslacht": "meisje"}],
    "wensen_coordinator": {"geslacht": "vrouw", "talen": ["Turks", "Nederlands"]},
}


@pytest.fixture
def noor(engine, clock, people):
    """Noor's new application in Haarlem, offered to co@x.nl: (case, manager, coordinator)."""
    _, manager = people.make(Role.REGIOMANAGER, "rm@x.nl")
    _, coordinator = people.make(Role.COORDINATOR, "co@x.nl")
    uow = units_of_work(engine, clock)
    case = create_application(uow(), INTAKE, manager)
    offer_case(uow(), case.id, coordinator.coordinator_id, manager)
    return case, manager, coordinator


def test_inbox_and_case_list_rows_show_first_name_and_question_words(noor, login, people):
    people.make(Role.ADMIN, "admin@x.nl", regions=())
    for email, path in (("rm@x.nl", "/inbox"), ("rm@x.nl", "/zaken"), ("admin@x.nl", "/zaken")):
        row = table_of(login(email).get(path).get_data(as_text=True))
        assert "<strong>Noor</strong>" in row and FIRST_WORDS in row, (email, path)
        assert "Bakkenes" not in row and "van huis" not in row, "the first name and eight words, no more"


def test_the_offer_row_says_what_the_case_is_place_wishes_and_deadline(noor, login):
    page = login("co@x.nl").get("/mijn-zaken").get_data(as_text=True)
    offers = page[page.index("Aan u aangeboden") : page.index("</table>")]
    assert "<strong>Noor</strong>" in offers and FIRST_WORDS in offers
    assert re.search(r"<td[^>]*>Haarlem</td>", offers)
    assert "Voorkeur geslacht coördinator: vrouw" in offers and "Gewenste taal of talen: Turks, Nederlands" in offers
    assert "04-03-2026" in offers, "the deadline: two days after the offer"


def test_my_cases_rows_show_first_name_and_question_words(noor, login, engine, clock):
    case, _, coordinator = noor
    advance(units_of_work(engine, clock)(), case.id, "accept_match", coordinator, None, "", {})
    page = login("co@x.nl").get("/mijn-zaken").get_data(as_text=True)
    row = table_of(page)
    assert "<strong>Noor</strong>" in row and FIRST_WORDS in row and "Aan u aangeboden" not in page


def test_another_coordinator_sees_neither_row_nor_hint(noor, people, login):
    people.make(Role.COORDINATOR, "co2@x.nl")
    page = login("co2@x.nl").get("/mijn-zaken").get_data(as_text=True)
    assert "Noor" not in page and "veilig naar school" not in page


def test_the_coordinator_list_shows_load_against_capacity(engine, people, admin_client):
    _, busy = people.make(Role.COORDINATOR, "druk@x.nl")
    people.make(Role.COORDINATOR, "rustig@x.nl")
    add_cases(engine, 3, Phase.NAZORG, busy.coordinator_id)  # capacity 3 (the default): full
    with Session(engine) as session:
        closed = session.exec(select(Case).where(Case.coordinator_id == busy.coordinator_id)).first()
        closed.phase = Phase.AFGESLOTEN  # a closed case is no load
        session.commit()
    page = admin_client.get("/beheer/coordinatoren").get_data(as_text=True)
    rows = {name: page[page.index(f"<td>{name}</td>") :].split("</tr>")[0] for name in ("Druk", "Rustig")}
    assert "2 van 3" in rows["Druk"] and "vol" not in rows["Druk"]
    assert "0 van 3" in rows["Rustig"]
    add_cases(engine, 1, Phase.INFORMATIEF_GESPREK, busy.coordinator_id, first=2000)
    page = admin_client.get("/beheer/coordinatoren").get_data(as_text=True)
    assert '3 van 3 <span class="badge late">vol</span>' in page
