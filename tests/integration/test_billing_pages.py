"""The bureau's money pages: only the bureau gets in; funders, contracts and invoices through the forms, with
wrong, missing and hostile values refused in Dutch and nothing saved; the documents of a final invoice (PDF,
UBL e-invoice, CSV) carry no name of anyone in the database, and the e-invoice is valid UBL 2.1."""

import datetime as dt
import io
from pathlib import Path

import pytest
from peppol.rules import check_rules
from peppol.xsd import validate_xsd
from pypdf import PdfReader
from sqlmodel import Session, select

from storage.billing_models import Contract, Funder, Invoice
from storage.contracts import set_funding
from storage.models import Case, MainPerson, User
from tests.conftest import ADMIN, count_rows, units_of_work
from tests.registration_fill import fill_registration
from tests.walks import CLOSE_WITH_PLAN, STEPS_TO_NAZORG, offered_case
from workflow.usecases import advance

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ORGANISATION = {
    "name": "Eigen Kracht Centrale",
    "identifier": "34120000",
    "vat_number": "NL001234567B01",
    "street": "Voorbeeldstraat 1",
    "postcode": "1234 AB",
    "city": "Amsterdam",
    "iban": "NL91ABNA0417164300",
}
FUNDER = {
    "naam": "Gemeente Zaanstad",
    "soort": "gemeente",
    "gemeenten": "Zaanstad",
    "id_soort": "OIN (overheid)",
    "nummer": "00000001002306608000",
    "straat": "Stadhuisplein 100",
    "postcode": "1506 MZ",
    "plaats": "Zaandam",
}


def contract_form(funder_id: int, **changes) -> dict:
    form = {
        "financier": str(funder_id),
        "begin": "2026-01-01",
        "einde": "2026-12-31",
        "domeinen": ["Jeugd"],
        "prijs_informatief_gesprek": "300,00",
        "prijs_verbinden_en_activeren": "1.200",
        "prijs_bijeenkomst_en_nazorg": "3.895,00",
        "inkoopordernummer": "PO-4711",
        "btw": "vrijgesteld",
        "frequentie": "maand",
    }
    return form | changes


@pytest.fixture
def bureau(admin_client):
    """The admin's browser with the organisation's details and Zaanstad as funder: (browser, funder id)."""
    assert admin_client.post("/financien/organisatie", data=ORGANISATION).status_code == 303
    assert admin_client.post("/financien/financiers/nieuw", data=FUNDER).status_code == 303
    engine = admin_client.application.extensions["kring.engine"]
    with Session(engine) as session:
        return admin_client, session.exec(select(Funder.id)).one()


@pytest.mark.parametrize("path", ["/financien/", "/financien/contracten/nieuw", "/financien/facturen/1.pdf"])
def test_only_the_bureau_sees_money(regiomanager_client, coordinator_client, client, path):
    assert regiomanager_client.get(path).status_code == 403
    assert coordinator_client.get(path).status_code == 403
    assert client.get(path).status_code == 302  # to the login page


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"naam": ""}, "Naam: vul dit in"),
        ({"naam": "Gemeente\x00Zaanstad"}, "niet zijn toegestaan"),
        ({"naam": "G" * 121}, "Naam"),
        ({"gemeenten": "Atlantis"}, "onbekend: Atlantis"),
        ({"soort": "bank"}, "Soort financier"),
    ],
)
def test_a_wrong_funder_is_refused_in_dutch_and_saves_nothing(admin_client, changes, message):
    engine = admin_client.application.extensions["kring.engine"]
    answer = admin_client.post("/financien/financiers/nieuw", data=FUNDER | changes)
    assert answer.status_code == 400
    assert message in answer.text
    assert count_rows(engine, Funder) == 0
    if changes.get("naam", "").startswith("G" * 10):
        assert "G" * 121 in answer.text  # what was typed stays in the form, never cut


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"prijs_informatief_gesprek": "-300"}, "mag niet negatief zijn"),
        ({"prijs_informatief_gesprek": "drie"}, "geef een bedrag"),
        ({"einde": "2025-12-31"}, "vóór de begindatum"),
        ({"domeinen": []}, "Domeinen"),
        ({"financier": "999999"}, "bestaande financier"),
        ({"budget": "1e400000"}, "geef een bedrag"),
        ({"inkoopordernummer": "PO\x1b[31m"}, "niet zijn toegestaan"),
        ({"btw": "99"}, "Btw"),
    ],
)
def test_a_wrong_contract_is_refused_in_dutch_and_saves_nothing(bureau, changes, message):
    browser, funder_id = bureau
    engine = browser.application.extensions["kring.engine"]
    answer = browser.post("/financien/contracten/nieuw", data=contract_form(funder_id, **changes))
    assert answer.status_code == 400, answer.text[:300]
    assert message in answer.text
    assert count_rows(engine, Contract) == 0


def test_an_overlapping_contract_is_refused(bureau):
    browser, funder_id = bureau
    assert browser.post("/financien/contracten/nieuw", data=contract_form(funder_id)).status_code == 303
    answer = browser.post(
        "/financien/contracten/nieuw", data=contract_form(funder_id, begin="2026-06-01", einde="2027-05-31")
    )
    assert answer.status_code == 400
    assert "overlapt met een ander contract" in answer.text


def names_in_database(engine) -> set[str]:
    with Session(engine) as session:
        people = session.exec(select(MainPerson.name)).all()
        users = session.exec(select(User.name)).all()
        referrers = session.exec(select(Case.referrer_name)).all()
    # Names of four letters or more: the test users are named after e-mail prefixes such as "Co" and "Rm",
    # which any word could contain.
    return {n for n in (*people, *users, *referrers) if n and len(n) >= 4}


def test_a_month_is_drafted_reviewed_finalised_and_downloaded_without_names(bureau, people, clock, login):
    browser, funder_id = bureau
    engine = browser.application.extensions["kring.engine"]
    assert browser.post("/financien/contracten/nieuw", data=contract_form(funder_id)).status_code == 303
    manager, coordinator = people.team()
    uow = units_of_work(engine, clock)
    case = offered_case(uow, manager, coordinator)
    for trigger, data in STEPS_TO_NAZORG:
        advance(uow(), case.id, trigger, coordinator, None, "", data)
    fill_registration(uow, case.id, coordinator)
    advance(uow(), case.id, "close", coordinator, None, "", CLOSE_WITH_PLAN)
    with Session(engine) as session:
        contract_id = session.exec(select(Contract.id)).one()
        set_funding(session, session.get(Case, case.id), contract_id, "Jeugd", manager, clock.now())
        session.commit()

    empty = browser.post("/financien/facturen/concept", data={"contract": contract_id, "datum": "2026-01-15"})
    assert "niets te factureren" in browser.get(empty.headers["Location"]).text
    made = browser.post("/financien/facturen/concept", data={"contract": contract_id, "datum": "2026-03-15"})
    page = browser.get(made.headers["Location"])
    assert "€ 5.395,00" in page.text and "Concept-factuur" in page.text
    assert "Financiering nog niet bevestigd" not in page.text  # the regiomanager confirmed it above
    assert f'href="{made.headers["Location"]}.xlsx"' in page.text  # the bookkeeping's download, next to the CSV
    invoice_url = made.headers["Location"]
    assert "loopt nog tot en met 31-03-2026" in browser.post(invoice_url + "/definitief", follow_redirects=True).text
    clock.set(dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC))
    browser = login(ADMIN)  # a month on, the idle session has ended
    assert "is definitief" in browser.post(invoice_url + "/definitief", follow_redirects=True).text
    assert "al definitief" in browser.post(invoice_url + "/definitief", follow_redirects=True).text
    with Session(engine) as session:
        assert session.exec(select(Invoice.number)).all() == ["2026-0001"]

    xml = browser.get(invoice_url + ".xml")
    assert xml.status_code == 200
    assert validate_xsd(xml.data) == (True, [])
    assert [str(f) for f in check_rules(xml.data) if f.severity == "fatal"] == []
    csv_text = browser.get(invoice_url + ".csv").data.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Factuurnummer;")
    pdf = browser.get(invoice_url + ".pdf")
    assert pdf.data.startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "invoice-2026-0001.pdf").write_bytes(pdf.data)  # to look at
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "2026-0001" in pdf_text and "5.395,00" in pdf_text
    names = names_in_database(engine)
    assert {"Sam Jansen", "Wijkteam Zaanstad"} <= names, "the test needs names to look for"
    for document in (xml.data.decode(), csv_text, pdf_text):
        assert not [name for name in names if name in document]


def test_a_draft_names_the_cases_whose_funding_was_only_proposed(bureau, people, clock):
    browser, funder_id = bureau
    engine = browser.application.extensions["kring.engine"]
    assert browser.post("/financien/contracten/nieuw", data=contract_form(funder_id)).status_code == 303
    manager, coordinator = people.team()
    uow = units_of_work(engine, clock)
    case = offered_case(uow, manager, coordinator)  # the contract is proposed at the application, not confirmed
    for trigger, data in STEPS_TO_NAZORG:
        advance(uow(), case.id, trigger, coordinator, None, "", data)
    with Session(engine) as session:
        contract_id = session.exec(select(Contract.id)).one()
    made = browser.post("/financien/facturen/concept", data={"contract": contract_id, "datum": "2026-03-15"})
    page = browser.get(made.headers["Location"]).text
    assert "Financiering nog niet bevestigd" in page and f'href="/zaken/{case.id}">{case.ref}</a>' in page
    with Session(engine) as session:
        set_funding(session, session.get(Case, case.id), contract_id, "Jeugd", manager, clock.now())
        session.commit()
    assert "Financiering nog niet bevestigd" not in browser.get(made.headers["Location"]).text


def test_the_organisation_form_refuses_missing_and_hostile_values(admin_client):
    answer = admin_client.post("/financien/organisatie", data=ORGANISATION | {"iban": "", "name": "EKC\x00"})
    assert answer.status_code == 400
    assert "IBAN: vul dit in" in answer.text and "niet zijn toegestaan" in answer.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("van=2026-03-01&tot=2026-02-01&formaat=csv", "ligt vóór de begindatum"),
        ("van=&tot=2026-02-01&formaat=csv", "Factuurdatum vanaf: vul dit in"),
        ("van=gisteren&tot=2026-02-01&formaat=xlsx", "Factuurdatum vanaf"),
        ("van=2026-01-01&tot=2026-02-01&formaat=pdf", "Formaat"),
        ("van=2026-01-01%00&tot=2026-02-01&formaat=csv", "Factuurdatum vanaf"),
    ],
)
def test_a_wrong_bookkeeping_period_is_refused_in_dutch(admin_client, query, message):
    answer = admin_client.get("/financien/boekhouding?" + query)
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/financien/#boekhouding")
    assert message in admin_client.get("/financien/").text


def test_a_period_without_invoices_gives_only_the_headers(admin_client, regiomanager_client):
    answer = admin_client.get("/financien/boekhouding?van=2026-01-01&tot=2026-01-31&formaat=csv")
    assert answer.status_code == 200 and answer.data.decode("utf-8-sig").splitlines() == [
        "Factuurnummer;Factuurdatum;Financier;Inkoopordernummer;Periode;Bedrag excl. btw;Btw-tarief (%);Btw;Totaal"
    ]
    assert (
        regiomanager_client.get("/financien/boekhouding?van=2026-01-01&tot=2026-01-31&formaat=csv").status_code == 403
    )
