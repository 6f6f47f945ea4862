"""Mail that real servers accept, against aiosmtpd on 127.0.0.1 with a certificate made here: STARTTLS and
implicit TLS with a login, refused logins and certificates as failed deliveries (never a crash), never a
silent fall-back to plain text; failed deliveries retried with backoff by the moving clock, then given up."""

import datetime as dt
import email
import email.policy
import shutil
import socket
import ssl
import subprocess

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlmodel import Session, select

from notifications.delivery import MAX_ATTEMPTS
from notifications.mail import NONE, SSL, STARTTLS, MailSettings, ReminderMail, SmtpMailer
from notifications.scan import run_scan
from storage.reminders import Reminder, tasks_for
from tests.walks import DUE

USER, PASSWORD = "kring@mail.test", "juist-wachtwoord"
# aiosmtpd warns when AUTH is offered without its own STARTTLS: meant for the implicit-TLS and no-TLS servers
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate and key for 127.0.0.1, made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("no openssl command to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        + ["-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )
    return cert, key


class Inbox:
    """aiosmtpd's handler: keeps each arrived mail with whether it came encrypted and logged in."""

    def __init__(self):
        self.arrived = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        encrypted = server.transport.get_extra_info("ssl_object") is not None  # STARTTLS or TLS from the start
        self.arrived.append((envelope, encrypted, session.authenticated))
        return "250 OK"

    def messages(self):
        """The arrived mails, parsed."""
        return [email.message_from_bytes(e.content, policy=email.policy.default) for e, _tls, _auth in self.arrived]


def only_our_login(_server, _session, _envelope, mechanism, data):
    """aiosmtpd's authenticator: USER with PASSWORD, by PLAIN or LOGIN."""
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (USER.encode(), PASSWORD.encode())
    return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_context(certificate) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


@pytest.fixture
def mail_server(certificate):
    """start(security) -> (inbox, port): a mail server that asks for a login; `starttls` offers and requires
    STARTTLS, `ssl` speaks TLS from the first byte, `none` offers no TLS at all."""
    controllers = []

    def start(security: str):
        inbox, port = Inbox(), free_port()
        options = {"authenticator": only_our_login, "auth_required": True}
        if security == STARTTLS:
            options |= {"tls_context": server_context(certificate), "require_starttls": True}
        elif security == SSL:
            # aiosmtpd offers AUTH only after its own STARTTLS; this connection is TLS from the first byte
            options |= {"ssl_context": server_context(certificate), "auth_require_tls": False}
        else:
            options |= {"auth_require_tls": False}
        controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
        controller.start()
        controllers.append(controller)
        return inbox, port

    yield start
    for controller in controllers:
        controller.stop()


def mailer(port, certificate, security=STARTTLS, password=PASSWORD, trusted=True):
    """A mailer for the test server, trusting its certificate unless told not to."""
    settings = MailSettings(
        "127.0.0.1",
        port,
        "kring@test",
        "http://kring.test",
        security=security,
        user=USER,
        password=password,
        ca_file=str(certificate[0]) if trusted else "",
    )
    return SmtpMailer(settings)


A_MAIL = ReminderMail(1, "follow_up_main_person", "co@kring.test", 7, "EK-2026-0007", DUE)


@pytest.mark.parametrize("security", [STARTTLS, SSL])
def test_mail_arrives_encrypted_and_logged_in(mail_server, certificate, security):
    inbox, port = mail_server(security)
    mailer(port, certificate, security).send_reminder(A_MAIL)
    [(envelope, encrypted, logged_in)] = inbox.arrived
    assert (encrypted, logged_in) == (True, True)
    assert envelope.rcpt_tos == ["co@kring.test"]
    assert inbox.messages()[0]["Subject"] == "Kring: Follow-up gesprek met de hoofdpersoon (EK-2026-0007)"


def test_the_scan_mails_over_starttls_with_login_on_both_databases(held, mail_server, certificate):
    engine, *_ = held
    inbox, port = mail_server(STARTTLS)
    assert run_scan(engine, DUE, mailer(port, certificate).send_reminder).sent == 2
    assert sorted(rcpt for e, tls, auth in inbox.arrived if tls and auth for rcpt in e.rcpt_tos) == [
        "co@kring.test",
        "rm@kring.test",
    ]


def test_a_wrong_password_is_a_failed_delivery_with_a_dutch_reason(held, mail_server, certificate):
    engine, *_ = held
    inbox, port = mail_server(STARTTLS)
    result = run_scan(engine, DUE, mailer(port, certificate, password="fout").send_reminder)
    assert (result.sent, result.failed) == (0, 2)
    assert inbox.arrived == []
    for reminder in due_reminders(engine):
        assert (reminder.state, reminder.attempts) == ("open", 1)
        assert reminder.next_try_at == DUE + dt.timedelta(minutes=1)
        assert reminder.last_error.startswith("De mailserver weigert de inlog")


@pytest.mark.parametrize(
    "security, trusted, reason",
    [
        (STARTTLS, False, "De versleutelde verbinding"),  # a certificate nobody vouches for
        (SSL, False, "De versleutelde verbinding"),
    ],
)
def test_an_untrusted_certificate_is_refused(held, mail_server, certificate, security, trusted, reason):
    engine, *_ = held
    inbox, port = mail_server(security)
    assert run_scan(engine, DUE, mailer(port, certificate, security, trusted=trusted).send_reminder).failed == 2
    assert inbox.arrived == []
    assert all(r.last_error.startswith(reason) for r in due_reminders(engine))


def test_a_server_without_starttls_gets_no_password_in_plain_text(held, mail_server, certificate):
    engine, *_ = held
    inbox, port = mail_server(NONE)
    assert run_scan(engine, DUE, mailer(port, certificate, STARTTLS).send_reminder).failed == 2
    assert inbox.arrived == []
    assert all("KRING_SMTP_SECURITY" in r.last_error for r in due_reminders(engine))


def test_an_unreachable_server_is_retried_with_backoff_then_given_up(held):
    engine, _uow, _case_id, _manager, coordinator = held
    down = mailer(free_port(), ("", ""), NONE, trusted=False)
    moment, waits = DUE, []
    for _ in range(MAX_ATTEMPTS):
        assert run_scan(engine, moment, down.send_reminder).failed == 2
        assert run_scan(engine, moment + dt.timedelta(seconds=59), down.send_reminder).claimed == 0, "backoff"
        retry = {r.next_try_at for r in due_reminders(engine)}
        if None in retry:
            break
        waits.append(retry.pop() - moment)
        moment += waits[-1]
    assert waits == [dt.timedelta(minutes=m) for m in (1, 5, 30, 120, 360)]
    assert run_scan(engine, moment + dt.timedelta(days=1), down.send_reminder).claimed == 0, "given up"
    given_up = due_reminders(engine)
    assert {(r.state, r.attempts) for r in given_up} == {("open", MAX_ATTEMPTS)}
    assert all(r.last_error.startswith("De mailserver is niet bereikbaar") for r in given_up)
    with Session(engine) as session:
        assert len(tasks_for(session, coordinator.user_id, moment)) == 1, "still on the task list in the app"


def test_a_later_success_marks_it_sent(held, mail_server, certificate):
    engine, *_ = held
    inbox, port = mail_server(STARTTLS)
    assert run_scan(engine, DUE, mailer(port, certificate, password="fout").send_reminder).failed == 2
    assert run_scan(engine, DUE + dt.timedelta(minutes=1), mailer(port, certificate).send_reminder).sent == 2
    assert {(r.state, r.next_try_at) for r in due_reminders(engine)} == {("sent", None)}
    assert len(inbox.arrived) == 2


def due_reminders(engine) -> list[Reminder]:
    """The follow-up reminders that fall due at DUE (the main person's call and the referrer's)."""
    with Session(engine) as session:
        return list(session.exec(select(Reminder).where(Reminder.due_at == DUE)).all())
