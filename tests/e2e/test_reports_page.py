"""The reports page in Chromium: filters, charts and tables render; a bar links to its cases; screenshot."""

import pytest

from storage.registrations import dump_line, import_lines
from storage.uow import SqlUnitOfWork
from tests.e2e.user_actions import log_in
from tests.unit.jaarcijfers_2022 import records_2022
from web.bootstrap import bootstrap
from workflow.clock import SystemClock
from workflow.phases import Role

pytestmark = pytest.mark.e2e


def test_reports_page(live_server, page, people, engine, shoot):
    with SqlUnitOfWork(engine, SystemClock(), bootstrap()) as uow:
        import_lines(uow, [dump_line(r) for r in records_2022()[:146]])
        uow.commit()
    people.make(Role.ADMIN, "bureau@kring.test", regions=())
    log_in(page, live_server, "bureau@kring.test")
    page.click("text=Rapportage")
    page.fill("#jaar", "2022")
    page.click("text=Toon cijfers")
    page.wait_for_selector("#T3")
    assert page.locator("figure.chart svg").count() == 4
    path = shoot(page, "reports-page")
    page.screenshot(path=str(path.with_name("reports-page-top.png")))  # the first screen: figures and charts
    page.locator("figure.chart").first.scroll_into_view_if_needed()
    page.screenshot(path=str(path.with_name("reports-page-charts.png")))
    page.locator("figure.chart a").first.click()
    assert "geteld" in page.inner_text("main")
