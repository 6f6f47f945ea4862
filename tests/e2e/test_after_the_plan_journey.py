"""After the plan, in Chromium (issue #16): a compulsory case with two conditions; the plan answers both but is
not accepted, so a vervolgconferentie follows and its plan is accepted; the plan goes to three participants
by mail (a wrong code is refused, the right one answers the PDF); the four-week call marks the agreements; the
three-month check says "partly / better / vervolg nodig", which becomes the regiomanager's task; the case
closes. Screenshots at 1366 px and at 390 px."""

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.conftest import units_of_work
from tests.e2e.test_plan_sharing import mail_and_server  # noqa: F401  (the fixture: SMTP sink + live app)
from tests.e2e.user_actions import history, log_in, take_step
from tests.registration_fill import PLAN, fill_registration
from workflow.phases import Role
from workflow.recording import record_registration

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
CONDITIONS = "Sam slaapt elke nacht thuis of bij oma\nGeen alcohol in huis als Sam er is"
NETWORK = [
    {"naam": "Oma Els", "relatie": "Grootouders", "status": "aanwezig"},
    {"naam": "Oom Karim", "relatie": "Ooms/tantes", "status": "aanwezig"},
    {"naam": "Buurvrouw Ans", "relatie": "Overig sociaal netwerk", "status": "aanwezig"},
]
AGREEMENTS = [
    {
        "wie": "Oma Els",
        "wie_soort": "netwerk",
        "wat": "Sam slaapt bij oma als het thuis misgaat",
        "wanneer": "2026-05-01",
    },
    {
        "wie": "Oom Karim",
        "wie_soort": "netwerk",
        "wat": "haalt Sam elke dinsdag op van school",
        "wanneer": "2026-05-01",
    },
]

HELD = {"duur_totaal_uur": 4, "duur_besloten_uur": "1.5", "aanwezigen[Ouders]": 2, "uitgenodigd_niet_aanwezig": 0}


def both_widths(page, shoot, name):
    """Screenshot the page at laptop and at phone width; nothing may be wider than the phone's screen."""
    shoot(page, f"na-plan-{name}-1366")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    shoot(page, f"na-plan-{name}-390")
    page.set_viewport_size(LAPTOP)


def back_to(page, base, email, url):
    """Log in afresh as `email` (another user, or the clock jumped past the idle session) and open `url`."""
    page.context.clear_cookies()
    log_in(page, base, email)
    page.wait_for_url("**/vandaag")
    page.goto(url)


def decide(page, decision, reason="", answers=("", "")):
    fill = {"besluit_door": "Petra Jeugdbescherming", "besluit_datum": "", "reden": reason}
    fill |= {f"voorwaarden_antwoord-{i}-antwoord": text for i, text in enumerate(answers)}
    action = page.locator("#actie-record_plan_decision")
    if action.get_attribute("open") is None:
        action.locator("summary").click()
    action.locator('select[name="besluit"]').select_option(decision)
    for name, value in fill.items():
        if value:
            action.locator(f'[name="{name}"]').fill(value)
    action.locator("button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.e2e
def test_after_the_plan(browser, mail_and_server, people, engine, clock, shoot):  # noqa: F811
    inbox, app, base = mail_and_server
    people.make(Role.REGIOMANAGER, "rm@x.nl")
    _, carla = people.make(Role.COORDINATOR, "carla@x.nl")
    page = browser.new_context(viewport=LAPTOP, locale="nl-NL").new_page()
    page.set_default_timeout(15_000)

    # 1. The regiomanager registers a compulsory case with two conditions and offers it to Carla.
    log_in(page, base, "rm@x.nl")
    page.wait_for_url("**/vandaag")
    page.goto(f"{base}/aanmelding/nieuw")
    page.fill("#intake-gemeente", "Amsterdam")
    page.select_option("#intake-type_aanmelder", "Organisatie")
    page.select_option("#intake-type_organisatie", index=1)
    page.fill("#intake-aanmelder_naam", "Petra Jeugdbescherming")
    page.fill("#intake-vraag", "Hoe blijft Sam veilig thuis wonen?")
    page.check("#intake-gedwongen_kader")
    page.fill("#intake-voorwaarden", CONDITIONS)
    page.fill("#intake-voorwaarden_gesteld_door", "Petra Jeugdbescherming")
    page.fill("#p-hoofdpersonen-0-naam", "Sam")
    page.select_option("#p-hoofdpersonen-0-soort", "minderjarig")
    page.click("form.intake button[type=submit]")
    page.wait_for_url("**/zaken/*")
    case_url = page.url
    case_id = int(case_url.rsplit("/", 1)[1])
    main = page.inner_text("main")
    assert "Sam slaapt elke nacht thuis of bij oma" in main and "Geen alcohol in huis" in main
    page.select_option("#coordinator_id", label="Carla")
    page.click("form.offer-form button[type=submit]")
    both_widths(page, shoot, "01-voorwaarden")

    # 2. Carla takes the case to its meeting; the professional's decision is left open there.
    back_to(page, base, "carla@x.nl", case_url)
    take_step(page, "accept_match")
    clock.advance(days=2)
    back_to(page, base, "carla@x.nl", case_url)
    take_step(page, "start_activation", fill={"informatief_gesprek_datum": "2026-03-03"})
    take_step(
        page, "plan_meeting", fill={"datum": "2026-03-20", "uitgenodigd": 9}, select={"locatie": "Bij deelnemers thuis"}
    )
    clock.set(dt.datetime(2026, 3, 21, 9, 0, tzinfo=dt.UTC))
    back_to(page, base, "carla@x.nl", case_url)
    take_step(
        page,
        "hold_meeting",
        fill={**HELD, "aanwezigen[Grootouders]": 2},
        select={"dagdeel": "Overdag", "vorm": "fysiek", "acceptatie_professional": "nog af te stemmen"},
    )
    assert "Formele bijeenkomst → Nazorg" in history(page)
    assert "Besluit staat open" in page.inner_text("main")

    # 3. The plan answers both conditions, but the professional does not accept it: a vervolgconferentie.
    decide(page, "niet geaccepteerd", "De opvang bij oma is niet geregeld", ("Bij oma", "Vader drinkt niet meer"))
    assert "niet geaccepteerd" in page.inner_text("main").lower()
    both_widths(page, shoot, "02-niet-geaccepteerd")
    take_step(page, "plan_not_accepted_follow_up", fill={"reden": "Het plan moet de opvang regelen"})
    assert "Nazorg → Vervolgconferentie" in history(page)

    # 4. The vervolgconferentie makes a second plan, which is accepted.
    clock.set(dt.datetime(2026, 4, 3, 9, 0, tzinfo=dt.UTC))
    back_to(page, base, "carla@x.nl", case_url)
    take_step(
        page,
        "hold_follow_up_conference",
        fill={**HELD, "datum": "2026-04-02"},
        select={
            "locatie": "Bij deelnemers thuis",
            "dagdeel": "Overdag",
            "vorm": "fysiek",
            "acceptatie_professional": "nog af te stemmen",
        },
    )
    assert "Vervolgconferentie → Nazorg" in history(page)
    decide(page, "geaccepteerd", answers=("Sam slaapt bij oma als het misgaat", "Afspraak met de huisarts"))
    decisions = page.inner_text("main").lower()
    assert "geaccepteerd" in decisions and "besluit staat open" not in decisions
    both_widths(page, shoot, "03-geaccepteerd")

    # The registration and the plan's agreements (the registration page has its own browser test).
    uow = units_of_work(engine, clock)
    fill_registration(uow, case_id, carla, sections=("zaak", "cijfers", "niet_doorgaan", "hoofdpersonen"))
    record_registration(uow(), case_id, carla, None, "netwerk", {"netwerk": NETWORK})
    plan = {**PLAN, "afspraken": AGREEMENTS, "acceptatie_professional": "direct geaccepteerd"}
    record_registration(uow(), case_id, carla, None, "plan", plan)

    # 5. The plan goes to three participants; each mail holds a link, never the plan or the code.
    page.goto(case_url)
    page.click("#plan-delen-link")
    for i, person in enumerate(NETWORK):
        page.check(f"input[name=r-{i}-kies]")
        page.fill(f"#r-{i}-email", f"{person['naam'].split()[1].lower()}@voorbeeld.nl")
    page.get_by_role("button", name="Plan versturen").click()
    rows = page.locator("table.codes tbody tr").all()
    codes = {row.locator("td").first.inner_text(): row.locator(".one-time-code").inner_text() for row in rows}
    assert set(codes) == {person["naam"] for person in NETWORK}
    assert all(re.fullmatch(r"\d{6}", code) for code in codes.values())
    both_widths(page, shoot, "04-plan-verstuurd")
    app.extensions["kring.outbox"].flush()
    mails = {mail["To"]: mail.get_content() for mail in inbox.arrived}
    assert set(mails) == {"els@voorbeeld.nl", "karim@voorbeeld.nl", "ans@voorbeeld.nl"}
    body = mails["els@voorbeeld.nl"]
    assert AGREEMENTS[0]["wat"] not in body and not any(code in body for code in codes.values())
    (link,) = re.findall(r"http://placeholder(/plan/\S+)", body)
    stranger = browser.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True).new_page()
    stranger.goto(f"{base}{link}")
    stranger.fill("#code", codes["Oom Karim"] if codes["Oom Karim"] != codes["Oma Els"] else "000000")
    stranger.get_by_role("button", name="Plan openen").click()
    assert "Deze code klopt niet" in stranger.inner_text("main")  # another recipient's code does not open it
    shoot(stranger, "na-plan-05-verkeerde-code-390")
    stranger.fill("#code", codes["Oma Els"])
    with stranger.expect_download() as download:
        stranger.get_by_role("button", name="Plan openen").click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"

    # 6. The four-week call marks each agreement.
    clock.set(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC))
    back_to(page, base, "carla@x.nl", f"{base}/taken")
    call = page.locator("section.task", has=page.locator("h3", has_text="Follow-up gesprek met de hoofdpersoon"))
    call.locator('select[name$="-uitkomst"]').select_option("positief")
    call.locator('select[name$="-markering_0"]').select_option("nagekomen")
    call.locator('select[name$="-markering_1"]').select_option("deels nagekomen")
    both_widths(page, shoot, "06-vierwekengesprek")
    call.get_by_role("button", name="Gesprek vastleggen").click()
    page.wait_for_load_state()
    page.goto(case_url)
    agreements = page.inner_text("main")
    assert "nagekomen" in agreements and "deels nagekomen" in agreements

    # 7. At three months: partly carried out, better, a vervolgconferentie needed.
    clock.set(dt.datetime(2026, 7, 3, 9, 0, tzinfo=dt.UTC))
    back_to(page, base, "carla@x.nl", f"{base}/zaken/{case_id}/driemaandencontact")
    page.select_option("#dm-bereikt", "ja")
    page.fill("#dm-datum", "2026-07-02")
    page.select_option('[name="gesprekken-0-respondent"]', "volwassen hoofdpersoon")
    page.select_option('[name="gesprekken-0-plan_uitgevoerd"]', "ten dele uitgevoerd")
    page.select_option('[name="gesprekken-0-afspraken_uitgevoerd"]', "meer dan de helft")
    page.select_option('[name="gesprekken-0-situatie"]', "verbeterd")
    page.select_option('[name="markering_0"]', "nagekomen")
    page.select_option('[name="markering_1"]', "niet nagekomen")
    page.check("#dm-vervolg_nodig")
    both_widths(page, shoot, "07-driemaanden")
    page.get_by_role("button", name="Driemaandencontact vastleggen").click()
    page.wait_for_url(case_url)

    back_to(page, base, "rm@x.nl", f"{base}/taken")
    task = page.locator("section.task", has=page.locator("h3", has_text="Vervolgconferentie nodig: beslissen"))
    assert task.count() == 1
    both_widths(page, shoot, "08-taak-regiomanager")
    task.locator("textarea, input[type=text]").first.fill("Het netwerk pakt het zelf op met oma als spil")
    task.get_by_role("button", name="Geen vervolgconferentie").click()
    page.wait_for_load_state()
    assert task.count() == 0 and "Taak afgerond." in page.inner_text("main")

    # 8. The case closes.
    back_to(page, base, "carla@x.nl", case_url)
    take_step(page, "close", select={"uitkomst": "plan"})
    assert "Zaak afsluiten: gelukt." in page.inner_text("main")
    assert "Nazorg → Afgesloten" in history(page)
    both_widths(page, shoot, "09-afgesloten")
