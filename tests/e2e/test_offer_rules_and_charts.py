"""In Chromium: a full coordinator is marked in the case page's offer list and offered only with a reason, which
the history shows; while the offer is open the other buttons are disabled; the reports' chart labels are at
least 12 px on a 390 px phone."""

import pytest
from sqlmodel import Session

from storage.models import Coordinator
from storage.registrations import dump_line, import_lines
from storage.uow import SqlUnitOfWork
from tests.e2e.user_actions import history, log_in
from tests.unit.jaarcijfers_2022 import records_2022
from tests.walks import INTAKE
from web.bootstrap import bootstrap
from workflow.clock import SystemClock
from workflow.phases import Role
from workflow.usecases import create_application

pytestmark = pytest.mark.e2e
REASON = "Anna kent de familie al; zij neemt er deze zaak bij"


def test_offer_to_a_full_coordinator_needs_a_reason_and_blocks_other_offers(
    page, live_server, engine, clock, people, shoot
):
    _, manager = people.make(Role.REGIOMANAGER, "rm@x.nl")
    _, anna = people.make(Role.COORDINATOR, "anna@x.nl")
    people.make(Role.COORDINATOR, "bert@x.nl")
    with Session(engine) as session:
        session.get(Coordinator, anna.coordinator_id).capacity = 0  # no free place: matching excludes her
        session.commit()
    case = create_application(SqlUnitOfWork(engine, clock, bootstrap()), INTAKE, manager)
    log_in(page, live_server, "rm@x.nl")
    page.goto(f"{live_server}/zaken/{case.id}")
    option = page.locator("#coordinator_id option", has_text="Anna")
    assert "uitgesloten: geen plek vrij (0 van 0 bezet)" in option.inner_text()
    page.select_option("#coordinator_id", str(anna.coordinator_id))
    page.click("button:has-text('Aanbieden aan coördinator')")
    page.wait_for_load_state()
    assert "matching sluit Anna uit" in page.inner_text("main")
    shoot(page, "40-aanbod-uitgesloten-reden-gevraagd")
    page.fill("#override_reason", REASON)
    page.click("button:has-text('Aanbieden aan coördinator')")
    page.wait_for_url(f"**/zaken/{case.id}")
    assert REASON in history(page) and "ondanks uitsluiting door matching" in history(page)
    assert page.locator("button:has-text('Aanbieden aan coördinator')").is_disabled()
    assert "Er staat een aanbod open" in page.inner_text("main")
    page.goto(f"{live_server}/zaken/{case.id}/matchen")
    bert = page.locator("li.match", has_text="Bert")
    assert bert.locator("button:has-text('Aanbieden')").is_disabled()
    shoot(page, "41-matchen-aanbod-open")


def test_chart_labels_are_readable_on_a_phone(browser, live_server, engine, people, shoot):
    with SqlUnitOfWork(engine, SystemClock(), bootstrap()) as uow:
        import_lines(uow, [dump_line(r) for r in records_2022()[:146]])
        uow.commit()
    people.make(Role.ADMIN, "bureau@kring.test", regions=())
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    phone = context.new_page()
    try:
        log_in(phone, live_server, "bureau@kring.test")
        phone.goto(f"{live_server}/rapportage?jaar=2022")
        phone.locator("figure.chart").first.scroll_into_view_if_needed()
        shoot(phone, "42-rapportage-grafiek-telefoon")
        # the rendered height of one line of label text, in CSS pixels, for every chart
        heights = phone.evaluate(
            """() => [...document.querySelectorAll('svg .bar-label')].map(t => {
                 const svg = t.ownerSVGElement, scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                 return parseFloat(getComputedStyle(t).fontSize) * scale; })"""
        )
        assert heights and min(heights) >= 12, min(heights)
        right = phone.evaluate(
            "Math.max(...[...document.querySelectorAll('figure.chart svg')].map(s => s.getBoundingClientRect().right))"
        )
        assert right <= 390  # every chart fits the phone's width
    finally:
        context.close()
