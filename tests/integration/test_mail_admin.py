"""/beheer/mail on SQLite and PostgreSQL: the admin sees failed reminder mails with their Dutch reason and
next try, escaped; "opnieuw proberen" gives given-up mails a fresh series; nobody else sees or presses it."""

import datetime as dt

import pytest
from sqlmodel import Session, select

from notifications.delivery import MAX_ATTEMPTS
from notifications.scan import run_scan
from storage.reminders import Reminder
from tests.walks import DUE, team_in_nazorg
from workflow.clock import FrozenClock
from workflow.phases import Role


@pytest.fixture
def engine(any_engine):
    """Every test here on both databases."""
    return any_engine


@pytest.fixture
def failed(engine):
    """A case in nazorg whose two follow-up mails failed once, the server answering with markup."""
    team_in_nazorg(engine, FrozenClock(dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)))

    def hostile(_mail):
        raise ConnectionRefusedError("<script>alert('x')</script>")

    assert run_scan(engine, DUE, hostile).failed == 2
    return engine


def test_the_admin_sees_each_failed_mail_with_its_reason_and_next_try(failed, admin_client):
    page = admin_client.get("/beheer/mail").get_data(as_text=True)
    assert page.count("De mailserver is niet bereikbaar") == 2
    assert "co@kring.test" in page and "rm@kring.test" in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page, "the server's words are escaped"
    assert "geen mailserver ingesteld" in page
    assert "opgegeven" not in page


def test_given_up_mails_are_marked_and_can_be_tried_anew(failed, admin_client):
    with Session(failed) as session:
        for reminder in session.exec(select(Reminder).where(Reminder.attempts > 0)):
            reminder.attempts, reminder.next_try_at = MAX_ATTEMPTS, None
        session.commit()
    assert run_scan(failed, DUE + dt.timedelta(days=1), None).claimed == 0
    assert admin_client.get("/beheer/mail").get_data(as_text=True).count("opgegeven") == 2
    response = admin_client.post("/beheer/mail/opnieuw", data={"alles": "<script>", "id": "1; DROP TABLE reminder"})
    assert response.status_code == 303
    assert "2 herinneringsmail(s)" in admin_client.get("/beheer/mail").get_data(as_text=True)
    assert run_scan(failed, DUE + dt.timedelta(days=1), None).sent == 2
    assert "Alle herinneringsmails zijn verstuurd" in admin_client.get("/beheer/mail").get_data(as_text=True)
    admin_client.post("/beheer/mail/opnieuw")
    assert "niets om opnieuw te versturen" in admin_client.get("/beheer/mail").get_data(as_text=True)


def test_only_the_admin(failed, people, login, client):
    people.make(Role.REGIOMANAGER, "rm@x.nl")
    regiomanager = login("rm@x.nl")
    assert regiomanager.get("/beheer/mail").status_code == 403
    assert regiomanager.post("/beheer/mail/opnieuw").status_code == 403
    assert client.get("/beheer/mail").status_code == 302
    assert client.post("/beheer/mail/opnieuw").status_code == 302
    with Session(failed) as session:
        assert {r.attempts for r in session.exec(select(Reminder).where(Reminder.due_at == DUE))} == {1}


def test_the_retry_button_answers_only_post(admin_client):
    assert admin_client.get("/beheer/mail/opnieuw").status_code == 405
