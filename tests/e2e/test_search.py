"""Finding a case in the browser: the header's search box on a phone (390×844) and a laptop (1366×900), the
result row that says what the case is, and the case page it leads to; the page never wider than the screen."""

import pytest

from tests.conftest import units_of_work
from tests.e2e.user_actions import log_in, log_out
from workflow.phases import Role
from workflow.usecases import advance, create_application, offer_case

QUESTION = "Hoe kan Noor weer veilig naar school zonder steeds weg te lopen van huis?"


def intake(person, question, referrer="Wijkteam Schalkwijk"):
    return {
        "gemeente": "Haarlem",
        "type_aanmelder": "Organisatie",
        "type_organisatie": "Gemeente/sociaal wijkteam",
        "aanmelder": {"naam": referrer, "organisatie": "Sociaal Wijkteam Haarlem"},
        "vraag": question,
        "hoofdpersonen": [{"naam": person, "soort": "minderjarig", "geslacht": "meisje"}],
    }


@pytest.fixture
def cases(engine, clock, people):
    """Two Haarlem cases of co@x.nl (Noor Bakkenes, Daan de Vries) and one of co2@x.nl (Noor Bakker)."""
    _, manager = people.make(Role.REGIOMANAGER, "rm@x.nl")
    _, mine = people.make(Role.COORDINATOR, "co@x.nl")
    _, other = people.make(Role.COORDINATOR, "co2@x.nl")
    uow = units_of_work(engine, clock)
    made = {}
    for key, data, who in (
        ("noor", intake("Noor Bakkenes", QUESTION), mine),
        ("daan", intake("Daan de Vries", "Wat heeft Daan nodig om thuis te kunnen blijven wonen?"), mine),
        ("other", intake("Noor Bakker", "Wie zorgt voor Noor als moeder in het ziekenhuis ligt?"), other),
    ):
        case = create_application(uow(), data, manager)
        offer_case(uow(), case.id, who.coordinator_id, manager)
        advance(uow(), case.id, "accept_match", who, None, "", {})
        made[key] = case
    return made | {"rm": manager, "co": mine}


@pytest.mark.e2e
@pytest.mark.parametrize("width, height, name", [(390, 844, "telefoon"), (1366, 900, "laptop")])
def test_a_coordinator_finds_a_case_by_the_main_persons_name(browser, live_server, cases, shoot, width, height, name):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, "co@x.nl")
    page.wait_for_url("**/vandaag")  # every role starts on Vandaag
    page.get_by_role("searchbox", name="Zoek een zaak").fill("bakken")
    page.get_by_role("searchbox", name="Zoek een zaak").press("Enter")
    page.wait_for_url("**/zoeken?q=bakken")
    results = page.locator("table.results tbody tr")
    assert results.count() == 1, "the other coordinator's Noor Bakker is not found"
    row = results.first.inner_text()
    assert cases["noor"].ref in row and "Noor" in row and "Hoe kan Noor weer veilig naar school zonder" in row
    assert "1 zaak gevonden" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling"
    shoot(page, f"search-results-{name}")

    results.first.get_by_role("link", name=cases["noor"].ref).click()
    page.wait_for_url(f"**/zaken/{cases['noor'].id}")
    assert cases["noor"].ref in page.inner_text("h1")  # (on a phone the persons are folded away)

    page.goto(f"{live_server}/zoeken?q=a%00b")
    assert "Zoekterm: bevat tekens die niet zijn toegestaan" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


@pytest.mark.e2e
def test_lists_sort_by_their_headers_and_offer_rows_say_what_the_case_is(
    page, live_server, cases, engine, clock, shoot
):
    with_offer = create_application(units_of_work(engine, clock)(), intake("Mila Oosterwijk", QUESTION), cases["rm"])
    offer_case(units_of_work(engine, clock)(), with_offer.id, cases["co"].coordinator_id, cases["rm"])
    log_in(page, live_server, "co@x.nl")
    page.wait_for_url("**/vandaag")  # every role starts on Vandaag
    page.goto(f"{live_server}/mijn-zaken")
    offers = page.locator("section.offers tbody tr")
    assert offers.count() == 1 and "Mila" in offers.inner_text() and "Haarlem" in offers.inner_text()
    header = page.locator("table.cases th", has_text="Zaak")
    assert header.get_attribute("aria-sort") == "none"
    header.get_by_role("link").click()
    assert page.locator("table.cases th", has_text="Zaak").get_attribute("aria-sort") == "ascending"
    refs = page.locator("table.cases tbody tr td:first-child a").all_inner_texts()
    assert refs == sorted(refs) and len(refs) == 2
    page.locator("table.cases th", has_text="Zaak").get_by_role("link").click()
    assert page.locator("table.cases th", has_text="Zaak").get_attribute("aria-sort") == "descending"
    assert page.locator("table.cases tbody tr td:first-child a").all_inner_texts() == sorted(refs, reverse=True)
    shoot(page, "search-mijn-zaken-sorted")
    log_out(page)
    log_in(page, live_server, "rm@x.nl")
    page.goto(f"{live_server}/inbox")
    new = page.locator("table.cases").first.locator("tbody tr")
    assert new.count() == 1 and "Mila" in new.inner_text() and "Hoe kan Noor weer veilig" in new.inner_text()
    waiting = page.locator("table.started tbody").inner_text()
    assert "Daan" in waiting and "Wat heeft Daan nodig" in waiting
    shoot(page, "search-inbox-rows")
