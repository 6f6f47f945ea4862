"""The production server's parts: one connection per request (reads, write and access log alike), the
health endpoint for the proxy, trusted proxy headers by setting, and the app served by waitress itself."""

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager

import pytest
import requests
import sqlalchemy as sa
import waitress
from flask import request
from sqlmodel import Session, select

from storage.audit import AccessLogEntry
from storage.engine import make_engine
from storage.models import Case
from tests.conftest import PASSWORD, People, make_app, units_of_work
from tests.walks import case_in_nazorg
from web import context
from web.app import create_app
from web.cli.serve import server_options
from web.config import Settings
from web.health import DATABASE_DOWN
from workflow.phases import Role

UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent-folder/kring.sqlite3",
    "postgres": "postgresql+psycopg://postgres@127.0.0.1:1/kring?connect_timeout=2",
}


class ConnectionCount:
    """Counts the pool's connections checked out at once, and the most there ever were."""

    def __init__(self, engine: sa.Engine):
        self.now = self.most = 0
        self.lock = threading.Lock()
        sa.event.listen(engine, "checkout", self._out)
        sa.event.listen(engine, "checkin", self._in)

    def _out(self, *_args) -> None:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def _in(self, *_args) -> None:
        with self.lock:
            self.now -= 1

    def reset(self) -> None:
        self.most = self.now


@pytest.fixture
def nazorg(any_engine, clock):
    """On both databases: the app, a case in nazorg, and its coordinator's and the admin's browsers."""
    people = People(any_engine)
    manager, coordinator = people.team()
    people.make(Role.ADMIN, "admin@kring.test", regions=())
    case = case_in_nazorg(units_of_work(any_engine, clock), manager, coordinator)
    app = make_app(any_engine, clock)
    token = people.token(coordinator.user_id)
    return app, case, _logged_in(app, "co@kring.test"), _logged_in(app, "admin@kring.test"), token


def _logged_in(app, email: str):
    browser = app.test_client()
    assert browser.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
    return browser


def test_a_request_reads_writes_and_logs_through_one_connection(nazorg, any_engine):
    app, case, coordinator, admin, token = nazorg
    count = ConnectionCount(any_engine)
    api = {"Authorization": f"Bearer {token}"}
    version = coordinator.get(f"/api/v1/cases/{case.id}", headers=api).get_json()["version"]
    step = {"reden": "De familie wil verder praten", "version": str(version)}
    answers = [
        coordinator.get(f"/zaken/{case.id}"),
        coordinator.get(f"/api/v1/cases/{case.id}", headers=api),
        coordinator.post(f"/zaken/{case.id}/stap/start_follow_up_conference", data=step),
        coordinator.post(f"/zaken/{case.id}/stap/start_follow_up_conference", data=step),  # stale: refused
        admin.get("/beheer/inzage?naam=Sam Jansen"),
    ]
    assert [a.status_code for a in answers] == [200, 200, 302, 409, 200]
    assert count.most == 1, "a request held two connections at once"
    with Session(any_engine) as session:
        logged = session.exec(select(AccessLogEntry.via).where(AccessLogEntry.case_id == case.id)).all()
        assert session.get(Case, case.id).phase == "vervolgconferentie"
    assert sorted(logged) == ["api", "api", "inzage", "pagina"]  # the first API read above, too


def test_the_engine_for_a_storage_function_first_ends_the_requests_read_transaction(engine, clock):
    app = make_app(engine, clock)
    with app.test_request_context():
        session = context.db()
        case_count = session.exec(select(sa.func.count()).select_from(Case)).one()
        assert case_count == 0 and session.in_transaction()
        assert context.engine() is engine
        assert not session.in_transaction(), "the read connection is given back first"


def test_the_engine_leaves_a_unit_of_works_transaction_alone(engine, clock):
    app = make_app(engine, clock)
    with app.test_request_context(), context.uow() as work:
        work.session.exec(select(sa.func.count()).select_from(Case)).one()
        assert context.engine() is engine
        assert work.session.in_transaction(), "a write's transaction is its owner's to end"


# --- health -------------------------------------------------------------------------------------------------


def test_health_answers_ok_when_the_database_answers(any_engine, clock):
    client = make_app(any_engine, clock).test_client()
    answer = client.get("/health")
    assert (answer.status_code, answer.get_json()) == (200, {"status": "ok"})
    assert answer.headers["Cache-Control"] == "no-store"
    assert client.head("/health").status_code == 200
    assert client.post("/health").status_code == 405
    assert client.get("/health?status=kapot").get_json() == {"status": "ok"}  # arguments mean nothing


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_health_is_a_dutch_503_when_the_database_does_not_answer(database, clock, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    broken = make_engine(UNREACHABLE[database])
    answer = make_app(broken, clock).test_client().get("/health")
    assert answer.status_code == 503
    assert answer.get_json() == {"status": "unavailable", "message": DATABASE_DOWN}
    assert "Traceback" not in answer.get_data(as_text=True)
    broken.dispose()


# --- proxy headers and the real server ------------------------------------------------------------------------


@contextmanager
def served(app) -> Iterator[str]:
    """`app` served by waitress with the options `kring serve` uses, on a free loopback port."""
    options = server_options(app, "127.0.0.1", 0)
    server = waitress.create_server(app, **options)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=5)


def _app_showing_the_client(engine, clock, proxies: int):
    settings = Settings(proxy_count=proxies, threads=2)
    app = create_app({"TESTING": True, "ENGINE": engine, "CLOCK": clock}, settings=settings)
    app.add_url_rule("/_wie", "wie", lambda: f"{request.remote_addr} {request.scheme} {request.host}")
    return app


FORWARDED = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.test"}


def test_forwarded_headers_are_ignored_without_a_trusted_proxy(engine, clock):
    with served(_app_showing_the_client(engine, clock, 0)) as url:
        answer = requests.get(f"{url}/_wie", headers=FORWARDED, timeout=10)
    host = url.removeprefix("http://")
    assert answer.text == f"127.0.0.1 http {host}"


def test_forwarded_headers_of_the_trusted_proxy_give_the_client(engine, clock):
    with served(_app_showing_the_client(engine, clock, 1)) as url:
        answer = requests.get(f"{url}/_wie", headers=FORWARDED, timeout=10)
        spoofed = requests.get(f"{url}/_wie", headers={"X-Forwarded-For": "6.6.6.6, 203.0.113.9"}, timeout=10)
    host = url.removeprefix("http://")
    assert answer.text == f"203.0.113.9 https {host}", "the host stays the Host header, never X-Forwarded-Host"
    assert spoofed.text == f"203.0.113.9 http {host}", "only the last address, the one our proxy added, is trusted"


def test_settings_read_threads_and_proxies_within_bounds(monkeypatch):
    for raw, threads in (("4", 4), ("0", 1), ("1000", 64), ("acht", 8), ("", 8)):
        monkeypatch.setenv("KRING_THREADS", raw)
        assert Settings().threads == threads
    for raw, proxies in (("1", 1), ("-3", 0), ("99", 5), ("een", 0)):
        monkeypatch.setenv("KRING_PROXY_COUNT", raw)
        assert Settings().proxy_count == proxies


def test_waitress_serves_the_app_without_a_server_banner(any_engine, clock, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(any_engine, clock, WTF_CSRF_ENABLED=True)
    with served(app) as url, requests.Session() as browser:
        health = browser.get(f"{url}/health", timeout=10)
        login = browser.get(f"{url}/login", timeout=10)
        huge = browser.post(f"{url}/login", data={"email": "x" * (3 * 1024 * 1024)}, timeout=10)
    assert health.json() == {"status": "ok"} and login.status_code == 200
    for response in (health, login):
        names = " ".join(response.headers.values()).lower()
        assert response.headers.get("Server") == "Kring" and "waitress" not in names and "python" not in names
    assert huge.status_code == 413  # the app's own refusal, not waitress's


def test_the_pool_holds_one_connection_per_thread(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'k.sqlite3'}", threads=3)
    assert (engine.pool.size(), engine.pool._max_overflow) == (3, 4)
    engine.dispose()


def test_the_readmes_sqlite_backup_copies_a_database_in_use(engine, tmp_path):
    People(engine).make(Role.ADMIN, "admin@kring.test", regions=())
    copy = tmp_path / "kring-backup.sqlite3"
    with engine.connect() as in_use:  # the app holds a connection; the last commit may still be in the WAL file
        in_use.exec_driver_sql("SELECT 1")
        with closing(sqlite3.connect(engine.url.database)) as source, closing(sqlite3.connect(copy)) as target:
            source.backup(target)
    with closing(sqlite3.connect(copy)) as restored:
        assert restored.execute("SELECT email FROM user").fetchall() == [("admin@kring.test",)]
