"""Follow-up tasks in the browser: the task appears when the clock passes its due moment, the coordinator
records the call, and the regiomanager sees the escalation when a call is late."""

import datetime as dt

import pytest

from tests import walks
from tests.e2e.user_actions import log_in, log_out
from tests.walks import DUE


@pytest.mark.e2e
def test_task_appears_when_due_and_the_call_is_recorded(page, live_server, engine, clock, people, shoot):
    clock.set(dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC))
    mine, other = walks.two_cases_in_nazorg(engine, clock, people)
    clock.set(DUE - dt.timedelta(minutes=1))
    log_in(page, live_server, "carla@x.nl")
    page.goto(f"{live_server}/taken")
    assert "Er staan geen taken voor u klaar" in page.inner_text("main")

    clock.set(DUE + dt.timedelta(minutes=1))
    page.reload()
    task = page.locator("section.task")
    assert task.count() == 1 and "Follow-up gesprek met de hoofdpersoon" in task.inner_text()
    assert mine.ref in page.locator(".task-group").inner_text() and other.ref not in page.inner_text("main")
    shoot(page, "20-taken-coordinator")
    task.locator("button[type=submit]").click()
    assert "kies een van de mogelijkheden" in page.inner_text("main") or "vul dit in" in page.inner_text("main")
    task = page.locator("section.task")
    task.locator("select").select_option("positief")
    task.locator("textarea").fill("Oma haalt de kinderen op, het loopt goed.")
    task.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Taak afgerond" in page.inner_text("main")
    assert page.locator("section.task").count() == 0
    page.goto(f"{live_server}/zaken/{mine.id}")
    assert "positief" in page.inner_text("main")
    log_out(page)

    clock.set(DUE + dt.timedelta(days=7, minutes=1))
    log_in(page, live_server, "rm@x.nl")
    page.goto(f"{live_server}/taken")
    text = page.inner_text("main")
    shoot(page, "21-taken-regiomanager")
    escalations = page.locator("section.task.late")
    late_case = page.locator(".task-group", has=escalations)
    assert escalations.count() == 1 and other.ref in late_case.inner_text(), "only the case without a call"
    assert "Follow-up gesprek met de aanmelder" in text
