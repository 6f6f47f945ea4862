"""The task list's form: missing, wrong and hostile values, and tasks of someone else."""

import datetime as dt

import pytest
from sqlmodel import Session, select

from storage.reminders import Reminder
from tests.walks import DUE, two_cases_in_nazorg


@pytest.fixture
def due_tasks(engine, clock, people, login):
    """carla@x.nl logged in an hour after her follow-up task fell due; her case, laat@x.nl's, and all tasks."""
    clock.set(dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC))
    cases = two_cases_in_nazorg(engine, clock, people)
    clock.set(DUE + dt.timedelta(hours=1))
    client = login("carla@x.nl")
    with Session(engine) as session:
        tasks = session.exec(select(Reminder).order_by(Reminder.id)).all()
    return client, cases, tasks, engine


def own_task(tasks, kind="follow_up_main_person", case=None):
    return next(t for t in tasks if t.kind == kind and (case is None or t.case_id == case.id))


@pytest.mark.parametrize(
    "form, message",
    [
        ({}, "vul dit in"),
        ({"uitkomst": "geweldig"}, "kies een van de mogelijkheden"),
        ({"uitkomst": "<script>alert(1)</script>"}, "kies een van de mogelijkheden"),
        ({"uitkomst": "positief", "toelichting": "x" * 2001}, "maximaal 2000 tekens"),
    ],
)
def test_bad_values_give_a_dutch_message_and_change_nothing(due_tasks, form, message):
    client, cases, tasks, engine = due_tasks
    task = own_task(tasks, case=cases[0])
    response = client.post(f"/taken/{task.id}/klaar", data={f"t{task.id}-{k}": v for k, v in form.items()})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    with Session(engine) as session:
        assert session.get(Reminder, task.id).state == "open"


def test_hostile_text_is_stored_as_text_and_shown_escaped(due_tasks):
    client, cases, tasks, engine = due_tasks
    task = own_task(tasks, case=cases[0])
    response = client.post(
        f"/taken/{task.id}/klaar",
        data={f"t{task.id}-uitkomst": "negatief", f"t{task.id}-toelichting": "<script>alert(1)</script>"},
        follow_redirects=True,
    )
    assert response.status_code == 200 and "Taak afgerond" in response.get_data(as_text=True)
    page = client.get(f"/zaken/{cases[0].id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_someone_elses_task_is_not_found(due_tasks):
    client, cases, tasks, engine = due_tasks
    foreign = own_task(tasks, case=cases[1])  # the other coordinator's call
    response = client.post(f"/taken/{foreign.id}/klaar", data={f"t{foreign.id}-uitkomst": "positief"})
    assert response.status_code == 404
    with Session(engine) as session:
        assert session.get(Reminder, foreign.id).state == "open"


def test_a_task_done_twice_is_refused(due_tasks):
    client, cases, tasks, _engine = due_tasks
    task = own_task(tasks, case=cases[0])
    data = {f"t{task.id}-uitkomst": "positief"}
    assert client.post(f"/taken/{task.id}/klaar", data=data).status_code == 302
    assert client.post(f"/taken/{task.id}/klaar", data=data).status_code == 400
