"""The `kring` command on a temporary SQLite database (KRING_DATABASE_URL), and serving without blocking."""

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlmodel import Session, func, select

from storage.engine import make_engine
from storage.models import Case, Municipality, User
from web.cli import main
from web.cli import serve as serving


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


@pytest.fixture
def run(url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the app's instance folder (secret key) goes here, not into the repo
    runner = CliRunner(env={"KRING_DATABASE_URL": url})

    def invoke(*args: str):
        result = runner.invoke(main, list(args), catch_exceptions=False)
        return result

    return invoke


def rows(url, model, *where) -> int:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return session.exec(select(func.count()).select_from(model).where(*where)).one()
    finally:
        engine.dispose()


def test_db_upgrade_creates_the_schema_and_the_municipalities(run, url):
    result = run("db", "upgrade")
    assert result.exit_code == 0, result.output
    assert "Database bijgewerkt" in result.output
    assert rows(url, Municipality) > 300
    assert run("db", "upgrade").exit_code == 0  # twice is fine


def test_user_create_and_its_refusals(run, url):
    run("db", "upgrade")
    result = run(
        "user",
        "create",
        "--email",
        "Regio@Kring.test",
        "--name",
        "Regio Utrecht",
        "--role",
        "regiomanager",
        "--region",
        "Utrecht",
        "--password",
        "een-lang-wachtwoord",
    )
    assert result.exit_code == 0, result.output
    assert rows(url, User, User.email == "regio@kring.test", User.role == "regiomanager") == 1
    again = run(
        "user",
        "create",
        "--email",
        "regio@kring.test",
        "--name",
        "X",
        "--role",
        "admin",
        "--password",
        "een-lang-wachtwoord",
    )
    assert again.exit_code != 0 and "Er is al een gebruiker" in again.output
    unknown = run(
        "user",
        "create",
        "--email",
        "b@kring.test",
        "--name",
        "B",
        "--role",
        "regiomanager",
        "--region",
        "Atlantis",
        "--password",
        "een-lang-wachtwoord",
    )
    assert unknown.exit_code != 0 and "Onbekende regio" in unknown.output
    assert rows(url, User) == 1


def test_demo_is_idempotent(run, url):
    first = run("demo")
    assert first.exit_code == 0, first.output
    users, cases = rows(url, User), rows(url, Case)
    assert users > 0 and cases > 0
    second = run("demo")
    assert second.exit_code == 0
    assert "Demo: 0 gebruikers en 0 zaken aangemaakt." in second.output
    assert (rows(url, User), rows(url, Case)) == (users, cases)


def test_diagram_prints_mermaid(run):
    result = run("diagram")
    assert result.exit_code == 0 and "stateDiagram-v2" in result.output


class FakeRunner:
    """Stands in for waitress.serve: records how it was called and returns at once."""

    def __init__(self):
        self.calls = []

    def __call__(self, app, **options):
        self.calls.append((app, options))


def test_serve_builds_the_app_and_runs_it_on_waitress_with_a_bounded_thread_pool(url, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KRING_DATABASE_URL", url)
    monkeypatch.setenv("KRING_THREADS", "6")
    fake = FakeRunner()
    serving.serve("0.0.0.0", 8123, runner=fake)
    ((app, options),) = fake.calls
    assert (options["host"], options["port"], options["threads"]) == ("0.0.0.0", 8123, 6)
    assert isinstance(app, Flask) and "admin.users" in app.view_functions and "intake.apply" in app.view_functions
    assert app.extensions["kring.engine"].pool.size() == 6  # one connection per thread
    assert options["ident"] == "Kring" and options["clear_untrusted_proxy_headers"] is True
    assert "http://0.0.0.0:8123" in capsys.readouterr().out


def test_up_prepares_the_database_and_demo_then_serves(run, url, monkeypatch):
    fake = FakeRunner()
    monkeypatch.setattr(serving.waitress, "serve", fake)
    result = run("up", "--port", "5077")
    assert result.exit_code == 0, result.output
    assert "Kring draait op http://127.0.0.1:5077 — log in met admin@kring.demo" in result.output
    assert rows(url, User, User.email == "admin@kring.demo") == 1 and rows(url, Case) > 0
    ((app, options),) = fake.calls
    assert (options["host"], options["port"], options["threads"]) == ("127.0.0.1", 5077, 8)
    client = app.test_client()  # the app that would be served answers on the demo database
    assert client.get("/aanmelden").status_code == 200
    login = client.post("/login", data={"email": "admin@kring.demo", "password": "demo"})
    assert login.status_code == 400  # no CSRF token: the served app has CSRF protection on


def test_serve_command_passes_host_port_threads_and_the_scheduler_choice(run, monkeypatch):
    seen = []

    def fake_serve(host, port, app, with_scheduler):
        seen.append((host, port, app.extensions["kring.settings"].threads, with_scheduler))

    monkeypatch.setattr(serving, "serve", fake_serve)
    assert run("serve", "--host", "0.0.0.0", "--port", "8080").exit_code == 0
    assert run("serve", "--no-scheduler", "--threads", "3").exit_code == 0
    assert seen == [("0.0.0.0", 8080, 8, True), ("127.0.0.1", 5000, 3, False)]
    for wrong in (("--port", "70000"), ("--threads", "0"), ("--threads", "65"), ("--threads", "acht")):
        assert run("serve", *wrong).exit_code != 0


def test_reminders_run_scans_as_of_the_given_moment(tmp_path, monkeypatch):
    """`kring reminders run --now` runs one scan; a moment without time zone is refused."""
    from click.testing import CliRunner

    from web.cli import main

    monkeypatch.setenv("KRING_DATABASE_URL", f"sqlite:///{tmp_path / 'k.sqlite3'}")
    monkeypatch.delenv("KRING_SMTP_HOST", raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(main, ["reminders", "run", "--now", "2026-04-01T09:00+02:00"])
    assert result.exit_code == 0 and "0 klaar" in result.output
    refused = runner.invoke(main, ["reminders", "run", "--now", "2026-04-01T09:00"])
    assert refused.exit_code != 0 and "tijdzone" in refused.output
