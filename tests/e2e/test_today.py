"""A coordinator's Vandaag in the browser, on a phone (390×844) and a laptop (1366×900): everything she needs
today on one page, each item a link to where it is done, and never wider than the screen."""

import datetime as dt

import pytest

from tests.conftest import units_of_work
from tests.e2e.user_actions import log_in
from tests.walks import INTAKE, STEPS_TO_NAZORG, offered_case
from workflow.phases import Role
from workflow.usecases import advance

LOOK = dt.datetime(2026, 3, 25, 10, 0, tzinfo=dt.UTC)
LONG_QUESTION = {
    **INTAKE,
    "vraag": "Hoe zorgen we samen dat de kinderen na schooltijd ergens terechtkunnen nu moeder avonddiensten "
    "draait?" + " Langwoordzonderspatiesdatnietmagoverlopenopeenkleinscherm" * 2,
    "wensen_coordinator_talen": "Pools, Engels",
}


def setup_carla(engine, clock, people):
    """Carla: an offer waiting (a long question), a follow-up call due (meeting on 20 February), one to come
    (30 March), and a meeting planned on 27 March. Piet's case in nazorg must not show."""
    _, noor = people.make(Role.REGIOMANAGER, "noor@x.nl")
    _, carla = people.make(Role.COORDINATOR, "carla@x.nl")
    _, piet = people.make(Role.COORDINATOR, "piet@x.nl")
    uow = units_of_work(engine, clock)
    back_then = clock.now()
    # The case whose call is due had its meeting on 20 February (dates follow the case: workflow/dates.py).
    clock.set(dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC))
    due = offered_case(uow, noor, carla)
    early = dict(STEPS_TO_NAZORG)
    for trigger, data in (
        ("accept_match", {}),
        ("start_activation", {"informatief_gesprek_datum": "2026-02-02"}),
        ("plan_meeting", {**early["plan_meeting"], "datum": "2026-02-20"}),
    ):
        advance(uow(), due.id, trigger, carla, None, "", data)
    clock.set(dt.datetime(2026, 2, 21, 9, 0, tzinfo=dt.UTC))
    advance(uow(), due.id, "hold_meeting", carla, None, "", {**early["hold_meeting"], "datum": "2026-02-20"})
    clock.set(back_then)
    refs = {"offered": offered_case(uow, noor, carla, LONG_QUESTION).ref, "due": due.ref}
    plan = {"datum": "2026-03-27", "locatie": "Buurthuis of wijkcentrum", "uitgenodigd": 5}
    for name, who, steps in (
        ("coming", carla, STEPS_TO_NAZORG),
        ("planned", carla, (*STEPS_TO_NAZORG[:2], ("plan_meeting", plan))),
        ("piet", piet, STEPS_TO_NAZORG),
    ):
        case = offered_case(uow, noor, who)
        for trigger, data in steps:
            advance(uow(), case.id, trigger, who, None, "", data)
        refs[name] = case.ref
    return refs


@pytest.mark.e2e
@pytest.mark.parametrize("width,height,name", [(390, 844, "phone"), (1366, 900, "laptop")])
def test_the_coordinators_vandaag_fits_the_screen(
    browser, live_server, engine, clock, people, shoot, width, height, name
):
    clock.set(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    refs = setup_carla(engine, clock, people)
    clock.set(LOOK)
    # Not is_mobile: a mobile viewport zooms out to fit a too wide page, and the width check would always pass.
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL", has_touch=width < 500)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, "carla@x.nl")
    page.wait_for_url("**/vandaag")
    main = page.inner_text("main")
    assert "Follow-up gesprek met de hoofdpersoon" in page.inner_text("#taken")
    assert refs["offered"] in page.inner_text("#aanbod") and "Pools, Engels" in page.inner_text("#aanbod")
    week = page.inner_text("#deze-week")
    assert refs["coming"] in week and refs["planned"] in week and "27-03-2026" in week
    assert refs["piet"] not in main
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "wider than the screen"
    shoot(page, f"40-vandaag-coordinator-{name}")

    page.locator("#taken a", has_text="Follow-up gesprek").first.click()
    page.wait_for_url("**/taken#taak-*")
    assert refs["due"] in page.inner_text("main")
    page.goto(f"{live_server}/vandaag")
    page.locator("#deze-week a", has_text=refs["planned"]).click()
    page.wait_for_url("**/zaken/*")
    assert refs["planned"] in page.inner_text("h1")
    assert "Geplande bijeenkomst" in page.text_content("main")  # on a phone the record folds away
    context.close()


@pytest.mark.e2e
def test_the_regiomanagers_vandaag_fits_a_phone(browser, live_server, engine, clock, people, shoot):
    clock.set(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    refs = setup_carla(engine, clock, people)
    clock.set(dt.datetime(2026, 4, 7, 10, 0, tzinfo=dt.UTC))  # the follow-ups are more than a week late
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL", has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, "noor@x.nl")
    page.wait_for_url("**/vandaag")
    assert refs["coming"] in page.inner_text("#follow-up-te-laat")
    assert refs["offered"] in page.inner_text("#aanbod-verlopen")
    assert "Carla" in page.inner_text("#bezetting")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "wider than the screen"
    shoot(page, "41-vandaag-regiomanager-phone")
    carla = page.locator("#bezetting a", has_text="Carla")
    assert "/zaken?coordinator=" in carla.get_attribute("href")
    page.goto(live_server + carla.get_attribute("href"))
    assert refs["coming"] in page.inner_text("main")
    context.close()
