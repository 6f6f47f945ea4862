"""After the plan, on SQLite and PostgreSQL: evaluation moments become reminders (replaced, never doubled), marks
are stored at the follow-up call, the three-month check falls due at day 91, and "vervolgconferentie nodig"
becomes the regiomanager's task, finished by starting one or by a reason."""

import datetime as dt
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from storage.models import Case, CaseEvent
from storage.reminders import Reminder, tasks_for
from tests.registration_fill import PLAN, fill_registration
from tests.walks import MEETING, team_in_nazorg
from workflow import reminder_rules as rules
from workflow.clock import FrozenClock
from workflow.errors import GuardRefused, InvalidInput
from workflow.meetings import correct_meeting_date
from workflow.recording import record_registration
from workflow.tasks import complete_task, record_three_month_check
from workflow.usecases import advance

MEETING_AT = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)  # the meeting of tests/walks.py, held on 2 March
THREE_MONTHS = dt.datetime(2026, 6, 1, 7, 0, tzinfo=dt.UTC)  # 2 March + 91 days, 09:00 in Amsterdam (summer time)
TALK = {
    "respondent": "aanmelder/hulpverlener",
    "plan_uitgevoerd": "geheel uitgevoerd",
    "afspraken_uitgevoerd": "meer dan de helft",
    "situatie": "verbeterd",
}


def agreement(wat: str, evaluatie: str | None = None) -> dict:
    return {"wie": "Oma", "wie_soort": "netwerk", "wat": wat, "wanneer": "2026-04-01", "evaluatie": evaluatie}


@pytest.fixture
def nazorg(any_engine):
    clock = FrozenClock(MEETING_AT)
    case, uow, manager, coordinator = team_in_nazorg(any_engine, clock)
    return SimpleNamespace(engine=any_engine, clock=clock, uow=uow, id=case.id, rm=manager, co=coordinator)


def save_plan(n, *agreements) -> None:
    record_registration(n.uow(), n.id, n.co, None, "plan", {**PLAN, "afspraken": list(agreements)})


def reminders(n, kind: str, *states: str) -> list[Reminder]:
    with Session(n.engine) as session:
        query = select(Reminder).where(Reminder.case_id == n.id, Reminder.kind == kind)
        if states:
            query = query.where(Reminder.state.in_(states))
        return list(session.exec(query.order_by(Reminder.sequence)).all())


def record_of(n) -> dict:
    with Session(n.engine) as session:
        return session.get(Case, n.id).record


def test_evaluation_moments_become_reminders_and_saving_again_replaces_them(nazorg):
    save_plan(nazorg, agreement("haalt op", "2026-04-15"), agreement("kookt"))
    [first] = reminders(nazorg, rules.AGREEMENT_EVALUATION)
    assert (first.sequence, first.user_id, first.state) == (0, nazorg.co.user_id, "open")
    assert first.due_at == dt.datetime(2026, 4, 15, 7, 0, tzinfo=dt.UTC)
    save_plan(nazorg, agreement("haalt op", "2026-05-01"), agreement("kookt", "2026-04-20"))
    moved = reminders(nazorg, rules.AGREEMENT_EVALUATION)
    assert [(r.sequence, r.due_at.date(), r.state) for r in moved] == [
        (0, dt.date(2026, 5, 1), "open"),
        (1, dt.date(2026, 4, 20), "open"),
    ]
    save_plan(nazorg, agreement("haalt op", "2026-05-01"), agreement("kookt"))
    assert [(r.sequence, r.state) for r in reminders(nazorg, rules.AGREEMENT_EVALUATION)] == [
        (0, "open"),
        (1, "cancelled"),
    ]
    nazorg.clock.set(dt.datetime(2026, 5, 1, 7, 0, tzinfo=dt.UTC))
    with Session(nazorg.engine) as session:
        due = [t.kind for t, _ in tasks_for(session, nazorg.co.user_id, nazorg.clock.now())]
    assert due.count(rules.AGREEMENT_EVALUATION) == 1


def test_an_evaluation_before_the_meeting_is_refused_and_nothing_saved(nazorg):
    with pytest.raises(InvalidInput) as refused:
        save_plan(nazorg, agreement("haalt op", "2026-02-01"))
    assert "ligt vóór" in refused.value.errors["afspraken.0.evaluatie"]
    assert reminders(nazorg, rules.AGREEMENT_EVALUATION) == []
    assert "afspraken" not in (record_of(nazorg).get("plan") or {})


def test_the_follow_up_call_stores_a_mark_per_agreement(nazorg):
    save_plan(nazorg, agreement("haalt op"), agreement("kookt"))
    [call] = [r for r in reminders(nazorg, rules.FOLLOW_UP_MAIN_PERSON) if r.user_id == nazorg.co.user_id]
    with pytest.raises(InvalidInput) as refused:
        complete_task(nazorg.uow(), call.id, nazorg.co, {"uitkomst": "positief", "markering_0": "<b>ja</b>"})
    assert "Afspraak 1: kies" in refused.value.errors["markering_0"]
    assert "follow_up" not in record_of(nazorg)
    complete_task(nazorg.uow(), call.id, nazorg.co, {"uitkomst": "positief", "markering_1": "deels nagekomen"})
    assert record_of(nazorg)["follow_up"][0]["afspraken_markering"] == [None, "deels nagekomen"]
    assert reminders(nazorg, rules.FOLLOW_UP_CONFERENCE_NEEDED) == []


def test_the_three_month_check_falls_due_at_day_91_and_is_done_when_recorded(nazorg):
    [check] = reminders(nazorg, rules.THREE_MONTH_CHECK)
    assert (check.user_id, check.due_at) == (nazorg.co.user_id, THREE_MONTHS)
    with Session(nazorg.engine) as session:
        before = [t.kind for t, _ in tasks_for(session, nazorg.co.user_id, THREE_MONTHS - dt.timedelta(seconds=1))]
        at = [t.kind for t, _ in tasks_for(session, nazorg.co.user_id, THREE_MONTHS)]
    assert rules.THREE_MONTH_CHECK not in before and rules.THREE_MONTH_CHECK in at
    nazorg.clock.set(THREE_MONTHS)
    with pytest.raises(InvalidInput):
        complete_task(nazorg.uow(), check.id, nazorg.co, {})  # it has a page of its own
    record_three_month_check(nazorg.uow(), nazorg.id, nazorg.co, None, {"bereikt": "nee", "pogingen": ["2026-06-01"]})
    assert [r.state for r in reminders(nazorg, rules.THREE_MONTH_CHECK)] == ["done"]
    assert record_of(nazorg)["drie_maanden"]["pogingen"] == ["2026-06-01"]
    assert reminders(nazorg, rules.FOLLOW_UP_CONFERENCE_NEEDED) == []


def test_a_corrected_meeting_date_moves_the_three_month_check(nazorg):
    nazorg.clock.set(MEETING_AT + dt.timedelta(days=2))
    correct_meeting_date(nazorg.uow(), nazorg.id, nazorg.co, None, 1, "2026-03-03")
    [check] = reminders(nazorg, rules.THREE_MONTH_CHECK)
    assert check.due_at == THREE_MONTHS + dt.timedelta(days=1)


def vervolg_at_three_months(n) -> Reminder:
    n.clock.set(THREE_MONTHS)
    data = {"bereikt": "ja", "datum": "2026-06-01", "gesprekken": [TALK], "vervolg_nodig": "ja"}
    record_three_month_check(n.uow(), n.id, n.co, None, data)
    [task] = reminders(n, rules.FOLLOW_UP_CONFERENCE_NEEDED)
    assert (task.user_id, task.sequence, task.state, task.due_at) == (n.rm.user_id, 0, "open", THREE_MONTHS)
    return task


def test_vervolg_nodig_at_three_months_is_finished_by_starting_a_vervolgconferentie(nazorg):
    vervolg_at_three_months(nazorg)
    advance(nazorg.uow(), nazorg.id, "start_follow_up_conference", nazorg.rm, None, "Het plan loopt vast")
    [task] = reminders(nazorg, rules.FOLLOW_UP_CONFERENCE_NEEDED)
    assert task.state == "done" and task.result == {"besluit": "vervolgconferentie gestart"}


def test_vervolg_nodig_at_the_call_is_finished_by_a_reason_in_the_record_and_history(nazorg):
    [call] = [r for r in reminders(nazorg, rules.FOLLOW_UP_MAIN_PERSON) if r.user_id == nazorg.co.user_id]
    complete_task(nazorg.uow(), call.id, nazorg.co, {"uitkomst": "negatief", "vervolg_nodig": "ja"})
    [task] = reminders(nazorg, rules.FOLLOW_UP_CONFERENCE_NEEDED)
    assert (task.user_id, task.sequence) == (nazorg.rm.user_id, 1)
    for reason in ("", "x" * 5000):
        with pytest.raises(InvalidInput) as refused:
            complete_task(nazorg.uow(), task.id, nazorg.rm, {"reden": reason})
        assert refused.value.errors["reden"].startswith("Waarom geen vervolgconferentie:")
    assert reminders(nazorg, rules.FOLLOW_UP_CONFERENCE_NEEDED, "open")
    complete_task(nazorg.uow(), task.id, nazorg.rm, {"reden": "Het netwerk pakt het zelf op"})
    assert record_of(nazorg)["follow_up"][0]["vervolg_besluit"] == "Het netwerk pakt het zelf op"
    with Session(nazorg.engine) as session:
        lines = session.exec(select(CaseEvent.reason).where(CaseEvent.case_id == nazorg.id)).all()
    assert "geen vervolgconferentie: Het netwerk pakt het zelf op" in lines


def test_the_reason_after_the_three_month_check_goes_with_the_check(nazorg):
    task = vervolg_at_three_months(nazorg)
    complete_task(nazorg.uow(), task.id, nazorg.rm, {"reden": "Hulpverlening loopt al"})
    assert record_of(nazorg)["drie_maanden"]["vervolg_besluit"] == "Hulpverlening loopt al"


def test_closing_from_nazorg_needs_the_three_month_check(nazorg):
    data = {"uitkomst": "plan", "follow_up_uitkomst": "positief"}
    fill_registration(nazorg.uow, nazorg.id, nazorg.co)
    with pytest.raises(GuardRefused, match="driemaandencontact"):
        advance(nazorg.uow(), nazorg.id, "close", nazorg.co, None, "", data)
    nazorg.clock.set(THREE_MONTHS)
    record_three_month_check(
        nazorg.uow(), nazorg.id, nazorg.co, None, {"bereikt": "ja", "datum": "2026-06-01", "gesprekken": [TALK]}
    )
    case = advance(nazorg.uow(), nazorg.id, "close", nazorg.co, None, "", data)
    assert case.outcome == "plan"


def test_a_vervolgconferentie_plan_replaces_the_calls_and_check_about_the_plan_before_it(nazorg):
    advance(nazorg.uow(), nazorg.id, "start_follow_up_conference", nazorg.rm, None, "Het plan loopt vast")
    nazorg.clock.set(MEETING_AT + dt.timedelta(days=10))
    held = {**MEETING, "datum": "2026-03-11"}
    advance(nazorg.uow(), nazorg.id, "hold_follow_up_conference", nazorg.co, None, "", held)
    kinds = (*rules.FOLLOW_UP_KINDS, rules.THREE_MONTH_CHECK)
    first = [r for kind in kinds for r in reminders(nazorg, kind) if r.sequence == 1]
    second = [r for kind in kinds for r in reminders(nazorg, kind) if r.sequence == 2]
    assert first and {r.state for r in first} == {"cancelled"}
    assert {r.cancel_reason for r in first if r.kind in rules.FOLLOW_UP_KINDS} == {"nieuw plan"}
    assert second and {r.state for r in second} == {"open"}
