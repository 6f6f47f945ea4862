"""The registration through the browser: a meeting recorded, every section filled, closing refused while a
field is missing (and naming it), then closed; screenshots at laptop and phone size."""

import datetime as dt

import pytest

from tests.conftest import People, units_of_work
from tests.e2e.user_actions import log_in, take_step
from tests.walks import offered_case
from workflow.usecases import advance

INTAKE = {
    "gemeente": "Amsterdam",
    "type_aanmelder": "Organisatie",
    "type_organisatie": "Gemeente/sociaal wijkteam",
    "aanmelder": {"naam": "Ingrid Wijkteam"},
    "vraag": "Hoe kan Sam veilig thuis blijven?",
    "hoofdpersonen": [
        {"naam": "Sam", "soort": "minderjarig", "geslacht": "jongen"},
        {"naam": "Moeder", "soort": "volwassen", "geslacht": "vrouw"},
    ],
}


def planned_case(engine, clock):
    manager, carla = People(engine).team("rm@x.nl", "carla@x.nl")
    uow = units_of_work(engine, clock)
    case = offered_case(uow, manager, carla, INTAKE)
    advance(uow(), case.id, "accept_match", carla, None)
    advance(uow(), case.id, "start_activation", carla, None, "", {"informatief_gesprek_datum": "2026-03-02"})
    advance(
        uow(),
        case.id,
        "plan_meeting",
        carla,
        None,
        "",
        {"datum": "2026-03-10", "uitgenodigd": "6", "locatie": "Buurthuis of wijkcentrum"},
    )
    return case.id


def save(page, section):
    """Save the registration (one form: the button saves every section; `section` names what was typed)."""
    page.click("#registratie-opslaan")
    page.wait_for_load_state()
    assert "opgeslagen" in page.inner_text("main"), (section, page.inner_text("main")[:500])


@pytest.mark.e2e
def test_registration_walk_and_close(page, browser, live_server, engine, clock, shoot):
    case_id = planned_case(engine, clock)
    clock.set(dt.datetime(2026, 3, 11, 9, 0, tzinfo=dt.UTC))
    base = live_server
    log_in(page, base, "carla@x.nl")
    page.wait_for_url("**/vandaag")
    page.goto(f"{base}/zaken/{case_id}")
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

    # A follow-up call on the day of the meeting is refused, with the earliest plausible date.
    take_step(
        page,
        "close",
        fill={"follow_up_datum": "2026-03-11"},
        select={"uitkomst": "plan", "follow_up_uitkomst": "positief"},
    )
    assert "vroegst mogelijk is 24-3-2026" in page.inner_text("#actie-close")
    # Closing now is refused, and the checklist names what is missing, each item a link to its field.
    take_step(
        page, "close", fill={"follow_up_datum": ""}, select={"uitkomst": "plan", "follow_up_uitkomst": "positief"}
    )
    checklist = page.locator("#checklist-close")
    assert "achtergrondproblemen" in checklist.inner_text()
    assert "/registratie#zaak-achtergrondproblemen-veld" in checklist.inner_html()
    assert page.locator("ol.phases li.current").inner_text() == "Nazorg"

    page.click("#registratie-link")
    page.wait_for_url("**/registratie")
    assert "kies de genoemde achtergrondproblemen" in page.inner_text("#nog-nodig")
    shoot(page, "reg-01-leeg-laptop")

    page.check("#zaak [value='Huisvestingsproblemen']")
    page.check("#zaak [value='Anders']")
    page.click("#registratie-opslaan")  # "Anders" without a description is refused
    assert "beschrijf het andere achtergrondprobleem" in page.inner_text("main")
    page.fill("#zaak-achtergrondproblemen_anders", "Eenzaamheid")
    page.check("#zaak [value='Wonen (waar en bij wie)']")
    page.select_option("#zaak-professionele_hulp", "2-5 jaar")
    save(page, "zaak")

    page.fill("#p-hoofdpersonen-0-leeftijd", "7")
    page.check("#hoofdpersonen [name='hoofdpersonen-0-herkomst_ouders'][value='Surinaams']")
    page.select_option("#p-hoofdpersonen-0-verblijfplaats", "bij ouder(s)")
    page.fill("#p-hoofdpersonen-1-leeftijd", "34")
    page.select_option("#p-hoofdpersonen-1-culturele_achtergrond", "Surinaams")
    page.select_option("#p-hoofdpersonen-1-verblijfplaats", "zelfstandig")
    save(page, "hoofdpersonen")

    for index, (name, relation, status) in enumerate(
        [
            ("Oma Els", "Grootouders", "aanwezig"),
            ("Moeder", "Meerderjarige hoofdpersonen", "aanwezig"),
            ("Oom Ray", "Ooms/tantes", "afgezegd"),
        ]
    ):
        page.fill(f"#n-netwerk-{index}-naam", name)
        page.select_option(f"#n-netwerk-{index}-relatie", relation)
        page.select_option(f"#n-netwerk-{index}-status", status)
    page.fill("#netwerk-niet_samen", "Oom Ray en vader niet samen uitnodigen.")
    save(page, "netwerk")

    page.fill("#a-afspraken-0-wie", "Oma Els")
    page.fill("#a-afspraken-0-wat", "Haalt Sam op dinsdag en donderdag uit school")
    page.select_option("#a-afspraken-0-wie_soort", "netwerk")
    page.fill("#a-afspraken-0-wanneer", "2026-03-15")
    page.fill("#a-afspraken-0-evaluatie", "2026-04-15")
    for name, value in (
        ("evaluatieafspraken", "ja"),
        ("noodplan", "ja"),
        ("vraag_professionele_hulp", "nee"),
        ("acceptatie_professional", "niet nodig"),
    ):
        page.select_option(f"#plan-{name}", value)
    page.fill("#plan-verblijfplaatswijzigingen-1", "1")
    save(page, "plan")

    page.fill("#verstuurd-datum", "2026-03-11")
    save(page, "plan_verstuurd")
    page.fill("#cijfers-cijfer_samenwerking_aanmelder", "11")
    page.click("#registratie-opslaan")
    assert "maximaal 10" in page.inner_text("#cijfers")
    page.fill("#cijfers-cijfer_samenwerking_aanmelder", "7")
    page.fill("#cijfers-cijfer_samenwerking_regiomanager", "9")
    save(page, "cijfers")
    # the registration is complete; what closing still needs is the follow-up call and the three-month check,
    # on the case page
    assert page.locator("#nog-nodig li").all_inner_texts() == [
        "leg het follow-up gesprek vast (of: onbereikbaar) (op de zaakpagina)",
        "leg het driemaandencontact vast (of: niemand bereikbaar) (op de zaakpagina)",
    ]
    shoot(page, "reg-02-compleet-laptop")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL", is_mobile=True)
    small = phone.new_page()
    log_in(small, base, "carla@x.nl")
    small.wait_for_url("**/vandaag")
    small.goto(f"{base}/zaken/{case_id}/registratie")
    assert small.evaluate("document.documentElement.scrollWidth") <= 390 + 1, "no sideways scrolling on a phone"
    shoot(small, "reg-03-telefoon")
    small.screenshot(path=str(shoot(small, "reg-03-telefoon").with_name("reg-03-telefoon-scherm.png")))
    phone.close()

    page.goto(f"{base}/zaken/{case_id}/plan")
    assert "Haalt Sam op dinsdag" in page.inner_text("main") and "Oma Els" in page.inner_text("main")
    shoot(page, "reg-04-plan")

    page.goto(f"{base}/zaken/{case_id}")
    take_step(
        page,
        "close",
        select={"uitkomst": "plan", "follow_up_uitkomst": "positief"},
        check=("drie_maanden_onbereikbaar",),
    )
    assert "Zaak afsluiten: gelukt." in page.inner_text("main")
    assert page.locator("ol.phases li.current").inner_text() == "Afgesloten"
    shoot(page, "reg-05-afgesloten")
