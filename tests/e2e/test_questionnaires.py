"""A family member fills in the questionnaire on a phone; the coordinator sees it in the meeting's results, and
it counts in the yearly figures."""

import os
from pathlib import Path

import pytest
from sqlmodel import Session

from storage import questionnaires as store
from tests.conftest import units_of_work
from tests.e2e.user_actions import log_in
from tests.integration.test_questionnaires import MEETING
from tests.walks import offered_case
from workflow import questionnaires as qn
from workflow.usecases import advance

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
KEY = os.environ["KRING_SECRET_KEY"]
# What the two other relatives answer: the same as the one on the phone, so the figures stay easy to check.
SAME_VIEW = {"relatie": "oom_tante", "kon_vragen": "ja", "cijfer_conferentie": "8", "cijfer_plan": "7"}
PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "nl-NL", "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def held_case(engine, clock, people) -> int:
    manager, coordinator = people.team("rm@x.nl", "carla@x.nl")
    uow = units_of_work(engine, clock)
    case = offered_case(uow, manager, coordinator)
    for trigger, data in [
        ("accept_match", {}),
        ("start_activation", {"informatief_gesprek_datum": "2026-03-02"}),
        ("plan_meeting", {"datum": "2026-03-02", "locatie": "Buurthuis of wijkcentrum", "uitgenodigd": 5}),
        ("hold_meeting", MEETING),
    ]:
        advance(uow(), case.id, trigger, coordinator, None, "", data)
    return case.id


def screen(page, name: str, selector: str | None = None) -> None:
    """One phone screen (not the whole page), scrolled to `selector`: what a person actually sees."""
    ARTIFACTS.mkdir(exist_ok=True)
    if selector:
        page.locator(selector).scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -20)")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.mark.e2e
def test_fill_in_on_a_phone_and_see_it_in_the_results(phone, live_server, engine, clock, people, shoot):
    case_id = held_case(engine, clock, people)
    with Session(engine) as session:
        link = next(link for link in store.links_for_case(session, case_id) if link.form == qn.ADULTS)
    token = store.link_token(link, key=os.environ["KRING_SECRET_KEY"])
    page = phone

    page.goto(f"{live_server}/v/{token}")
    assert page.locator("h1").inner_text() == "Wat vond u van de Eigen Kracht-conferentie?"
    shoot(page, "vragenlijst-01-formulier-telefoon")
    screen(page, "vragenlijst-01a-scherm-begin")
    # Sent empty: the form comes back with a clear message at the top.
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_load_state()
    assert "Beantwoord minstens één vraag" in page.inner_text("main")
    screen(page, "vragenlijst-01d-scherm-fout")
    page.get_by_text("Oom of tante", exact=True).click()
    page.get_by_text("41-60", exact=True).click()
    page.locator("#vraag-doel_duidelijk").get_by_text("ja", exact=True).click()
    # By keyboard: focus a choice and select it with the space bar.
    page.focus('input[name="kon_vragen"][value="ja"]')
    page.keyboard.press("Space")
    page.locator("#vraag-kon_zeggen").get_by_text("gedeeltelijk", exact=True).click()
    page.locator("#vraag-cijfer_conferentie").get_by_text("8", exact=True).click()
    page.get_by_label("Waarom dit cijfer?").first.fill("Iedereen kwam aan het woord.")
    page.locator("#vraag-cijfer_plan").get_by_text("7", exact=True).click()
    page.get_by_label("Heeft u nog een opmerking of een tip voor ons?").fill("Graag vaker zo.")
    assert page.locator('input[name="kon_vragen"][value="ja"]').is_checked()
    screen(page, "vragenlijst-01b-scherm-cijfer", "#vraag-cijfer_conferentie")
    screen(page, "vragenlijst-01c-scherm-einde", "button.send")
    # A person takes more than a few seconds: the form refuses a submission faster than that.
    clock.advance(seconds=90)
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_url("**/v/bedankt")
    assert "Bedankt!" in page.inner_text("main") and "Graag vaker zo" not in page.content()
    shoot(page, "vragenlijst-02-bedankt-telefoon")

    page.goto(f"{live_server}/v/{token[:-3]}abc")
    assert "Deze link klopt niet" in page.inner_text("main")
    shoot(page, "vragenlijst-03-onbekende-link-telefoon")

    log_in(page, live_server, "carla@x.nl")
    page.wait_for_url("**/vandaag")
    page.goto(f"{live_server}/zaken/{case_id}")
    page.get_by_role("link", name="Vragenlijsten: links, QR-codes en resultaten").click()
    page.wait_for_url(f"**/zaken/{case_id}/vragenlijsten")
    # One answer shows nothing of what was answered: the coordinator knows who came.
    alone = page.inner_text("section.qn-meeting")
    assert "Nog te weinig antwoorden (1 van minimaal 3) om resultaten te tonen" in alone
    assert "Graag vaker zo." not in alone and "8.0" not in alone
    shoot(page, "vragenlijst-03a-te-weinig-telefoon")
    for number in (1, 2):  # two more relatives answer (on their own phones)
        answers = qn.validate(qn.question_set(qn.ADULTS), SAME_VIEW)
        store.submit(engine, link.id, answers, f"10.9.0.{number}", f"nonce-{number}", clock.now(), key=KEY)
    page.reload()
    results = page.inner_text("section.qn-meeting")
    assert "3 ingevuld" in results
    grade = page.locator("section.qn-meeting tr", has_text="Welk cijfer geeft u de conferentie als geheel?")
    assert grade.locator("td").nth(1).inner_text() == "8"  # the mean, in Dutch notation (no "8.0")
    assert "8: Iedereen kwam aan het woord." in results and "Graag vaker zo." in results
    assert page.locator("svg.qr").count() == 3
    page.fill(f"#uitgedeeld-{link.id}", "3")
    page.locator(f"#link-{link.id} form.qn-count button").click()
    page.wait_for_load_state()
    assert "(100% respons)" in page.inner_text("section.qn-meeting")
    shoot(page, "vragenlijst-04-coordinator-telefoon")
    screen(page, "vragenlijst-04a-scherm-coordinator")
    screen(page, "vragenlijst-04b-scherm-resultaten", ".qn-results")
    page.set_viewport_size({"width": 1280, "height": 900})
    shoot(page, "vragenlijst-05-coordinator-desktop")
    page.goto(f"{live_server}/zaken/{case_id}/vragenlijsten/1/blad")
    shoot(page, "vragenlijst-06-blad")

    with Session(engine) as session:
        year = store.questionnaire_results(session, 2026)
    adults = year.groups[qn.ADULTS]
    assert adults.responses == 3 and adults.grades["cijfer_conferentie"].mean == 8.0
    assert adults.grades_by_subgroup["Familieleden"]["cijfer_plan"] == 7.0
    assert adults.scales["kon_vragen"].percentages["ja"] == 100.0 and adults.response_rate == 100.0
