"""Change of coordinator in the browser, at 1366 px and at 390 px: the regiomanager withdraws Anna from a
running case with a reason, offers it to Bert from the case page (Anna is not in the list), Bert takes it over
from Mijn zaken and goes on in the same phase, with the whole history on the case page.
Screenshots: test-artifacts/cochange-<width>-<n>.png."""

import pytest

from tests.conftest import units_of_work
from tests.e2e.user_actions import history, log_in, take_step
from tests.walks import INTAKE
from workflow.phases import Role
from workflow.usecases import advance, create_application, offer_case

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width,height", [(1366, 900), (390, 844)])
def test_withdraw_reoffer_and_take_over(page, live_server, engine, clock, people, shoot, width, height):
    base = live_server
    page.set_viewport_size({"width": width, "height": height})
    _, manager = people.make(Role.REGIOMANAGER, "rm@x.nl")
    _, anna = people.make(Role.COORDINATOR, "anna@x.nl")
    _, bert = people.make(Role.COORDINATOR, "bert@x.nl")
    uow = units_of_work(engine, clock)
    case = create_application(uow(), INTAKE, manager)
    offer_case(uow(), case.id, anna.coordinator_id, manager, override_reason="Toch aanbieden (test)")
    advance(uow(), case.id, "accept_match", anna, None)
    advance(uow(), case.id, "start_activation", anna, None, "", {"informatief_gesprek_datum": "2026-03-02"})
    name = f"cochange-{width}"

    # The regiomanager withdraws Anna: a reason is needed; the case stays in its phase.
    log_in(page, base, "rm@x.nl")
    page.wait_for_url("**/vandaag")  # every role starts on Vandaag
    page.goto(f"{base}/zaken/{case.id}")
    take_step(page, "withdraw_coordinator")
    assert "geef een reden op" in page.inner_text("main")
    take_step(page, "withdraw_coordinator", fill={"reden": "Anna is langdurig ziek."})
    main = page.inner_text("main")
    assert "Coördinator terugtrekken: gelukt." in main and "De coördinator is teruggetrokken" in main
    assert "Verbinden en activeren" in page.inner_text(".page-head")
    options = page.locator("#coordinator_id option").all_inner_texts()
    assert any("Bert" in o for o in options) and not any("Anna" in o for o in options)
    shoot(page, f"{name}-1-teruggetrokken")

    # She offers the case to Bert from the case page.
    page.select_option("#coordinator_id", str(bert.coordinator_id))
    page.click("button:has-text('Aanbieden aan coördinator')")
    page.wait_for_load_state()
    assert "De zaak is aangeboden aan Bert" in page.inner_text("main")
    shoot(page, f"{name}-2-opnieuw-aangeboden")
    leave(page)

    # Bert takes it over from Mijn zaken and goes on in the same phase, with the whole history.
    log_in(page, base, "bert@x.nl")
    page.wait_for_url("**/vandaag")
    page.goto(f"{base}/mijn-zaken")
    row = page.locator("section.offers tr", has_text=case.ref)
    shoot(page, f"{name}-3-mijn-zaken-aanbod")
    row.locator("button:has-text('Aannemen')").click()
    page.wait_for_url(f"**/zaken/{case.id}")
    main = page.inner_text("main")
    assert "U heeft de zaak overgenomen. Ze gaat verder in de fase Verbinden en activeren." in main
    assert "coördinator Bert" in page.inner_text(".page-head")
    page.locator("#geschiedenis").evaluate("fold => { fold.open = true }")  # folded away on a phone
    lines = history(page)
    for text in ("Match accepteren", "Start verbinden en activeren", "Coördinator terugtrekken", "Zaak overnemen"):
        assert text in lines
    assert "Anna is langdurig ziek." in lines
    assert page.locator("#actie-plan_meeting").count() == 1, "Bert goes on with the next step of the phase"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "nothing scrolls sideways"
    shoot(page, f"{name}-4-overgenomen")
    leave(page)

    # Anna no longer sees the case.
    log_in(page, base, "anna@x.nl")
    page.wait_for_url("**/vandaag")
    page.goto(f"{base}/mijn-zaken")
    assert case.ref not in page.inner_text("main")


def leave(page):
    """Log out; on a phone the header's button sits in the folded menu, so end the session by its cookie."""
    page.context.clear_cookies()
