"""The acceptance year of issue 17, on SQLite and PostgreSQL: two municipalities and a fund, contracts with
different prices (Zaanstad's change on 1 July), 30 cases that end in each outcome, one reopened after invoicing
and one whose funder changed. Every month and quarter is drafted and finalised as the bureau would; each
invoice equals the total computed by hand, to the cent, with credit lines exactly where they must be; and no
name from the database appears in any invoice's PDF, e-invoice, CSV or XLSX."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from peppol.xsd import validate_xsd
from pypdf import PdfReader
from sqlmodel import Session, select

from storage.billing_models import Invoice
from storage.contracts import ContractInput, add_funder, save_contract, set_funding
from storage.engine import WRITE
from storage.invoicing import draft_invoice, finalise_invoice, lines_of
from storage.models import Case, MainPerson, Municipality, User
from storage.organisation import save_organisation
from tests.conftest import ADMIN, PASSWORD, People, make_app, units_of_work
from tests.integration.test_billing_pages import ORGANISATION
from tests.registration_fill import fill_registration
from tests.walks import CLOSE_WITH_PLAN, MEETING
from workflow.billing.contracts import Frequency, FunderKind, Period
from workflow.billing.invoices import invoice_period
from workflow.billing.phases import BillablePhase as B
from workflow.errors import InvalidInput
from workflow.phases import Outcome, Role
from workflow.recording import record_registration
from workflow.usecases import advance, create_application, offer_case

D, E = dt.date, Decimal
IG, VA, BN = B.INFORMATIEF_GESPREK, B.VERBINDEN_EN_ACTIVEREN, B.BIJEENKOMST_EN_NAZORG
OUTCOMES = [o.value for o in Outcome]  # ingetrokken, zelf_verder, afgezien, plan_zonder_bijeenkomst, …
# What each outcome delivers, as the phase table marks it (a case closed before any conversation: nothing).
DELIVERS = {
    "ingetrokken": (),
    "zelf_verder": (),
    "afgezien": (IG,),
    "gestopt": (IG, VA),
    "plan_zonder_bijeenkomst": (IG, VA),
    "geen_plan": (IG, VA, BN),
    "plan": (IG, VA, BN),
}
# The prices, by hand: Zaanstad's change on 1 July; Haarlem with 21% VAT; the fund.
ZAANSTAD = {IG: E("300.00"), VA: E("1200.00"), BN: E("3895.00")}
ZAANSTAD_JULY = {IG: E("325.00"), VA: E("1250.00"), BN: E("3995.00")}
HAARLEM = {IG: E("250.00"), VA: E("1000.00"), BN: E("3000.00")}
FUND = {IG: E("150.00"), VA: E("450.00"), BN: E("900.00")}
FIRST = ["Anouk", "Bram", "Fatima", "Mehmet", "Sanne", "Yusuf", "Lotte", "Kofi", "Ingrid", "Rachid"]
LAST = ["Dijkstra", "Verbeek", "Ouali", "Korkmaz", "Brouwer", "Hendriks"]
# Case 6 (plan, 12 March) is reopened in April and closed again in May; case 3 (plan without a meeting, 7 February,
# Zaanstad) moves to the fund in April.
REOPENED, MOVED = 6, 3
CREDIT_NOTE = "Registratie was onvolledig"


def day_of(i: int) -> dt.date:
    return D(2026, 1, 5) + dt.timedelta(days=11 * i)


def place_of(i: int) -> str:
    return "Haarlem" if i % 3 == 2 else "Zaanstad"


def contract_of(i: int) -> str:
    return "haarlem" if place_of(i) == "Haarlem" else ("fund" if i % 5 == 4 else "zaanstad")


def price(contract: str, phase: B, on: dt.date) -> Decimal:
    if contract == "zaanstad":
        return (ZAANSTAD_JULY if on >= D(2026, 7, 1) else ZAANSTAD)[phase]
    return (HAARLEM if contract == "haarlem" else FUND)[phase]


def at(clock, day: dt.date, hour: int = 10) -> None:
    clock.set(dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC))


@pytest.fixture
def bureau(any_engine, clock):
    """The three funders and their contracts, the organisation's details, the team of Noord-Holland."""
    engine = any_engine
    at(clock, D(2026, 1, 2))
    manager, coordinator = People(engine).team()
    admin = People(engine).make(Role.ADMIN, ADMIN, regions=())[1]
    with Session(engine) as session:
        save_organisation(session, ORGANISATION, clock.now())

        def place(name):
            return session.exec(select(Municipality.id).where(Municipality.name == name)).one()

        year = (D(2026, 1, 1), D(2026, 12, 31))
        zaanstad = add_funder(session, "Gemeente Zaanstad", FunderKind.GEMEENTE, [place("Zaanstad")], clock.now())
        haarlem = add_funder(session, "Gemeente Haarlem", FunderKind.GEMEENTE, [place("Haarlem")], clock.now())
        fund = add_funder(session, "Fonds Kansrijk Thuis", FunderKind.FONDS, [place("Zaanstad")], clock.now())
        contracts = {
            "zaanstad": ContractInput(
                zaanstad.id, *year, frozenset({"Jeugd"}), {year[0]: ZAANSTAD, D(2026, 7, 1): ZAANSTAD_JULY}
            ),
            "haarlem": ContractInput(
                haarlem.id,
                *year,
                frozenset({"Jeugd"}),
                {year[0]: HAARLEM},
                vat_percent=E("21"),
                frequency=Frequency.QUARTER,
            ),
            "fund": ContractInput(fund.id, *year, frozenset({"Armoede"}), {year[0]: FUND}, frequency=Frequency.QUARTER),
        }
        ids = {name: save_contract(session, values, clock.now()) for name, values in contracts.items()}
        session.commit()
    return engine, clock, manager, coordinator, admin, ids


def walk(engine, clock, manager, coordinator, i: int) -> int:
    """Case i: applied on its day, offered, and walked to its outcome that same day."""
    uow = units_of_work(engine, clock)
    at(clock, day_of(i))
    day = day_of(i).isoformat()
    intake = {
        "gemeente": place_of(i),
        "type_aanmelder": "Organisatie",
        "type_organisatie": "Gemeente/sociaal wijkteam",
        "aanmelder": {"naam": f"Wijkteam {LAST[i % 6]}-{FIRST[(i + 3) % 10]}"},
        "vraag": "Hoe blijven de kinderen veilig thuis?",
        "hoofdpersonen": [
            {"naam": f"{FIRST[i % 10]} {LAST[i // 10 + i % 3]}", "soort": "minderjarig", "geslacht": "meisje"}
        ],
    }
    case = create_application(uow(), intake, manager)
    offer_case(uow(), case.id, coordinator.coordinator_id, manager)
    outcome = OUTCOMES[i % 7]

    def step(trigger, data=None, who=coordinator):
        advance(uow(), case.id, trigger, who, None, "", data or {})

    step("accept_match")
    if outcome not in ("ingetrokken", "zelf_verder"):
        step("start_activation", {"informatief_gesprek_datum": day})
    if outcome in ("gestopt", "geen_plan", "plan"):
        step("plan_meeting", {"datum": day, "locatie": "Buurthuis of wijkcentrum", "uitgenodigd": 5})
    if outcome == "plan_zonder_bijeenkomst":
        step("plan_without_meeting", {"afspraken": "Oma haalt de kinderen op.", "plan_datum": day})
    fill_registration(uow, case.id, coordinator, ("zaak", "cijfers", "plan", "niet_doorgaan", "hoofdpersonen"))
    record_registration(uow(), case.id, coordinator, None, "plan_verstuurd", {"datum": day, "aan": "Oma\nMoeder"})
    if outcome == "geen_plan":
        step("hold_meeting_without_plan", MEETING | {"datum": day})
        return case.id
    if outcome == "plan":
        step("hold_meeting", MEETING | {"datum": day})
    follow_up = (
        {"follow_up_uitkomst": "positief", "drie_maanden_onbereikbaar": "ja"}
        if outcome in ("plan", "plan_zonder_bijeenkomst")
        else {}
    )
    step("close", {"uitkomst": outcome, **follow_up})
    return case.id


def fund(engine, clock, manager, case_id: int, contract_id: int, domain: str = "Jeugd") -> None:
    with Session(engine) as session:
        set_funding(session, session.get(Case, case_id), contract_id, domain, manager, clock.now())
        session.commit()


def bill(engine, clock, contract_id: int, period: Period, admin) -> Invoice | None:
    """Draft the period's invoice and finalise it the day after the period (None: nothing to invoice)."""
    with Session(engine) as session:
        try:
            invoice = draft_invoice(session, contract_id, period, clock.now())
        except InvalidInput:
            return None
        session.commit()
        invoice_id = invoice.id
    with Session(engine) as session:
        session.connection(execution_options=WRITE)
        final = finalise_invoice(session, invoice_id, admin.user_id, clock.now(), period.end + dt.timedelta(days=1))
        session.commit()
        session.refresh(final)
        return final


def expected_lines(cases: dict[int, int], period: Period, name: str) -> list[tuple]:
    """The hand-computed lines of contract `name`'s invoice for `period`, from the plan of the year above."""
    lines = []
    for i, case_id in cases.items():
        was = contract_of(i)
        if i == MOVED:
            # Zaanstad until April: invoiced in February; credited in April; the fund's second quarter takes it.
            if name == "zaanstad" and period.start.month == 2 or name == "fund" and period.start.month == 4:
                moved = DELIVERS[OUTCOMES[MOVED % 7]]
                lines += [(case_id, p, day_of(i), price(name, p, day_of(i)), "") for p in moved]
            continue
        if was != name or day_of(i) not in period:
            continue
        lines += [(case_id, p, day_of(i), price(name, p, day_of(i)), "") for p in DELIVERS[OUTCOMES[i % 7]]]
    return lines


def test_a_year_of_invoices_to_the_cent_with_credit_lines_and_no_names(bureau):
    engine, clock, manager, coordinator, admin, contracts = bureau
    cases: dict[int, int] = {}
    invoices: list[Invoice] = []
    for month in range(1, 13):
        for i in range(30):
            if day_of(i).month == month:
                cases[i] = walk(engine, clock, manager, coordinator, i)
                fund(
                    engine,
                    clock,
                    manager,
                    cases[i],
                    contracts[contract_of(i)],
                    "Armoede" if contract_of(i) == "fund" else "Jeugd",
                )
        if month == 4:
            at(clock, D(2026, 4, 15))  # after March was invoiced: reopened, and another funder
            advance(units_of_work(engine, clock)(), cases[REOPENED], "reopen", manager, None, CREDIT_NOTE, {})
            fund(engine, clock, manager, cases[MOVED], contracts["fund"], "Armoede")
        if month == 5:
            at(clock, D(2026, 5, 20))
            follow_up = CLOSE_WITH_PLAN
            advance(units_of_work(engine, clock)(), cases[REOPENED], "close", coordinator, None, "", follow_up)
        month_end = invoice_period(Frequency.MONTH, D(2026, month, 1))
        at(clock, month_end.end + dt.timedelta(days=1), 8)
        for name, contract_id in contracts.items():
            period = invoice_period(Frequency.MONTH if name == "zaanstad" else Frequency.QUARTER, month_end.start)
            if period.end == month_end.end:
                found = bill(engine, clock, contract_id, period, admin)
                invoices += [found] if found else []
                check(engine, found, name, period, cases)

    # The year by hand (see DELIVERS and the prices above), per contract, net:
    by_contract = {
        name: sum((i.net for i in invoices if i.contract_id == cid), E(0)) for name, cid in contracts.items()
    }
    # Zaanstad: case 6 (5.395: credited in April, billed again in May), 10 (1.500), 12 and 13 (5.395 each), 16 (300),
    # 18 and 25 at July's prices (1.575 each), 27 (5.570); case 3's 1.500 billed in February and credited in April.
    # Haarlem: 2 (250), 5 (4.250), 11 and 17 (1.250 each), 20 and 26 (4.250 each), 23 (250), plus 21% VAT.
    # The fund: 3 (600, from April), 4 (600), 9 (150), 19 (1.500), 24 (600).
    assert by_contract == {"zaanstad": E("26705.00"), "haarlem": E("15750.00"), "fund": E("3450.00")}, by_contract
    haarlem_gross = sum((i.gross for i in invoices if i.contract_id == contracts["haarlem"]), E(0))
    assert haarlem_gross == E("19057.50")
    # Gap-free per year of issue, in order: December's invoices are issued in January, so they open 2027.
    this_year = [i.number for i in invoices if i.issued_on.year == 2026]
    assert this_year == [f"2026-{n:04d}" for n in range(1, len(this_year) + 1)]
    assert [i.number for i in invoices if i.issued_on.year == 2027] == ["2027-0001"]  # Haarlem's fourth quarter
    no_names_in_documents(engine, clock, invoices)


def check(engine, invoice: Invoice | None, name: str, period: Period, cases: dict[int, int]) -> None:
    """The invoice's lines and totals are the hand-computed ones; credit lines exactly for the two changes."""
    expected = expected_lines(cases, period, name)
    credits = []
    if name == "zaanstad" and period.start.month == 4:
        # February's invoice was 2026-0001, March's 2026-0002 (Haarlem's and the fund's first quarter follow).
        moved = DELIVERS[OUTCOMES[MOVED % 7]]
        credits = [(cases[MOVED], p, day_of(MOVED), -ZAANSTAD[p], "2026-0001") for p in moved]
        credits += [(cases[REOPENED], BN, day_of(REOPENED), -ZAANSTAD[BN], "2026-0002")]
    if name == "zaanstad" and period.start.month == 5:
        expected += [(cases[REOPENED], BN, day_of(REOPENED), ZAANSTAD[BN], "")]  # closed again: billed again
    want = sorted(expected + credits, key=str)
    if invoice is None:
        assert want == [], f"{name} {period.label()}: expected an invoice"
        return
    with Session(engine) as session:
        got = sorted(
            (
                (line.case_id, B(line.phase), line.on, line.amount, line.credits)
                for line in lines_of(session, invoice.id)
            ),
            key=str,
        )
    assert got == want, f"{name} {period.label()}"
    net = sum((line[3] for line in want), E(0))
    vat = (net * E("0.21")).quantize(E("0.01")) if name == "haarlem" else E("0.00")
    assert (invoice.net, invoice.vat, invoice.gross) == (net, vat, net + vat), f"{name} {period.label()}"


def no_names_in_documents(engine, clock, invoices: list[Invoice]) -> None:
    app = make_app(engine, clock)
    browser = app.test_client()
    assert browser.post("/login", data={"email": ADMIN, "password": PASSWORD}).status_code == 302
    with Session(engine) as session:
        names = {
            n
            for n in (
                *session.exec(select(MainPerson.name)).all(),
                *session.exec(select(User.name)).all(),
                *session.exec(select(Case.referrer_name)).all(),
            )
            if n and len(n) >= 4
        }
    assert len(names) > 30, "the test needs names to look for"
    for invoice in invoices:
        base = f"/financien/facturen/{invoice.id}"
        xml = browser.get(base + ".xml").data
        assert validate_xsd(xml) == (True, []), invoice.number
        csv_text = browser.get(base + ".csv").data.decode("utf-8-sig")
        pdf = browser.get(base + ".pdf").data
        pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        xlsx = browser.get(base + ".xlsx").data
        xlsx_text = "\n".join(str(cell) for row in spreadsheet_rows(xlsx) for cell in row)
        assert bookkeeping_lines(xlsx) == csv_lines(csv_text), invoice.number
        assert totals_of(xlsx) == (invoice.net, invoice.vat, invoice.gross), invoice.number
        assert invoice.number in pdf_text and invoice.number in csv_text and invoice.number in xlsx_text
        for document in (xml.decode(), csv_text, pdf_text, xlsx_text):
            assert not [name for name in names if name in document], invoice.number
    the_bookkeeping_of_the_year(browser, invoices, names)


def the_bookkeeping_of_the_year(browser, invoices: list[Invoice], names: set[str]) -> None:
    """The period export: every final invoice issued in the period once, totals to the cent, every line, no name."""
    period = "/financien/boekhouding?van=2026-01-01&tot=2027-01-31&formaat="
    journal = [line.split(";") for line in browser.get(period + "csv").data.decode("utf-8-sig").splitlines()]
    assert journal[0][:2] == ["Factuurnummer", "Factuurdatum"]
    assert sorted(row[0] for row in journal[1:]) == sorted(i.number for i in invoices)
    assert sum(E(row[8].replace(",", ".")) for row in journal[1:]) == sum(i.gross for i in invoices)
    xlsx = browser.get(period + "xlsx").data
    book = load_workbook(io.BytesIO(xlsx))
    total = [row for row in book["Facturen"].iter_rows(values_only=True) if row[0] == "Totaal"][0]
    assert (E(repr(total[5])), E(repr(total[7])), E(repr(total[8]))) == tuple(
        sum((getattr(i, part) for i in invoices), E(0)) for part in ("net", "vat", "gross")
    )
    lines = list(book["Regels"].iter_rows(values_only=True))[1:]
    assert sum(E(repr(line[6])) for line in lines) == sum(i.net for i in invoices)
    text = "\n".join(str(cell) for row in spreadsheet_rows(xlsx) for cell in row)
    assert not [name for name in names if name in text]
    january = browser.get("/financien/boekhouding?van=2027-01-01&tot=2027-01-31&formaat=csv").data.decode("utf-8-sig")
    assert [line.split(";")[0] for line in january.splitlines()[1:]] == ["2027-0001"]


def spreadsheet_rows(xlsx: bytes) -> list[tuple]:
    """Every row of every sheet, as openpyxl reads them (what a bookkeeper's Excel would show)."""
    book = load_workbook(io.BytesIO(xlsx))
    return [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def bookkeeping_lines(xlsx: bytes) -> list[tuple]:
    """The XLSX's invoice lines below its column header, amounts read back exactly: the shortest text of the
    number is the amount to the cent."""
    rows = spreadsheet_rows(xlsx)
    lines = rows[[r[0] for r in rows].index("Factuurnummer", 1) + 1 :]  # row 1 names the number too
    assert all(isinstance(line[5], int | float) for line in lines), "amounts are numbers"
    return [(*line[:5], E(repr(line[5])), line[6] or "") for line in lines]


def csv_lines(text: str) -> list[tuple]:
    rows = [line.split(";") for line in text.splitlines()[1:]]
    return [(*row[:5], E(row[5].replace(",", ".")), row[6]) for row in rows]


def totals_of(xlsx: bytes) -> tuple[Decimal, ...]:
    """Net, VAT and gross from the header block, exactly as the cells hold them."""
    cells = {row[0]: row[1] for row in spreadsheet_rows(xlsx) if row and row[0]}
    vat = next(value for label, value in cells.items() if str(label).startswith("Btw"))
    return tuple(E(repr(v)) for v in (cells["Bedrag excl. btw"], vat, cells["Totaal"]))
