"""Follow-up reminders over real SMTP (aiosmtpd on 127.0.0.1), on SQLite and PostgreSQL: nothing early,
exactly one mail per recipient when due, also with concurrent scanners, repeated scans, a crash between
claim and delivery, and downtime; corrected meeting dates move them; closed cases get none."""

import datetime as dt
import email
import email.policy
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from notifications.mail import MailSettings, SmtpMailer
from notifications.scan import LEASE, claim_due, run_scan
from notifications.scheduler import scan_once
from storage.models import Case, CaseEvent
from storage.reminders import Reminder
from storage.uow import SqlUnitOfWork
from tests.conftest import People, make_app
from tests.registration_fill import fill_registration
from tests.walks import CLOSE_WITH_PLAN, DUE
from web.bootstrap import bootstrap
from workflow.clock import FrozenClock
from workflow.meetings import correct_meeting_date
from workflow.tasks import complete_task
from workflow.usecases import advance

LAST_STEP = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)  # the meeting held in the `held` fixture
IDLE = LAST_STEP + dt.timedelta(days=21, minutes=1)  # three weeks without a step: "Zaak staat al lang stil"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(envelope)
        return "250 OK"

    def recipients(self):
        return sorted(rcpt for m in self.messages for rcpt in m.rcpt_tos)


@pytest.fixture
def smtp():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, SmtpMailer(MailSettings("127.0.0.1", port, "kring@test", "http://kring.test"))
    controller.stop()


def scan(engine, moment, mailer):
    return run_scan(engine, moment, mailer.send_reminder)


def test_nothing_at_27_days_one_mail_per_recipient_at_28_and_none_on_a_second_scan(held, smtp):
    engine, *_ = held
    inbox, mailer = smtp
    assert scan(engine, DUE - dt.timedelta(days=1), mailer).sent == 0
    assert scan(engine, DUE - dt.timedelta(seconds=1), mailer).sent == 0
    assert inbox.messages == []
    assert scan(engine, DUE, mailer).sent == 2
    assert inbox.recipients() == ["co@kring.test", "rm@kring.test"]
    assert scan(engine, DUE + dt.timedelta(hours=1), mailer).sent == 0
    assert len(inbox.messages) == 2


def test_mail_has_a_link_and_an_ics_but_no_personal_data(held, smtp):
    engine, _uow, case_id, *_ = held
    inbox, mailer = smtp
    scan(engine, DUE, mailer)
    message = email.message_from_bytes(inbox.messages[0].content, policy=email.policy.default)
    body = "\n".join(str(part.get_content()) for part in message.walk() if not part.is_multipart())
    assert f"http://kring.test/zaken/{case_id}" in body and "BEGIN:VCALENDAR" in body
    for personal in ("Sam Jansen", "Wijkteam", "veilig thuis"):
        assert personal not in body


def test_two_scanners_at_once_still_send_one_mail_per_recipient(held, smtp):
    engine, *_ = held
    inbox, mailer = smtp
    results = []
    threads = [threading.Thread(target=lambda: results.append(scan(engine, DUE, mailer))) for _ in range(4)]
    [t.start() for t in threads]
    [t.join(30) for t in threads]
    assert sum(r.sent for r in results) == 2
    assert inbox.recipients() == ["co@kring.test", "rm@kring.test"]


def test_a_crash_between_claim_and_delivery_is_delivered_once_after_the_lease(held, smtp):
    engine, *_ = held
    inbox, mailer = smtp
    assert len(claim_due(engine, DUE, "crashed")) == 2  # claimed, then the scanner died
    assert scan(engine, DUE + LEASE - dt.timedelta(seconds=1), mailer).sent == 0
    assert scan(engine, DUE + LEASE + dt.timedelta(seconds=1), mailer).sent == 2
    assert scan(engine, DUE + 2 * LEASE, mailer).sent == 0
    assert inbox.recipients() == ["co@kring.test", "rm@kring.test"]


def test_downtime_over_the_due_moment_sends_once_at_start(held, smtp):
    engine, *_ = held
    inbox, mailer = smtp
    assert scan(engine, DUE + dt.timedelta(days=3), mailer).sent == 2
    assert scan(engine, DUE + dt.timedelta(days=3, minutes=1), mailer).sent == 0


def test_a_failed_delivery_is_retried_on_the_next_scan(held, smtp):
    engine, *_ = held
    inbox, mailer = smtp

    def broken(_mail):
        raise ConnectionRefusedError("smtp down")

    assert run_scan(engine, DUE, broken).failed == 2
    assert scan(engine, DUE + dt.timedelta(minutes=1), mailer).sent == 2


def test_a_corrected_meeting_date_moves_the_due_moment(held, smtp):
    engine, uow, case_id, _manager, coordinator = held
    inbox, mailer = smtp
    # (a day later, not earlier: the meeting cannot lie before the application of 2 March)
    two_days_on = FrozenClock(dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC))
    correct_meeting_date(SqlUnitOfWork(engine, two_days_on, bootstrap()), case_id, coordinator, None, 1, "2026-03-03")
    later = DUE + dt.timedelta(days=1)
    assert scan(engine, later - dt.timedelta(seconds=1), mailer).sent == 0
    assert scan(engine, later, mailer).sent == 2


def test_a_closed_case_gets_none_and_reopening_restores_them(held, smtp):
    engine, uow, case_id, manager, coordinator = held
    inbox, mailer = smtp
    fill_registration(uow, case_id, coordinator)
    advance(uow(), case_id, "close", coordinator, None, "", CLOSE_WITH_PLAN)
    assert scan(engine, DUE + dt.timedelta(days=10), mailer).sent == 0
    advance(uow(), case_id, "reopen", manager, None, "Plan loopt toch vast", {})
    assert scan(engine, DUE + dt.timedelta(days=10), mailer).sent == 3  # two calls and the escalation


def test_recording_the_call_marks_it_done_and_cancels_the_escalation(held, smtp):
    engine, uow, case_id, _manager, coordinator = held
    inbox, mailer = smtp
    scan(engine, DUE, mailer)
    with Session(engine) as session:
        task = session.exec(
            select(Reminder).where(Reminder.user_id == coordinator.user_id, Reminder.kind == "follow_up_main_person")
        ).one()
    complete_task(uow(), task.id, coordinator, {"uitkomst": "neutraal", "toelichting": "Wisselend"})
    assert scan(engine, DUE + dt.timedelta(days=8), mailer).sent == 0, "no escalation once the call is made"
    with Session(engine) as session:
        follow_up = session.get(Case, case_id).record["follow_up"]
    assert follow_up == [
        {
            "wie": "coordinator",
            "datum": "2026-03-02",
            "uitkomst": "neutraal",
            "toelichting": "Wisselend",
            "vervolg_nodig": False,
            "afspraken_markering": [],
        }
    ]


def test_without_the_call_the_regiomanager_gets_the_escalation_a_week_later(held, smtp):
    engine, *_ = held
    inbox, mailer = smtp
    scan(engine, DUE, mailer)
    assert scan(engine, DUE + dt.timedelta(days=7), mailer).sent == 1
    assert inbox.recipients()[-1] == "rm@kring.test"


def test_scan_claims_in_time_for_a_scheduler(held, smtp):
    """The APScheduler job is the same scan: it must finish quickly enough to run every minute."""
    engine, *_ = held
    _inbox, mailer = smtp
    started = time.perf_counter()
    scan(engine, DUE, mailer)
    assert time.perf_counter() - started < 30


def test_the_api_lists_the_callers_own_reminders(held):
    engine, _uow, case_id, manager, _coordinator = held
    client = make_app(engine, FrozenClock(DUE)).test_client()
    auth = {"Authorization": f"Bearer {People(engine).token(manager.user_id, DUE)}"}
    body = client.get("/api/v1/reminders?state=open", headers=auth).get_json()
    assert sorted(r["kind"] for r in body["reminders"]) == ["follow_up_overdue", "follow_up_referrer"]
    assert all(r["case_id"] == case_id for r in body["reminders"])
    early = client.get("/api/v1/reminders?due_before=2026-03-30&state=open", headers=auth).get_json()
    assert early["reminders"] == []
    assert client.get("/api/v1/reminders?due_before=morgen", headers=auth).status_code == 400
    assert client.get("/api/v1/reminders?state=weg", headers=auth).status_code == 400
    assert client.get("/api/v1/reminders").status_code == 401


def test_an_idle_case_mails_its_coordinator_on_the_next_scan(active, smtp):
    engine, *_ = active
    inbox, mailer = smtp
    scan_once(engine, FrozenClock(IDLE), mailer.settings)  # puts the idle reminder on the list
    scan_once(engine, FrozenClock(IDLE + dt.timedelta(minutes=1)), mailer.settings)
    assert inbox.recipients() == ["co@kring.test"]


def test_no_stale_idle_mail_after_downtime_when_a_step_came_in_between(active, smtp):
    engine, uow, case_id, _manager, coordinator = active
    inbox, mailer = smtp
    scan_once(engine, FrozenClock(IDLE), mailer.settings)  # the idle reminder is made, then the scanner stops
    later = FrozenClock(IDLE + dt.timedelta(hours=1))
    plan = {"datum": "2026-03-30", "locatie": "Buurthuis of wijkcentrum", "uitgenodigd": 5}
    advance(SqlUnitOfWork(engine, later, bootstrap()), case_id, "plan_meeting", coordinator, None, "", plan)
    result = scan_once(engine, FrozenClock(IDLE + dt.timedelta(days=2)), mailer.settings)  # back after downtime
    assert (result.claimed, inbox.messages) == (0, [])
    with Session(engine) as session:
        idle = session.exec(select(Reminder).where(Reminder.kind == "idle_case")).one()
    assert (idle.state, idle.cancel_reason, idle.sent_at) == ("cancelled", "verder gegaan", None)


def test_a_stored_idle_reminder_is_not_mailed_while_the_case_waits_for_its_call(held, smtp):
    """A "stands still" row made under the old rule during the wait for the follow-up call: the scan cancels
    it before sending instead of mailing it."""
    engine, _uow, case_id, _manager, coordinator = held
    inbox, mailer = smtp
    early = LAST_STEP + dt.timedelta(days=22)
    store_idle_reminder(engine, case_id, coordinator.user_id, early)
    assert scan(engine, early, mailer).claimed == 0 and inbox.messages == []
    with Session(engine) as session:
        idle = session.exec(select(Reminder).where(Reminder.kind == "idle_case")).one()
    assert (idle.state, idle.cancel_reason) == ("cancelled", "wacht op afspraak")


def store_idle_reminder(engine, case_id: int, user_id: int, at: dt.datetime) -> None:
    """A "stands still" reminder stored at `at` for the case's current step count, as an older version of the
    rules made them."""
    with Session(engine) as session:
        steps = len(session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id)).all())
        session.add(
            Reminder(case_id=case_id, kind="idle_case", sequence=steps, user_id=user_id, due_at=at, created_at=at)
        )
        session.commit()
