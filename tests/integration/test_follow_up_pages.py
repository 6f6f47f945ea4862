"""After the meeting: the planned follow-up date on the case page and in "Mijn zaken", the right next step
in nazorg, and a task page grouped by case with one badge for one fact (SQLite and PostgreSQL)."""

import datetime as dt
import re

from sqlmodel import Session, select

from storage.reminders import Reminder
from tests.conftest import PASSWORD, make_app
from tests.walks import DUE
from workflow.clock import FrozenClock
from workflow.tasks import complete_task

AFTER_MEETING = dt.datetime(2026, 3, 3, 10, 0, tzinfo=dt.UTC)


def browser(engine, email, moment):
    client = make_app(engine, FrozenClock(moment)).test_client()
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return client


def test_the_case_page_shows_the_planned_follow_up_date(held):
    engine, _uow, case_id, *_ = held
    html = browser(engine, "co@kring.test", AFTER_MEETING).get(f"/zaken/{case_id}").get_data(as_text=True)
    assert re.search(r'id="follow-up-date">gepland op 30-03-2026 09:00<', html)


def test_mijn_zaken_names_the_follow_up_call_not_a_vervolgconferentie(held):
    engine, uow, case_id, _manager, coordinator = held
    html = browser(engine, "co@kring.test", AFTER_MEETING).get("/mijn-zaken").get_data(as_text=True)
    assert "Follow-up gesprek" in html and "gepland op 30-03-2026" in html
    assert "Vervolgconferentie starten" not in html
    due = browser(engine, "co@kring.test", DUE).get("/mijn-zaken").get_data(as_text=True)
    assert "te doen sinds 30-03-2026" in due and 'href="/taken"' in due
    with Session(engine) as session:
        call = session.exec(select(Reminder).where(Reminder.kind == "follow_up_main_person")).one()
    complete_task(uow(), call.id, coordinator, {"uitkomst": "positief"})
    done = browser(engine, "co@kring.test", DUE).get("/mijn-zaken").get_data(as_text=True)
    assert "Zaak afsluiten" in done and "Vervolgconferentie starten" not in done


def test_the_task_page_groups_by_case_with_one_badge_for_one_fact(held):
    engine, *_ = held
    week_late = DUE + dt.timedelta(days=8)  # the referrer's call and the escalation, both on one case
    html = browser(engine, "rm@kring.test", week_late).get("/taken").get_data(as_text=True)
    assert html.count('class="task-group"') == 1
    assert "Follow-up gesprek met de aanmelder" in html and "Follow-up gesprek is te laat" in html
    assert "badge late" not in html, "the title already says late"
    assert "Te doen sinds" in html and "klaar sinds" not in html
