"""Password reset by e-mail, on SQLite and PostgreSQL, with the mail over real SMTP (aiosmtpd on 127.0.0.1):
the same answer for known and unknown addresses, a throttle on asking, single-use links valid for an hour
(stored hashed), refused links with a Dutch page, and every old session ended by the reset."""

import email
import email.policy
import re
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from notifications.mail import NONE, MailSettings
from storage import password_reset as resets
from storage.models import User
from storage.uow import SqlUnitOfWork
from tests.conftest import COORDINATOR, PASSWORD, make_app
from tests.integration.test_mail_delivery import free_port
from web.bootstrap import bootstrap
from workflow.errors import InvalidInput
from workflow.phases import Role

NEW_PASSWORD = "een zin als nieuw wachtwoord"
OTHER = "ander@x.nl"
SAME_ANSWER = "Als dit adres bij ons bekend is, ontvangt u een e-mail"


@pytest.fixture
def engine(any_engine):
    return any_engine


class Inbox:
    """aiosmtpd's handler: keeps every mail that arrived."""

    def __init__(self):
        self.arrived = []

    async def handle_DATA(self, _server, _session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.arrived.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


@pytest.fixture
def inbox():
    """A mail server on 127.0.0.1 (a relay on the same machine: no TLS, no login)."""
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port
    yield handler
    controller.stop()


@pytest.fixture
def app(engine, clock, inbox):
    settings = MailSettings("127.0.0.1", inbox.port, "kring@test", "http://kring.test", security=NONE)
    return make_app(engine, clock, MAIL=settings)


@pytest.fixture
def coordinator(people):
    people.make(Role.COORDINATOR, OTHER)
    return people.make(Role.COORDINATOR, COORDINATOR)[0]


def ask(app, address: str, ip: str = "10.0.0.1"):
    """Ask for a link from `ip` and wait until the outbox has delivered what it was given."""
    response = app.test_client().post("/wachtwoord-vergeten", data={"email": address}, environ_base={"REMOTE_ADDR": ip})
    app.extensions["kring.outbox"].flush()
    return response


def link_in(mail) -> str:
    """The path of the reset link in a mail."""
    (link,) = re.findall(r"http://kring\.test/wachtwoord-herstellen/\S+", mail.get_content())
    return urlsplit(link).path


def new_password(browser, path: str, password: str = NEW_PASSWORD, repeat: str | None = None):
    return browser.post(path, data={"new_password": password, "new_password_repeat": repeat or password})


def logs_in(app, address: str, password: str) -> bool:
    return app.test_client().post("/login", data={"email": address, "password": password}).status_code == 302


def test_the_login_page_offers_the_way_back(app):
    login_page = app.test_client().get("/login")
    assert 'href="/wachtwoord-vergeten"' in login_page.text and "Wachtwoord vergeten?" in login_page.text
    form = app.test_client().get("/wachtwoord-vergeten")
    assert form.status_code == 200 and 'name="email"' in form.text


def test_the_link_arrives_by_smtp_and_works_once_ending_every_session(app, coordinator, inbox, login, engine):
    elsewhere = login(COORDINATOR)
    answer = ask(app, "  CO@x.nl ")  # as people type it
    assert answer.status_code == 200 and SAME_ANSWER in answer.text
    (mail,) = inbox.arrived
    assert mail["To"] == COORDINATOR and mail["Subject"] == "Kring: nieuw wachtwoord instellen"
    path = link_in(mail)
    token = path.rsplit("/", 1)[1]
    with Session(engine) as session:
        stored = session.exec(select(resets.PasswordReset)).one()
    assert stored.token_hash == resets.token_hash(token) and token not in stored.token_hash, "only the hash"

    browser = app.test_client()
    form = browser.get(path)
    assert form.status_code == 200 and "Nieuw wachtwoord instellen" in form.text
    assert form.headers["Referrer-Policy"] == "no-referrer" and form.headers["Cache-Control"] == "no-store"
    weak = new_password(browser, path, "kort")
    assert weak.status_code == 400 and "Nieuw wachtwoord: minstens 12 tekens (nu 4)" in weak.text
    mismatch = new_password(browser, path, NEW_PASSWORD, "iets heel anders dan dat")
    assert mismatch.status_code == 400 and "is niet hetzelfde" in mismatch.text
    common = new_password(browser, path, "Welkom123456")
    assert common.status_code == 400 and "te makkelijk te raden" in common.text
    hostile = new_password(browser, path, "nul\x00in een wachtwoord")
    assert hostile.status_code == 400 and "tekens die niet zijn toegestaan" in hostile.text
    assert logs_in(app, COORDINATOR, PASSWORD), "refused attempts change nothing and keep the link"

    done = new_password(browser, path)
    assert done.status_code == 303 and urlsplit(done.headers["Location"]).path == "/login"
    assert "Uw nieuwe wachtwoord is ingesteld" in browser.get("/login").text
    assert elsewhere.get("/mijn-zaken").status_code == 302, "the old session is worthless"
    assert not logs_in(app, COORDINATOR, PASSWORD) and logs_in(app, COORDINATOR, NEW_PASSWORD)

    again = app.test_client().get(path)
    assert again.status_code == 410 and "Deze link is al gebruikt" in again.text
    reused = new_password(app.test_client(), path, "nog weer een ander wachtwoord")
    assert reused.status_code == 410 and logs_in(app, COORDINATOR, NEW_PASSWORD)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(app, coordinator, inbox, engine, people):
    people.make(Role.REGIOMANAGER, "weg@x.nl")
    with Session(engine) as session:
        session.exec(select(User).where(User.email == "weg@x.nl")).one().active = False
        session.commit()
    known, unknown, inactive = ask(app, COORDINATOR), ask(app, "niemand@x.nl", "10.0.0.2"), ask(app, "weg@x.nl")
    assert len(inbox.arrived) == 1
    texts = {re.sub(r"<input[^>]*csrf[^>]*>", "", r.text) for r in (known, unknown, inactive)}
    assert len(texts) == 1 and {r.status_code for r in (known, unknown, inactive)} == {200}
    with Session(engine) as session:
        assert len(session.exec(select(resets.PasswordReset)).all()) == 1


def test_known_and_unknown_addresses_take_about_as_long(app, coordinator):
    """The mail goes out beside the request: the answer does not wait for the mail server."""

    def median_seconds(address: str, ip: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            app.test_client().post("/wachtwoord-vergeten", data={"email": address}, environ_base={"REMOTE_ADDR": ip})
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    known, unknown = median_seconds(COORDINATOR, "10.0.1.1"), median_seconds("niemand@x.nl", "10.0.1.2")
    app.extensions["kring.outbox"].flush()
    assert known < 10 * unknown and unknown < 10 * known, (known, unknown)


def test_an_expired_link_is_refused_after_an_hour(app, coordinator, inbox, clock, engine):
    ask(app, COORDINATOR)
    path = link_in(inbox.arrived[0])
    clock.advance(minutes=59)
    assert app.test_client().get(path).status_code == 200
    clock.advance(minutes=1)
    expired = app.test_client().get(path)
    assert expired.status_code == 410 and "Deze link is verlopen" in expired.text
    assert new_password(app.test_client(), path).status_code == 410
    assert logs_in(app, COORDINATOR, PASSWORD)
    clock.advance(days=1)  # a day later the spent link is forgotten at the next ask: no longer "verlopen"
    ask(app, "niemand@x.nl")
    with Session(engine) as session:
        assert session.exec(select(resets.PasswordReset)).all() == []
    assert app.test_client().get(path).status_code == 404


@pytest.mark.parametrize(
    "token",
    ["abc", "x" * 43 + "y", "%00" * 20, "a" * 2000, "Z" * 43, "a.b%20c;d=e", "<script>" + "a" * 35],
)
def test_malformed_and_made_up_links_are_refused_in_dutch(app, coordinator, token):
    for response in (
        app.test_client().get(f"/wachtwoord-herstellen/{token}"),
        new_password(app.test_client(), f"/wachtwoord-herstellen/{token}"),
    ):
        assert response.status_code == 404 and "Deze link werkt niet" in response.text
        assert "<script>" not in response.text
    assert logs_in(app, COORDINATOR, PASSWORD)


def test_another_accounts_link_is_refused_while_logged_in_and_sets_only_its_own_user(app, coordinator, inbox, login):
    ask(app, OTHER)
    path = link_in(inbox.arrived[0])
    mine = login(COORDINATOR)
    foreign = mine.get(path)
    assert foreign.status_code == 403 and "Deze link hoort bij een ander account" in foreign.text
    assert new_password(mine, path).status_code == 403
    assert logs_in(app, COORDINATOR, PASSWORD) and logs_in(app, OTHER, PASSWORD), "nobody's password changed"
    ask(app, COORDINATOR, "10.0.0.9")
    own = link_in(inbox.arrived[1])
    assert new_password(app.test_client(), own).status_code == 303
    assert logs_in(app, OTHER, PASSWORD), "a link sets its own user's password only"
    assert new_password(app.test_client(), path).status_code == 303, "the other link still works for its owner"


def test_a_newer_link_used_voids_the_older_ones(app, coordinator, inbox):
    ask(app, COORDINATOR)
    ask(app, COORDINATOR)
    first, second = (link_in(m) for m in inbox.arrived)
    assert new_password(app.test_client(), second).status_code == 303
    assert app.test_client().get(first).status_code == 410


def test_asking_is_throttled_per_address_and_per_client_known_or_not(app, coordinator, inbox, clock):
    for n in range(resets.PER_EMAIL):
        assert ask(app, COORDINATOR, f"10.1.0.{n}").status_code == 200
    refused = ask(app, COORDINATOR, "10.1.0.99")
    assert refused.status_code == 429 and "Probeer het over 60 minuten opnieuw" in refused.text
    assert int(refused.headers["Retry-After"]) == 3600
    assert ask(app, "niemand@x.nl", "10.1.0.99").status_code == 200, "another address from there may ask"
    for n in range(resets.PER_EMAIL):
        ask(app, "onbekend@x.nl", f"10.2.0.{n}")
    assert ask(app, "onbekend@x.nl", "10.2.0.99").status_code == 429, "unknown addresses alike: no tell"
    assert len(inbox.arrived) == resets.PER_EMAIL

    for n in range(resets.PER_ADDRESS):
        assert ask(app, f"iemand{n}@x.nl", "203.0.113.5").status_code == 200
    assert ask(app, "nog.iemand@x.nl", "203.0.113.5").status_code == 429
    clock.advance(minutes=61)
    assert ask(app, "nog.iemand@x.nl", "203.0.113.5").status_code == 200
    assert ask(app, COORDINATOR, "10.1.0.99").status_code == 200
    assert len(inbox.arrived) == resets.PER_EMAIL + 1


@pytest.mark.parametrize(
    "value, message",
    [
        ("", "vul uw e-mailadres in"),
        ("co@x.nl\x00", "niet zijn toegestaan"),
        ("a" * 250 + "@x.nl", "maximaal 254"),
        ("geen-adres", "vul een volledig e-mailadres in"),
        ("co@x.nl\r\nBcc: iedereen@x.nl", ""),
    ],
)
def test_wrong_and_hostile_addresses_are_refused_in_dutch_and_store_nothing(
    app, coordinator, inbox, engine, value, message
):
    response = ask(app, value)
    assert response.status_code == 400 and message in response.text
    assert inbox.arrived == []
    with Session(engine) as session:
        assert session.exec(select(resets.PasswordResetRequest)).all() == []


def test_a_mail_server_that_is_down_changes_nothing_in_the_answer(engine, clock, coordinator, caplog):
    down = MailSettings("127.0.0.1", free_port(), "kring@test", "http://kring.test", security=NONE)
    app = make_app(engine, clock, MAIL=down)
    answer = ask(app, COORDINATOR)
    assert answer.status_code == 200 and SAME_ANSWER in answer.text
    outbox = app.extensions["kring.outbox"]
    assert (outbox.sent, outbox.failed) == (0, 1)
    assert "De mailserver is niet bereikbaar" in caplog.text
    assert resets.is_well_formed("a" * 43) and not any(
        resets.is_well_formed(text) for text in ("a" * 42, "a" * 44, "a" * 42 + "=")
    )


def test_without_a_mail_server_nothing_is_sent_and_the_answer_is_the_same(
    engine, clock, coordinator, caplog, monkeypatch
):
    monkeypatch.delenv("KRING_SMTP_HOST", raising=False)
    app = make_app(engine, clock)
    answer = ask(app, COORDINATOR)
    assert answer.status_code == 200 and SAME_ANSWER in answer.text
    assert "no mail server (KRING_SMTP_HOST)" in caplog.text


def test_two_tabs_sending_one_link_at_once_set_one_password(engine, clock, coordinator):
    link = resets.request_reset(SqlUnitOfWork(engine, clock, bootstrap()), COORDINATOR, "10.0.0.1")

    def use(password: str) -> str:
        values = {"new_password": password, "new_password_repeat": password}
        try:
            resets.reset_password(SqlUnitOfWork(engine, clock, bootstrap()), link.token, values, "scrypt:1024:8:1")
            return "ingesteld"
        except InvalidInput as refused:
            return refused.errors["token"]

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(use, ["eerste nieuwe wachtwoord", "tweede nieuwe wachtwoord"]))
    assert outcomes == [resets.USED, "ingesteld"]
