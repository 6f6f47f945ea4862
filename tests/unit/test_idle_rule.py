"""The "case stands still" rule: no idle reminder while the case waits for a scheduled moment."""

import datetime as dt

from workflow.reminder_rules import CaseWait, ReminderTimings, follow_up_due, idle_since, is_idle, is_waiting

MEETING = dt.date(2026, 3, 2)
HELD_AT = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)  # the step that recorded the meeting
DAY = dt.timedelta(days=1)


def test_a_case_without_a_step_and_without_a_wait_is_idle_after_three_weeks():
    wait = CaseWait(last_step=HELD_AT)
    assert not is_idle(wait, HELD_AT + 20 * DAY)
    assert is_idle(wait, HELD_AT + 21 * DAY)


def test_no_idle_reminder_while_the_case_waits_for_its_follow_up_call():
    wait = CaseWait(last_step=HELD_AT, follow_up_pending=True)
    for days in (1, 21, 27):
        assert not is_idle(wait, HELD_AT + days * DAY), days
        assert is_waiting(wait, HELD_AT + days * DAY)
    assert idle_since(wait) is None


def test_at_meeting_plus_28_days_only_the_follow_up_task_not_also_the_idle_one():
    call = follow_up_due(MEETING)["follow_up_main_person"]
    assert call.date() == MEETING + 28 * DAY
    # The call is due and still on the coordinator's list: that task is the reminder, idle adds nothing.
    wait = CaseWait(last_step=HELD_AT, follow_up_pending=True)
    assert not is_idle(wait, call)
    assert not is_idle(wait, call + 10 * DAY), "the overdue call escalates by its own rule, not as idle"


def test_the_count_restarts_when_the_follow_up_call_is_recorded():
    called = HELD_AT + 30 * DAY
    wait = CaseWait(last_step=HELD_AT, last_follow_up=called)
    assert idle_since(wait) == called
    assert not is_idle(wait, called + 20 * DAY)
    assert is_idle(wait, called + 21 * DAY)


def test_a_planned_meeting_in_the_future_is_a_wait_and_counts_from_its_day():
    planned_at = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)
    meeting_day = dt.date(2026, 4, 15)  # six weeks ahead: more than the idle days
    wait = CaseWait(last_step=planned_at, planned_meeting=meeting_day)
    assert is_waiting(wait, planned_at + 30 * DAY)
    assert not is_idle(wait, planned_at + 30 * DAY)
    # Not recorded as held three weeks after its day: now it stands still.
    assert not is_idle(wait, dt.datetime(2026, 5, 5, 12, 0, tzinfo=dt.UTC))
    assert is_idle(wait, dt.datetime(2026, 5, 6, 12, 0, tzinfo=dt.UTC))


def test_the_idle_days_setting_is_used():
    wait = CaseWait(last_step=HELD_AT)
    short = ReminderTimings(idle_days=7)
    assert is_idle(wait, HELD_AT + 7 * DAY, short)
    assert not is_idle(wait, HELD_AT + 7 * DAY)
