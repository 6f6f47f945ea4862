"""Reminder timings set by the bureau, and the reminder for a case that stands still."""

import datetime as dt

import pytest
from sqlmodel import Session, select

from storage.reminders import Reminder, schedule_idle_reminders
from storage.settings import save_timings
from storage.uow import SqlUnitOfWork
from tests.integration.test_reminders import store_idle_reminder
from web.bootstrap import bootstrap
from workflow.clock import FrozenClock
from workflow.reminder_rules import ReminderTimings
from workflow.usecases import advance


def due_of(engine, kind):
    with Session(engine) as session:
        return sorted(r.due_at for r in session.exec(select(Reminder).where(Reminder.kind == kind)))


def test_follow_up_moves_with_the_timings(held):
    engine, uow, case_id, _manager, coordinator = held
    before = due_of(engine, "follow_up_main_person")
    assert before == [dt.datetime(2026, 3, 30, 7, 0, tzinfo=dt.UTC)]
    with Session(engine) as session:
        save_timings(session, ReminderTimings(follow_up_days=21, hour_of_day=10), dt.datetime.now(dt.UTC))
        session.commit()
    from workflow.meetings import correct_meeting_date

    correct_meeting_date(uow(), case_id, coordinator, None, 1, "2026-03-02")
    assert due_of(engine, "follow_up_main_person") == [dt.datetime(2026, 3, 23, 9, 0, tzinfo=dt.UTC)]


def test_a_case_without_a_step_for_three_weeks_reminds_its_coordinator_once(active):
    engine, uow, case_id, _manager, coordinator = active
    last_step = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
    assert schedule_idle_reminders(engine, last_step + dt.timedelta(days=20)) == 0
    assert schedule_idle_reminders(engine, last_step + dt.timedelta(days=21, minutes=1)) == 1
    assert schedule_idle_reminders(engine, last_step + dt.timedelta(days=22)) == 0, "once, not every scan"
    later = FrozenClock(last_step + dt.timedelta(days=22))
    advance(
        SqlUnitOfWork(engine, later, bootstrap()),
        case_id,
        "plan_meeting",
        coordinator,
        None,
        "",
        {"datum": "2026-04-10", "locatie": "Buurthuis of wijkcentrum", "uitgenodigd": 5},
    )
    schedule_idle_reminders(engine, last_step + dt.timedelta(days=22))
    with Session(engine) as session:
        idle = session.exec(select(Reminder).where(Reminder.kind == "idle_case")).all()
    assert [(r.user_id, r.state) for r in idle] == [(coordinator.user_id, "cancelled")]


GOOD = {
    "follow_up_days": "28",
    "overdue_days": "7",
    "unmatched_working_days": "2",
    "hour_of_day": "9",
    "idle_days": "14",
    "decision_pending_days": "10",
    "three_month_days": "90",
}


def test_admin_changes_the_timings(admin_client, engine):
    assert admin_client.post("/beheer/herinneringen", data=GOOD).status_code == 303
    assert 'value="14"' in admin_client.get("/beheer/herinneringen").get_data(as_text=True)


@pytest.mark.parametrize(
    "change, text",
    [
        ({"hour_of_day": "25"}, "van 0 tot 23"),
        ({"follow_up_days": "0"}, "van 1 tot 365"),
        ({"idle_days": ""}, "vul dit in"),
        ({"overdue_days": "zeven"}, "heel getal"),
        ({"overdue_days": "<script>alert(1)</script>"}, "heel getal"),
    ],
)
def test_bad_timings_are_refused_and_nothing_changes(admin_client, engine, change, text):
    response = admin_client.post("/beheer/herinneringen", data={**GOOD, **change})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and text in body and "<script>alert(1)" not in body
    from storage.settings import Setting

    with Session(engine) as session:
        assert session.exec(select(Setting)).all() == []


def idle_rows(engine):
    with Session(engine) as session:
        return [
            (r.state, r.cancel_reason)
            for r in session.exec(select(Reminder).where(Reminder.kind == "idle_case").order_by(Reminder.id))
        ]


def test_no_idle_reminder_while_the_case_waits_for_its_follow_up_call(held):
    engine, *_ = held
    meeting = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
    for days in (21, 22, 27, 28, 29, 40):  # before, at and after the call's due moment (meeting + 28 days)
        assert schedule_idle_reminders(engine, meeting + dt.timedelta(days=days, minutes=1)) == 0, days
    assert idle_rows(engine) == []


def test_at_meeting_plus_28_days_the_coordinator_has_only_the_follow_up_task(held, clock):
    from storage.reminders import tasks_for

    engine, _uow, _case_id, _manager, coordinator = held
    moment = dt.datetime(2026, 3, 30, 7, 0, tzinfo=dt.UTC)
    schedule_idle_reminders(engine, moment)
    with Session(engine) as session:
        kinds = [task.kind for task, _case in tasks_for(session, coordinator.user_id, moment)]
    assert kinds == ["follow_up_main_person"]


def test_after_the_call_the_count_restarts_from_the_call(held):
    from workflow.tasks import complete_task

    engine, _uow, _case_id, _manager, coordinator = held
    called = dt.datetime(2026, 3, 31, 10, 0, tzinfo=dt.UTC)
    with Session(engine) as session:
        task = session.exec(select(Reminder).where(Reminder.kind == "follow_up_main_person")).one()
    complete_task(
        SqlUnitOfWork(engine, FrozenClock(called), bootstrap()), task.id, coordinator, {"uitkomst": "positief"}
    )
    # The case now waits for the three-month check: no "stands still" until that contact is recorded.
    assert schedule_idle_reminders(engine, called + dt.timedelta(days=21, minutes=1)) == 0
    checked = record_check(engine, _case_id, coordinator, dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC))
    assert schedule_idle_reminders(engine, checked + dt.timedelta(days=20)) == 0
    assert schedule_idle_reminders(engine, checked + dt.timedelta(days=21, minutes=1)) == 1


def record_check(engine, case_id, coordinator, at: dt.datetime) -> dt.datetime:
    """Record the three-month check (nobody reached, one attempt) at `at`."""
    from workflow.tasks import record_three_month_check

    unit = SqlUnitOfWork(engine, FrozenClock(at), bootstrap())
    record_three_month_check(unit, case_id, coordinator, None, {"bereikt": "nee", "pogingen": [at.date().isoformat()]})
    return at


def test_an_idle_reminder_made_during_the_wait_is_cancelled_and_comes_back_after_it(held):
    """Rows from before this rule (a stored "stands still" during the wait) leave the list; when the wait is
    over and the case then stands still, it is brought up again (one row per step count)."""
    from workflow.tasks import complete_task

    engine, _uow, case_id, _manager, coordinator = held
    early = dt.datetime(2026, 3, 25, 9, 0, tzinfo=dt.UTC)
    store_idle_reminder(engine, case_id, coordinator.user_id, early)
    schedule_idle_reminders(engine, early)
    assert idle_rows(engine) == [("cancelled", "wacht op afspraak")]
    called = dt.datetime(2026, 3, 31, 10, 0, tzinfo=dt.UTC)
    with Session(engine) as session:
        task = session.exec(select(Reminder).where(Reminder.kind == "follow_up_main_person")).one()
    complete_task(
        SqlUnitOfWork(engine, FrozenClock(called), bootstrap()), task.id, coordinator, {"uitkomst": "positief"}
    )
    assert schedule_idle_reminders(engine, called + dt.timedelta(days=22)) == 0  # the three-month check waits
    checked = record_check(engine, case_id, coordinator, dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC))
    assert schedule_idle_reminders(engine, checked + dt.timedelta(days=22)) == 1
    # the check is a step of its own, so the new count gets a row of its own; the old one stays cancelled
    assert idle_rows(engine) == [("cancelled", "wacht op afspraak"), ("open", None)]
