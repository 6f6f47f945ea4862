"""Forms never lose work, in the browser: two sections edited and saved with one button keep both changes; a
page with unsaved changes asks before it is left (beforeunload), a save does not; at phone and laptop size."""

import datetime as dt

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_registration import planned_case
from tests.e2e.user_actions import log_in, take_step

SIZES = {"telefoon": (390, 844), "laptop": (1366, 900)}


@pytest.mark.e2e
@pytest.mark.parametrize("size", SIZES)
def test_edit_two_sections_save_once_and_leaving_unsaved_asks_first(browser, live_server, engine, clock, shoot, size):
    case_id = planned_case(engine, clock)
    clock.set(dt.datetime(2026, 3, 11, 9, 0, tzinfo=dt.UTC))
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL", is_mobile=width < 600)
    page = context.new_page()
    page.set_default_timeout(10_000)
    dialogs = []

    def answer(dialog, stay=True):
        dialogs.append(dialog.type)
        dialog.dismiss() if stay else dialog.accept()

    page.on("dialog", answer)
    log_in(page, live_server, "carla@x.nl")
    page.wait_for_url("**/vandaag")  # every role starts on Vandaag
    page.goto(f"{live_server}/zaken/{case_id}")
    take_step(
        page,
        "hold_meeting",
        fill={
            "duur_totaal_uur": 4,
            "duur_besloten_uur": "1.5",
            "aanwezigen[Ouders]": 1,
            "aanwezigen[Grootouders]": 1,
            "uitgenodigd_niet_aanwezig": 1,
        },
        select={"dagdeel": "'s Avonds", "vorm": "hybride"},
    )
    assert page.locator("ol.phases li.current").inner_text() == "Nazorg"
    page.goto(f"{live_server}/zaken/{case_id}/registratie")
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, "no sideways scrolling"

    # The scenario: tick a problem in one section, change a main person's gender in another.
    page.check("#zaak [value='Huisvestingsproblemen']")
    page.select_option("#p-hoofdpersonen-0-geslacht", "meisje")
    assert "Niet opgeslagen" in page.inner_text(".save-bar")
    shoot(page, f"forms-01-gewijzigd-{size}")

    # Leaving now asks first; staying keeps the page and everything typed.
    page.click("text=← Terug naar de zaak")
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"], dialogs
    assert page.url.endswith("/registratie") and page.is_checked("#zaak [value='Huisvestingsproblemen']")

    # One save keeps both changes, and asks nothing.
    page.click("#registratie-opslaan")
    page.wait_for_load_state()
    assert "Registratie opgeslagen." in page.inner_text("main") and dialogs == ["beforeunload"]
    page.reload()
    assert page.is_checked("#zaak [value='Huisvestingsproblemen']")
    assert page.eval_on_selector("#p-hoofdpersonen-0-geslacht", "e => e.value") == "meisje"
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    shoot(page, f"forms-02-opgeslagen-{size}")

    # "Nog nodig" follows the outcome chosen above it, without a click on Toon.
    sent = "leg vast aan wie en wanneer het plan is verstuurd"
    assert sent in page.locator("#checklist").inner_text()
    page.select_option("#uitkomst", "geen_plan")
    page.wait_for_function("text => !document.querySelector('#checklist').innerText.includes(text)", arg=sent)
    assert "kies de uitkomst" not in page.locator("#checklist").inner_text()
    assert page.locator("#checklist a").first.get_attribute("href").startswith("#")
    assert dialogs == ["beforeunload"], "choosing an outcome to look at is not unsaved work"

    # A refusal in one section keeps what was typed in another, and the page counts as unsaved.
    page.check("#zaak [value='Anders']")  # without its description
    page.fill("#cijfers-cijfer_samenwerking_aanmelder", "8")
    page.click("#registratie-opslaan")
    page.wait_for_load_state()
    assert "beschrijf het andere achtergrondprobleem" in page.inner_text("#zaak")
    assert page.input_value("#cijfers-cijfer_samenwerking_aanmelder") == "8"
    assert page.locator("#fouten a").count() == 1
    page.click("#fouten a")
    page.wait_for_timeout(200)
    page.screenshot(path=str(ARTIFACTS / f"forms-03-geweigerd-{size}-scherm.png"))  # what the user sees
    full = shoot(page, f"forms-03-geweigerd-{size}")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(full.with_name(f"forms-03-geweigerd-{size}-boven.png")))
    page.click("text=← Terug naar de zaak")
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload", "beforeunload"] and "/registratie" in page.url

    # The closing checklist follows the chosen outcome, with links.
    page.remove_listener("dialog", answer)
    page.on("dialog", lambda dialog: answer(dialog, stay=False))
    page.goto(f"{live_server}/zaken/{case_id}")
    close = page.locator("#actie-close")
    if close.get_attribute("open") is None:
        close.locator("summary").click()
    assert "kies de uitkomst" not in close.inner_text()
    before = page.locator("#checklist-close li").all_inner_texts()
    page.select_option("#actie-close select[name='uitkomst']", "geen_plan")
    page.wait_for_function(
        "before => JSON.stringify([...document.querySelectorAll('#checklist-close li')].map(e => e.innerText))"
        " !== JSON.stringify(before)",
        arg=before,
    )
    after = page.locator("#checklist-close li").all_inner_texts()
    assert after and after != before and "kies de uitkomst" not in " ".join(after)
    assert page.locator("#checklist-close a").first.get_attribute("href").startswith(f"/zaken/{case_id}")
    shoot(page, f"forms-04-afsluiten-{size}")
    context.close()
