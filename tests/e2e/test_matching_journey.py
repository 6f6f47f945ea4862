"""Matching in the browser: the regiomanager offers from the ranked list, A declines with a reason, the case
goes to B, the unanswered offer alerts the regiomanager after two days, B accepts; all of it in the history."""

import datetime as dt

import pytest
from sqlmodel import Session

from storage.models import Coordinator
from storage.uow import SqlUnitOfWork
from tests.e2e.user_actions import history, log_in, log_out
from tests.walks import INTAKE
from web.bootstrap import bootstrap
from workflow.phases import Role
from workflow.usecases import create_application


@pytest.mark.e2e
def test_offer_decline_reoffer_deadline_alert_accept(page, live_server, engine, clock, people, shoot):
    base = live_server
    _, manager = people.make(Role.REGIOMANAGER, "rm@x.nl")
    _, anna = people.make(Role.COORDINATOR, "anna@x.nl")
    _, bert = people.make(Role.COORDINATOR, "bert@x.nl")
    with Session(engine) as session:  # Anna speaks the wished language, so she ranks first
        session.get(Coordinator, anna.coordinator_id).languages = ["Arabisch", "Nederlands"]
        session.get(Coordinator, bert.coordinator_id).languages = ["Turks"]
        session.commit()
    case = create_application(
        SqlUnitOfWork(engine, clock, bootstrap()),
        {**INTAKE, "wensen_coordinator": {"talen": "Arabisch", "geslacht": "vrouw"}},
        manager,
    )

    # The regiomanager finds a coordinator from the case page and offers the case to the first in the list.
    log_in(page, base, "rm@x.nl")
    page.wait_for_url("**/vandaag")
    page.goto(f"{base}/zaken/{case.id}")
    page.click("text=Coördinator zoeken")
    page.wait_for_url(f"**/zaken/{case.id}/matchen")
    first = page.locator("li.match").first
    assert "Anna" in first.inner_text() and "spreekt Arabisch ✓" in first.inner_text()
    shoot(page, "30-matchen")
    first.locator("button:has-text('Aanbieden')").click()
    page.wait_for_load_state()
    assert "De zaak is aangeboden aan Anna" in page.inner_text("main")
    shoot(page, "31-matchen-aangeboden")
    log_out(page)

    # Anna declines, with a reason; an empty reason is refused first.
    log_in(page, base, "anna@x.nl")
    page.wait_for_url("**/vandaag")
    page.goto(f"{base}/mijn-zaken")
    shoot(page, "32-mijn-zaken-aanbod")
    offer_row = page.locator("section.offers tr", has_text=case.ref)
    offer_row.locator("details.decline summary").click()
    offer_row.locator("textarea[name=reden]").fill("Ik ben de komende weken vol.")
    offer_row.locator("button:has-text('Aanbod afwijzen')").click()
    page.wait_for_url("**/mijn-zaken")
    assert f"U heeft het aanbod van zaak {case.ref} afgewezen" in page.inner_text("main")
    assert case.ref not in page.inner_text("main").replace(f"zaak {case.ref} afgewezen", "")
    log_out(page)

    # The regiomanager sees the decline and offers to Bert.
    log_in(page, base, "rm@x.nl")
    page.goto(f"{base}/zaken/{case.id}/matchen")
    assert "Ik ben de komende weken vol." in page.inner_text("main")
    page.locator("li.match", has_text="Bert").locator("button:has-text('Aanbieden')").click()
    page.wait_for_load_state()
    assert "De zaak is aangeboden aan Bert" in page.inner_text("main")

    # Two days pass without an answer: the regiomanager gets the task.
    page.goto(f"{base}/taken")
    assert "Aanbod niet beantwoord" not in page.inner_text("main")
    log_out(page)
    clock.advance(days=2, minutes=1)
    log_in(page, base, "rm@x.nl")
    page.goto(f"{base}/taken")
    task = page.locator("section.task", has_text="Aanbod niet beantwoord")
    group = page.locator(".task-group", has=task)
    assert task.count() == 1 and case.ref in group.inner_text()
    shoot(page, "33-taken-aanbod-niet-beantwoord")
    log_out(page)

    # Bert accepts from Mijn zaken: the case moves to informatief gesprek.
    log_in(page, base, "bert@x.nl")
    page.wait_for_url("**/vandaag")
    page.goto(f"{base}/mijn-zaken")
    page.locator("section.offers tr", has_text=case.ref).locator("button:has-text('Aannemen')").click()
    page.wait_for_url(f"**/zaken/{case.id}")
    assert "U heeft het aanbod aangenomen" in page.inner_text("main")
    assert page.locator("ol.phases li.current").inner_text() == "Informatief gesprek"
    steps = history(page)
    for line in (
        "Aanmelding ontvangen",
        "Aangeboden aan Anna",
        "Ik ben de komende weken vol.",
        "Aangeboden aan Bert",
        "Match accepteren",
        "Aanmelding → Informatief gesprek",
    ):
        assert line in steps, line
    shoot(page, "34-case-geaccepteerd")
    page.goto(f"{base}/mijn-profiel")
    shoot(page, "35-mijn-profiel")
    log_out(page)

    # The task is gone once the offer is answered.
    log_in(page, base, "rm@x.nl")
    page.goto(f"{base}/taken")
    assert "Aanbod niet beantwoord" not in page.inner_text("main")
    page.goto(f"{base}/inbox")
    shoot(page, "36-inbox-doorlooptijden")
    assert clock.now() > dt.datetime(2026, 3, 4, 9, tzinfo=dt.UTC)
