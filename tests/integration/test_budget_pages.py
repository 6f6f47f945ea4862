"""Budget use and the funnel: the bureau's page (charts, drill-down, XLSX, a municipality's report in one click),
the API for the bureau's token; nobody else sees amounts; a wrong peildatum is refused in Dutch."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from storage.billing_models import Contract, Funder
from storage.contracts import set_funding
from storage.models import Case
from tests.conftest import ADMIN, units_of_work
from tests.integration.test_billing_pages import FUNDER, ORGANISATION, contract_form
from tests.registration_fill import fill_registration
from tests.walks import CLOSE_WITH_PLAN, INTAKE, STEPS_TO_NAZORG, offered_case
from workflow.phases import Role
from workflow.usecases import advance, create_application


@pytest.fixture
def year(admin_client, people, clock, login):
    """Zaanstad's contract (10 purchased conversations, 4 conferences, budget 20.000): one case closed with a
    plan and invoiced in March, one application only; and a Haarlem case nobody pays for."""
    engine = admin_client.application.extensions["kring.engine"]
    admin_client.post("/financien/organisatie", data=ORGANISATION)
    admin_client.post("/financien/financiers/nieuw", data=FUNDER)
    with Session(engine) as session:
        funder_id = session.exec(select(Funder.id)).one()
    form = contract_form(
        funder_id, ingekocht_informatief_gesprek="10", ingekocht_bijeenkomst_en_nazorg="4", budget="20.000,00"
    )
    assert admin_client.post("/financien/contracten/nieuw", data=form).status_code == 303
    manager, coordinator = people.team()
    uow = units_of_work(engine, clock)
    done = offered_case(uow, manager, coordinator)
    for trigger, data in STEPS_TO_NAZORG:
        advance(uow(), done.id, trigger, coordinator, None, "", data)
    fill_registration(uow, done.id, coordinator)
    advance(uow(), done.id, "close", coordinator, None, "", CLOSE_WITH_PLAN)
    waiting = create_application(uow(), INTAKE, manager)
    bare = create_application(uow(), INTAKE | {"gemeente": "Haarlem"}, manager)
    with Session(engine) as session:
        contract_id = session.exec(select(Contract.id)).one()
        set_funding(session, session.get(Case, done.id), contract_id, "Jeugd", manager, clock.now())
        session.commit()
    admin_client.post("/financien/facturen/concept", data={"contract": contract_id, "datum": "2026-03-15"})
    clock.set(dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC))
    browser = login(ADMIN)
    assert "is definitief" in browser.post("/financien/facturen/1/definitief", follow_redirects=True).text
    return {
        "browser": browser,
        "engine": engine,
        "funder": funder_id,
        "contract": contract_id,
        "refs": (done.ref, waiting.ref, bare.ref),
    }


def test_the_page_shows_the_funnel_against_purchases_and_the_budget(year):
    page = year["browser"].get("/financien/budget?peildatum=2026-04-02").text
    assert "Peildatum: <strong>02-04-2026</strong>" in page
    assert "Gemeente Zaanstad" in page and "<svg" in page
    # applications 2, started 1 of 10, conferences 1 of 4, plans 1; conversion 1 of 2; 5.395 invoiced of 20.000
    assert ">2</a>" in page and ">1</a> / 10" in page and ">1</a> / 4" in page
    assert "50,0%" in page and "€ 5.395,00" in page and "€ 14.605,00" in page
    assert "1 zaak zonder contract" in page
    # a municipality's own report, one click away
    assert "/rapportage?gemeente=Zaanstad&amp;jaar=2026" in page


def test_before_the_invoice_and_the_conference_the_numbers_are_smaller(year):
    before = year["browser"].get("/financien/budget?peildatum=2026-04-01").text  # the invoice is of 2 April
    assert "Gefactureerd: <strong>€ 0,00</strong> van € 20.000,00" in before
    early = year["browser"].get("/financien/budget?peildatum=2026-02-01").text  # before any application
    assert "Conversie aanmelding → conferentie: <strong>—</strong>" in early


def test_a_number_drills_down_to_its_cases(year):
    done, waiting, bare = year["refs"]
    cases = (
        year["browser"]
        .get(f"/financien/budget/zaken?contract={year['contract']}&stap=aanmeldingen&peildatum=2026-04-02")
        .text
    )
    assert done in cases and waiting in cases and bare not in cases
    started = year["browser"].get(f"/financien/budget/zaken?financier={year['funder']}&stap=gestart").text
    assert done in started and waiting not in started
    uncovered = year["browser"].get("/financien/budget/zaken?zonder=dekking").text
    assert bare in uncovered and done not in uncovered
    closed = year["browser"].get("/financien/budget/zaken?eenheid=afgesloten&jaar=2026&per=aanmeldjaar").text
    assert done in closed and waiting not in closed
    assert year["browser"].get("/financien/budget/zaken?stap=nergens").status_code == 404
    assert year["browser"].get("/financien/budget/zaken?contract=99999&stap=gestart").status_code == 404


def test_the_counting_units_by_application_and_closing_year(year):
    data = year["browser"].get("/financien/budget.xlsx?peildatum=2026-04-02")
    assert data.status_code == 200 and data.headers["Content-Type"].startswith("application/vnd.openxml")
    book = load_workbook(io.BytesIO(data.data))
    sheet = [list(r) for r in book["Budget"].iter_rows(values_only=True)]
    assert sheet[0][1] == "peildatum 2026-04-02"
    zaanstad = sheet[2]
    assert zaanstad[0] == "Gemeente Zaanstad" and zaanstad[3:9] == [2, None, 1, 10, 1, 4]
    assert zaanstad[-3:] == [5395.0, 20000.0, 14605.0]
    years = [list(r) for r in book["Jaren"].iter_rows(values_only=True)]
    assert years[2] == [2026, 3, 1, 1, 1]  # applied, started, closed, fully registered


def test_the_api_gives_the_bureau_the_same_figures(year, people, app):
    client = app.test_client()
    with Session(year["engine"]) as session:
        from storage.models import User

        admin_id = session.exec(select(User.id).where(User.email == ADMIN)).one()
    token = people.token(admin_id)
    answer = client.get("/api/v1/budget?peildatum=2026-04-02", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["peildatum"] == "2026-04-02" and body["uncovered_cases"] == 1
    funnel = body["funders"][0]["contracts"][0]["funnel"]
    assert funnel["steps"]["gestart"] == {"count": 1, "purchased": 10}
    assert (funnel["invoiced"], funnel["budget"], funnel["remaining"]) == ("5395.00", "20000.00", "14605.00")
    assert funnel["conversion_percent"] == "50.0"
    bad = client.get("/api/v1/budget?peildatum=gisteren", headers={"Authorization": f"Bearer {token}"})
    assert bad.status_code == 400 and "Peildatum" in bad.text
    manager_id = people.make(Role.REGIOMANAGER, "rm2@x.nl")[0].id
    manager = people.token(manager_id)
    assert client.get("/api/v1/budget", headers={"Authorization": f"Bearer {manager}"}).status_code == 403
    assert client.get("/api/v1/budget").status_code == 401


@pytest.mark.parametrize("raw", ["gisteren", "2026-13-01", "2026-02-30\x00", "9999-01-01", "1" * 300, "<b>x</b>"])
def test_a_wrong_peildatum_is_refused_in_dutch(year, raw):
    answer = year["browser"].get("/financien/budget", query_string={"peildatum": raw})
    assert answer.status_code == 200
    assert "Peildatum:" in answer.text and "<b>x</b>" not in answer.text
    assert year["browser"].get("/financien/budget.xlsx", query_string={"peildatum": raw}).status_code == 400


@pytest.mark.parametrize(
    "path", ["/financien/budget", "/financien/budget.xlsx", "/financien/budget/zaken?zonder=dekking"]
)
def test_only_the_bureau_sees_the_budget(regiomanager_client, coordinator_client, client, path):
    assert regiomanager_client.get(path).status_code == 403
    assert coordinator_client.get(path).status_code == 403
    assert client.get(path).status_code == 302


@pytest.mark.parametrize(
    "query",
    [
        "stap=gestart&financier=abc",
        "stap=gestart&contract=-1",
        "stap=%3Cscript%3E&contract=1",
        "eenheid=gestart&jaar=1" + "9" * 30,
        "eenheid=\x00&jaar=2026",
        "zonder=iets",
        "",
    ],
)
def test_a_drill_down_to_nothing_known_is_not_found(year, query):
    answer = year["browser"].get(f"/financien/budget/zaken?{query}")
    assert answer.status_code == 404
    assert "<script>" not in answer.text
