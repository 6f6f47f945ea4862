"""The working day in the browser, on a phone (390×844) and a laptop (1366×900), always starting from
"Vandaag": the coordinator answers an offer, records a meeting and a follow-up and closes the case, then finds a
case by the main person's name; the regiomanager spots an overdue offer and offers the case to someone else.
No page on the way is wider than the screen."""

import datetime as dt

import pytest

from tests.conftest import units_of_work
from tests.e2e.user_actions import log_in, take_step
from tests.registration_fill import fill_registration
from tests.walks import INTAKE, offered_case
from workflow.phases import Role

DAY_ONE = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{page.url} is too wide"


def switch_to(page, base: str, email: str) -> None:
    """Another person on the same device: end the session by its cookie (on a phone the logout button folds)."""
    page.context.clear_cookies()
    log_in(page, base, email)
    page.wait_for_url("**/vandaag")  # every role starts its day on Vandaag
    fits(page)


@pytest.mark.e2e
@pytest.mark.parametrize("width, height, name", [(390, 844, "telefoon"), (1366, 900, "laptop")])
def test_a_working_day_from_vandaag(browser, live_server, engine, clock, people, shoot, width, height, name):
    clock.set(DAY_ONE)
    _, manager = people.make(Role.REGIOMANAGER, "rm@x.nl")
    _, carla = people.make(Role.COORDINATOR, "carla@x.nl")
    _, bram = people.make(Role.COORDINATOR, "bram@x.nl")
    people.make(Role.COORDINATOR, "dirk@x.nl")
    uow = units_of_work(engine, clock)
    mine = offered_case(
        uow, manager, carla, {**INTAKE, "hoofdpersonen": [{"naam": "Noor Verbeek", "soort": "minderjarig"}]}
    )
    late = offered_case(uow, manager, bram)  # Bram will not answer in time
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL", has_touch=width < 500)
    page = context.new_page()
    page.set_default_timeout(15_000)
    base = live_server

    # Carla's day starts on Vandaag: the offer waits there, with its question; she opens and accepts it.
    switch_to(page, base, "carla@x.nl")
    offer = page.locator("#aanbod")
    assert mine.ref in offer.inner_text() and "Hoe houden we de kinderen veilig thuis?" in offer.inner_text()
    shoot(page, f"dag-{name}-1-vandaag")
    offer.locator("a", has_text=mine.ref).first.click()
    page.wait_for_url(f"**/zaken/{mine.id}")
    take_step(page, "accept_match")
    assert "Match accepteren: gelukt." in page.inner_text("main")
    fits(page)

    # The informatief gesprek, the plan for the meeting, and (after the meeting day) the meeting itself.
    take_step(page, "start_activation", fill={"informatief_gesprek_datum": "2026-03-02"})
    take_step(
        page,
        "plan_meeting",
        fill={"datum": "2026-03-20", "adres": "Wijkcentrum De Kring", "uitgenodigd": 9},
        select={"locatie": "Buurthuis of wijkcentrum"},
    )
    clock.set(dt.datetime(2026, 3, 21, 9, 0, tzinfo=dt.UTC))
    switch_to(page, base, "carla@x.nl")
    page.goto(f"{base}/zaken/{mine.id}")
    take_step(
        page,
        "hold_meeting",
        fill={
            "duur_totaal_uur": 4,
            "duur_besloten_uur": "1.5",
            "aanwezigen[Ouders]": 2,
            "uitgenodigd_niet_aanwezig": 1,
        },
        select={"dagdeel": "Overdag", "vorm": "fysiek"},
    )
    assert page.locator("ol.phases li.current").inner_text() == "Nazorg"
    fits(page)
    shoot(page, f"dag-{name}-2-nazorg")

    # Four weeks on, Vandaag says the follow-up call is due; she records it while closing the case.
    fill_registration(units_of_work(engine, clock), mine.id, carla)
    clock.set(dt.datetime(2026, 4, 20, 9, 0, tzinfo=dt.UTC))
    switch_to(page, base, "carla@x.nl")
    assert "Follow-up gesprek met de hoofdpersoon" in page.inner_text("#taken")
    shoot(page, f"dag-{name}-3-follow-up-te-doen")
    page.goto(f"{base}/zaken/{mine.id}")
    take_step(
        page,
        "close",
        fill={"follow_up_datum": "2026-04-18"},
        select={"uitkomst": "plan", "follow_up_uitkomst": "positief"},
        check=("drie_maanden_onbereikbaar",),
    )
    assert "Zaak afsluiten: gelukt." in page.inner_text("main")
    assert page.locator("ol.phases li.current").inner_text() == "Afgesloten"
    fits(page)

    # She finds the case again by the main person's name, from the search box every page has.
    page.goto(f"{base}/vandaag")
    page.get_by_role("searchbox", name="Zoek een zaak").fill("verbeek")
    page.get_by_role("searchbox", name="Zoek een zaak").press("Enter")
    page.wait_for_url("**/zoeken?q=verbeek")
    assert mine.ref in page.inner_text("table.results") and late.ref not in page.inner_text("main")
    fits(page)
    shoot(page, f"dag-{name}-4-gezocht")

    # The regiomanager sees on Vandaag that Bram's offer is past its deadline, withdraws it and offers to Dirk.
    switch_to(page, base, "rm@x.nl")
    overdue = page.locator("#aanbod-verlopen")
    assert late.ref in overdue.inner_text()
    shoot(page, f"dag-{name}-5-regiomanager-vandaag")
    overdue.locator("a", has_text=late.ref).first.click()
    page.wait_for_url(f"**/zaken/{late.id}*")
    if "/matchen" not in page.url:
        page.goto(f"{base}/zaken/{late.id}/matchen")
    page.fill("#withdraw-reden", "Geen antwoord binnen de termijn")
    page.locator("button:has-text('Aanbod intrekken')").click()
    page.wait_for_load_state()
    page.locator("li.match", has_text="Dirk").locator("button:has-text('Aanbieden')").click()
    page.wait_for_load_state()
    assert "De zaak is aangeboden aan Dirk" in page.inner_text("main")
    fits(page)
    shoot(page, f"dag-{name}-6-opnieuw-aangeboden")
    context.close()
