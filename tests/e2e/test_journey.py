"""A case's whole life through the browser: intake, offer, match, activation, meeting, aftercare, closing."""

import datetime as dt

import pytest

from tests.conftest import units_of_work
from tests.e2e.user_actions import history, log_in, log_in_again, log_out, take_step
from tests.registration_fill import fill_registration
from workflow.phases import Role


@pytest.mark.e2e
def test_case_journey(page, live_server, people, clock, shoot, engine):
    people.make(Role.REGIOMANAGER, "rm@x.nl")
    _, carla = people.make(Role.COORDINATOR, "carla@x.nl")
    base = live_server

    # The regiomanager logs in, lands on the inbox and registers a new application.
    page.goto(f"{base}/login")
    shoot(page, "01-login")
    log_in(page, base, "rm@x.nl")
    page.wait_for_url("**/vandaag")
    page.goto(f"{base}/inbox")
    assert "Geen nieuwe aanmeldingen" in page.inner_text("main")
    page.click('main a.button:has-text("Nieuwe aanmelding")')
    page.wait_for_url("**/aanmelding/nieuw")
    page.fill("#intake-gemeente", "Amsterdam")
    page.select_option("#intake-type_aanmelder", "Organisatie")
    page.fill("#intake-aanmelder_naam", "Ingrid Wijkteam")
    page.fill("#intake-vraag", "Hoe zorgen we samen dat Sam veilig thuis kan blijven?")
    page.fill("#p-hoofdpersonen-0-naam", "Sam")
    page.select_option("#p-hoofdpersonen-0-soort", "minderjarig")
    page.click("form.intake button[type=submit]")
    # The organisation type is missing: the form comes back with the message and the user's input.
    assert "Type organisatie: kies het type organisatie" in page.inner_text("main")
    assert page.input_value("#intake-aanmelder_naam") == "Ingrid Wijkteam"
    shoot(page, "02-intake-errors")
    page.select_option("#intake-type_organisatie", index=1)
    page.click("form.intake button[type=submit]")
    page.wait_for_url("**/zaken/*")
    assert "Aanmelding EK-2026-0001 is aangemaakt." in page.inner_text("main")
    assert "Aanmelding ontvangen" in history(page)
    case_url = page.url

    page.goto(f"{base}/inbox")
    assert "EK-2026-0001" in page.inner_text("table.cases")
    shoot(page, "03-inbox")

    # ... and offers it to a coordinator.
    page.goto(case_url)
    page.select_option("#coordinator_id", label="Carla")
    page.click("form.offer-form button[type=submit]")
    assert "De zaak is aangeboden aan Carla." in page.inner_text("main")
    shoot(page, "04-case-aanmelding")
    log_out(page)

    # The coordinator sees the offer and accepts the match.
    log_in(page, base, "carla@x.nl")
    page.wait_for_url("**/vandaag")
    page.goto(f"{base}/mijn-zaken")
    assert "Aan u aangeboden" in page.inner_text("main")
    shoot(page, "05-mijn-zaken-offer")
    page.click("text=EK-2026-0001")
    take_step(page, "accept_match")
    assert "Match accepteren: gelukt." in page.inner_text("main")
    assert "Aanmelding → Informatief gesprek" in history(page)

    clock.advance(days=3)
    log_in_again(page, base, "carla@x.nl")
    take_step(page, "start_activation", fill={"informatief_gesprek_datum": "2026-03-04"})
    assert "Informatief gesprek → Verbinden en activeren" in history(page)

    # Planning asks date, place and invitations; a date in the future is fine here.
    take_step(
        page,
        "plan_meeting",
        fill={"datum": "2026-03-20", "adres": "Wijkcentrum De Kring", "uitgenodigd": 9},
        select={"locatie": "Buurthuis of wijkcentrum"},
    )
    assert "Verbinden en activeren → Formele bijeenkomst" in history(page)
    shoot(page, "06-case-formele-bijeenkomst")

    # The meeting can only be recorded once it happened: move the clock past it.
    clock.set(dt.datetime(2026, 3, 21, 9, 0, tzinfo=dt.UTC))
    log_in_again(page, base, "carla@x.nl")
    assert page.locator("#actie-hold_meeting").get_attribute("open") is not None  # the usual next step opens by itself
    shoot(page, "07a-action-form")
    take_step(
        page,
        "hold_meeting",
        fill={
            "duur_totaal_uur": 4,
            "duur_besloten_uur": "1.5",
            "aanwezigen[Ouders]": 2,
            "aanwezigen[Grootouders]": 2,
            "uitgenodigd_niet_aanwezig": 1,
        },
        select={"dagdeel": "Overdag", "vorm": "fysiek"},
    )
    assert "Formele bijeenkomst → Nazorg" in history(page)
    assert page.locator("ol.phases li.current").inner_text() == "Nazorg"
    shoot(page, "07-case-nazorg")

    # Closing from nazorg asks the outcome and the follow-up call (the registration is filled in elsewhere:
    # tests/e2e/test_registration.py walks it through the browser).
    fill_registration(units_of_work(engine, clock), int(case_url.rsplit("/", 1)[1]), carla)
    clock.set(dt.datetime(2026, 4, 20, 9, 0, tzinfo=dt.UTC))
    log_in_again(page, base, "carla@x.nl")
    take_step(
        page,
        "close",
        fill={"follow_up_datum": "2026-04-18"},
        select={"uitkomst": "plan", "follow_up_uitkomst": "positief"},
        check=("drie_maanden_onbereikbaar",),
    )
    assert "Zaak afsluiten: gelukt." in page.inner_text("main")
    steps = history(page)
    for label in (
        "Aanmelding ontvangen",
        "Match accepteren",
        "Start verbinden en activeren",
        "Bijeenkomst plannen",
        "Bijeenkomst gehouden, met plan",
        "Zaak afsluiten",
    ):
        assert label in steps
    assert "Nazorg → Afgesloten" in steps
    assert page.locator("ol.phases li.current").inner_text() == "Afgesloten"
    shoot(page, "08-case-afgesloten")

    page.goto(f"{base}/mijn-zaken")
    shoot(page, "09-mijn-zaken")
    log_out(page)
    log_in(page, base, "rm@x.nl")
    page.goto(f"{base}/zaken?fase=afgesloten")
    assert "EK-2026-0001" in page.inner_text("table.cases")
    shoot(page, "10-alle-zaken")
