"""Money through the browser: the bureau adds a contract, a regiomanager sees a case nobody pays for, and after
the month's end the bureau drafts, reviews and finalises the month's invoice and downloads its PDF and XML.
Screenshots at 1366 and 390 px wide, in test-artifacts/billing-*.png."""

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from peppol.xsd import validate_xsd
from sqlmodel import Session, select

from storage.contracts import add_funder
from storage.models import Municipality
from storage.organisation import save_organisation
from tests.conftest import units_of_work
from tests.e2e.user_actions import log_in, log_out
from tests.integration.test_billing_pages import ORGANISATION
from tests.registration_fill import fill_registration
from tests.walks import CLOSE_WITH_PLAN, INTAKE, STEPS_TO_NAZORG, offered_case
from workflow.billing.contracts import FunderKind
from workflow.phases import Role
from workflow.usecases import advance, create_application

pytestmark = pytest.mark.e2e
WIDE, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


def both(page, shoot, name: str) -> None:
    """The page at desktop width and at phone width (no sideways scroll on the phone)."""
    page.set_viewport_size(WIDE)
    shoot(page, f"billing-{name}-1366")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{name} scrolls sideways"
    shoot(page, f"billing-{name}-390")
    page.set_viewport_size(WIDE)


def test_the_bureau_bills_a_month_and_the_regiomanager_sees_a_case_without_cover(
    page, live_server, people, clock, shoot, engine
):
    base = live_server
    people.make(Role.ADMIN, "bureau@x.nl", regions=())
    manager = people.make(Role.REGIOMANAGER, "rm@x.nl")[1]
    coordinator = people.make(Role.COORDINATOR, "co@x.nl")[1]
    with Session(engine) as session:
        save_organisation(session, ORGANISATION, clock.now())
        zaanstad = session.exec(select(Municipality.id).where(Municipality.name == "Zaanstad")).one()
        add_funder(session, "Gemeente Zaanstad", FunderKind.GEMEENTE, [zaanstad], clock.now(), city="Zaandam")
        session.commit()

    # The bureau adds Zaanstad's contract for 2026: a wrong price first, then the right ones.
    log_in(page, base, "bureau@x.nl")
    page.goto(f"{base}/financien/")
    page.click('a.button:has-text("Contract toevoegen")')
    page.select_option("#c-financier", label="Gemeente Zaanstad")
    page.fill("#c-begin", "2026-01-01")
    page.fill("#c-einde", "2026-12-31")
    page.check('input[name="domeinen"][value="Jeugd"]')
    page.fill("#c-prijs_informatief_gesprek", "-300")
    page.fill("#c-prijs_verbinden_en_activeren", "1.200,00")
    page.fill("#c-prijs_bijeenkomst_en_nazorg", "3.895,00")
    page.fill("#c-ingekocht_informatief_gesprek", "12")
    page.fill("#c-budget", "25.000")
    page.fill("#c-inkoopordernummer", "PO-4711")
    page.select_option("#c-btw", "vrijgesteld")
    page.select_option("#c-frequentie", "maand")
    page.click("main form button[type=submit]")
    assert "mag niet negatief zijn" in page.inner_text("main")
    both(page, shoot, "01-contract-refused")
    page.fill("#c-prijs_informatief_gesprek", "300,00")
    page.click("main form button[type=submit]")
    assert "Contract opgeslagen." in page.inner_text("main")
    assert "Gemeente Zaanstad" in page.inner_text("main")
    both(page, shoot, "02-financien")
    log_out(page)

    # Two applications: Zaanstad's is covered (and its conference is held in March), Haarlem's is not.
    uow = units_of_work(engine, clock)
    covered = offered_case(uow, manager, coordinator)
    for trigger, data in STEPS_TO_NAZORG:
        advance(uow(), covered.id, trigger, coordinator, None, "", data)
    fill_registration(uow, covered.id, coordinator)
    advance(uow(), covered.id, "close", coordinator, None, "", CLOSE_WITH_PLAN)
    bare = create_application(uow(), INTAKE | {"gemeente": "Haarlem"}, manager)

    # The regiomanager sees the case nobody pays for in the inbox, and on its page.
    log_in(page, base, "rm@x.nl")
    page.goto(f"{base}/inbox")
    warning = page.inner_text("#zonder-dekking")
    assert bare.ref in warning and covered.ref not in warning
    both(page, shoot, "03-inbox-zonder-dekking")
    page.click(f'#zonder-dekking a:has-text("{bare.ref}")')
    assert "Geen contract dekt deze zaak" in page.inner_text("#financiering")
    assert "€" not in page.inner_text("main")  # no amounts for the regiomanager
    both(page, shoot, "04-zaak-zonder-dekking")
    page.goto(f"{base}/zaken/{covered.id}")
    assert "Gemeente Zaanstad" in page.inner_text("#financiering")
    log_out(page)

    # April: the bureau drafts March, reviews the lines and makes it final, then downloads PDF and XML.
    clock.set(dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC))
    log_in(page, base, "bureau@x.nl")
    page.goto(f"{base}/financien/")
    page.fill("#concept-datum", "2026-03-15")
    page.click('button:has-text("Concept maken")')
    page.wait_for_url("**/financien/facturen/*")
    main = page.inner_text("main")
    assert "Concept-factuur" in main and covered.ref in main and "€ 5.395,00" in main
    assert "Sam" not in main  # the lines name the case, never a person
    both(page, shoot, "05-concept")
    page.click('button:has-text("Definitief maken")')
    assert "Factuur 2026-0001 is definitief." in page.inner_text("main")
    both(page, shoot, "06-definitief")
    with page.expect_download() as pdf:
        page.click('a.button:has-text("PDF")')
    assert pdf.value.suggested_filename == "factuur-2026-0001.pdf"
    assert Path(pdf.value.path()).read_bytes()[:4] == b"%PDF"
    with page.expect_download() as xml:
        page.click('a.button:has-text("E-factuur (UBL)")')
    assert validate_xsd(Path(xml.value.path()).read_bytes()) == (True, [])
    with page.expect_download() as xlsx:
        page.click('a.button:has-text("Excel (XLSX)")')
    assert xlsx.value.suggested_filename == "factuur-2026-0001.xlsx"
    assert ("Totaal", 5395) in [
        row[:2]
        for row in load_workbook(io.BytesIO(Path(xlsx.value.path()).read_bytes())).active.iter_rows(values_only=True)
    ]

    # The bookkeeping takes the month's final invoices as one file.
    page.goto(f"{base}/financien/#boekhouding")
    page.fill("#boekhouding-van", "2026-04-01")
    page.fill("#boekhouding-tot", "2026-04-30")
    page.locator("#boekhouding").scroll_into_view_if_needed()
    both(page, shoot, "06b-boekhouding")
    with page.expect_download() as journal:
        page.click('#boekhouding button:has-text("Excel (XLSX)")')
    assert journal.value.suggested_filename == "facturen-20260401-20260430.xlsx"
    invoices = list(
        load_workbook(io.BytesIO(Path(journal.value.path()).read_bytes()))["Facturen"].iter_rows(values_only=True)
    )
    assert invoices[2][0] == "2026-0001" and invoices[-1][0] == "Totaal"

    # The budget page: the contract's funnel and what was invoiced.
    page.goto(f"{base}/financien/budget")
    text = page.inner_text("main")
    assert "Gemeente Zaanstad" in text and "€ 5.395,00" in text and "1 zaak zonder contract" in text
    both(page, shoot, "07-budget")
