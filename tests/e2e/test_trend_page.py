"""Door de jaren in Chromium: three years of registrations, charts at laptop and phone width (no page wider
than the screen), a year's column leads to its registrations; screenshots."""

import pytest

from bench.synthetic_registrations import varied_records
from storage.registrations import dump_line, import_lines
from storage.uow import SqlUnitOfWork
from tests.e2e.user_actions import log_in
from web.bootstrap import bootstrap
from workflow.clock import SystemClock
from workflow.phases import Role

pytestmark = pytest.mark.e2e
WIDTHS = {"laptop": (1280, 900), "phone": (375, 740)}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_trend_page_at_laptop_and_phone_width(live_server, page, people, engine, shoot):
    records = [r for year, seed in ((2022, 1), (2023, 2), (2024, 3)) for r in varied_records(120, year, seed=seed)]
    with SqlUnitOfWork(engine, SystemClock(), bootstrap()) as uow:
        report = import_lines(uow, [dump_line(r) for r in records])
        assert not report.errors
        uow.commit()
    people.make(Role.ADMIN, "bureau@kring.test", regions=())
    log_in(page, live_server, "bureau@kring.test")
    page.goto(f"{live_server}/rapportage?jaar=2024")
    page.click("text=Door de jaren →")
    page.wait_for_selector("figure.trend-chart svg")
    assert page.locator("figure.trend-chart svg").count() == 3
    assert page.locator("figure.trend-chart svg rect").count() >= 3 * 3  # every year, its results stacked
    assert page.locator("figure.trend-chart svg circle").count() == 3 * 3  # a dot per year on three lines
    for year in ("2022", "2023", "2024"):
        assert year in page.inner_text("main")
    for name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server}/rapportage/door-de-jaren")
        assert fits(page), f"the trend page is wider than the {name} screen"
        shoot(page, f"trend-page-{name}")
        page.goto(f"{live_server}/rapportage/door-de-jaren/zaken?jaar=2023")
        assert fits(page), f"a year's registrations are wider than the {name} screen"
        shoot(page, f"trend-cases-{name}")
    page.goto(f"{live_server}/rapportage/door-de-jaren")
    page.locator("figure.trend-chart svg a").nth(1).click()  # the column of 2023
    page.wait_for_selector("h1:has-text('Registraties 2023')")
    assert "120 registraties met afsluitdatum in 2023" in page.inner_text("main")
