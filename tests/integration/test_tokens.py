"""API tokens: a name, an expiry, a last-used time and revocation, through the CLI, the account page and the
admin's button; a revoked or expired token gets the API's JSON 401. On SQLite and PostgreSQL."""

import datetime as dt

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from sqlmodel import Session, select

from storage import migrate
from storage.engine import make_engine
from storage.models import ApiToken, User
from storage.tokens import LAST_USED_PRECISION
from tests.conftest import COORDINATOR, START
from web import cli
from workflow.phases import Role


@pytest.fixture
def engine(any_engine):
    return any_engine


@pytest.fixture
def coordinator(people):
    return people.make(Role.COORDINATOR, COORDINATOR)[0]


def api_status(app, token: str) -> int:
    """The status of a plain API read with this bearer token."""
    return app.test_client().get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"}).status_code


def refused_as_json(app, token: str) -> bool:
    """Whether the API answers 401 with its JSON error shape."""
    response = app.test_client().get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    error = response.json["error"]
    return response.status_code == 401 and error["code"] == "unauthorized" and "verlopen" in error["message"]


def stored_tokens(engine, user_id: int) -> list[ApiToken]:
    with Session(engine) as session:
        return list(session.exec(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)))


def run_cli(engine, *args: str):
    runner = CliRunner(env={"KRING_DATABASE_URL": engine.url.render_as_string(hide_password=False)})
    return runner.invoke(cli.main, list(args))


# --- expiry, revocation, last use -------------------------------------------------------------------------


def test_a_token_expires_after_a_year_by_default(app, coordinator, people, clock):
    token = people.token(coordinator.id, clock.now())
    (row,) = stored_tokens(app.extensions["kring.engine"], coordinator.id)
    assert row.expires_at == START + dt.timedelta(days=365)
    clock.advance(days=364, hours=23)
    assert api_status(app, token) == 200
    clock.advance(hours=1)
    assert refused_as_json(app, token)


def test_a_revoked_token_gets_401(app, engine, coordinator, people):
    token = people.token(coordinator.id)
    assert api_status(app, token) == 200
    result = run_cli(engine, "token", "revoke", str(stored_tokens(engine, coordinator.id)[0].id))
    assert result.exit_code == 0, result.output
    assert refused_as_json(app, token)


def test_last_use_is_written_at_most_once_a_minute(app, engine, coordinator, people, clock):
    token = people.token(coordinator.id)
    assert stored_tokens(engine, coordinator.id)[0].last_used_at is None
    api_status(app, token)
    assert stored_tokens(engine, coordinator.id)[0].last_used_at == START
    clock.advance(seconds=LAST_USED_PRECISION.total_seconds() - 1)
    api_status(app, token)
    assert stored_tokens(engine, coordinator.id)[0].last_used_at == START
    clock.advance(seconds=1)
    api_status(app, token)
    assert stored_tokens(engine, coordinator.id)[0].last_used_at == clock.now()


# --- the command line ------------------------------------------------------------------------------------


def test_token_create_list_and_revoke_on_the_command_line(app, engine, coordinator):
    assert "heeft geen API-tokens" in run_cli(engine, "token", "list", "--email", COORDINATOR).output
    created = run_cli(engine, "token", "create", "--email", COORDINATOR, "--name", "Rapportagescript", "--days", "30")
    assert created.exit_code == 0, created.output
    secret = created.output.strip().splitlines()[0]
    (row,) = stored_tokens(engine, coordinator.id)
    assert row.name == "Rapportagescript" and row.expires_at - row.created_at == dt.timedelta(days=30)
    listed = run_cli(engine, "token", "list", "--email", COORDINATOR)
    assert listed.exit_code == 0 and f"{row.id}\tactief\tRapportagescript" in listed.output
    assert secret not in listed.output and row.token_hash not in listed.output
    run_cli(engine, "token", "create", "--email", COORDINATOR, "--name", "Tweede")
    assert run_cli(engine, "token", "revoke", str(row.id)).output.strip() == f"Token {row.id} is ingetrokken."
    assert f"{row.id}\tingetrokken\tRapportagescript" in run_cli(engine, "token", "list", "--email", COORDINATOR).output
    everything = run_cli(engine, "token", "revoke", "--email", COORDINATOR)
    assert everything.exit_code == 0 and "1 token(s)" in everything.output
    assert all(t.revoked_at is not None for t in stored_tokens(engine, coordinator.id))


@pytest.mark.parametrize(
    "args, message",
    [
        (["token", "revoke", "999999"], "geen token met id 999999"),
        (["token", "revoke"], "niet allebei"),
        (["token", "revoke", "1", "--email", COORDINATOR], "niet allebei"),
        (["token", "revoke", "--email", "niemand@kring.test"], "Geen gebruiker"),
        (["token", "list", "--email", "niemand@kring.test"], "Geen gebruiker"),
        (["token", "create", "--email", "niemand@kring.test"], "Geen actieve gebruiker"),
        (["token", "create", "--email", COORDINATOR, "--name", "x" * 81], "maximaal 80 tekens"),
        (["token", "create", "--email", COORDINATOR, "--name", "nul\x00teken"], "niet zijn toegestaan"),
        (["token", "create", "--email", COORDINATOR, "--name", "esc\x1b[2J"], "niet zijn toegestaan"),
        (["token", "create", "--email", COORDINATOR, "--days", "0"], "1 tot en met 730"),
        (["token", "create", "--email", COORDINATOR, "--days", "100000"], "1 tot en met 730"),
    ],
)
def test_the_token_commands_refuse_in_dutch(engine, coordinator, args, message):
    result = run_cli(engine, *args)
    assert result.exit_code != 0 and message in result.output
    assert stored_tokens(engine, coordinator.id) == []


# --- the account page -----------------------------------------------------------------------------------


def test_the_account_page_creates_shows_once_and_revokes_own_tokens(app, engine, coordinator, people, login):
    browser = login(COORDINATOR)
    created = browser.post("/mijn-account/tokens", data={"name": "<b>Mijn script</b>", "days": "90"})
    assert created.status_code == 201
    secret = created.text.split('<code id="new-token">')[1].split("</code>")[0]
    assert api_status(app, secret) == 200
    page = browser.get("/mijn-account").text
    assert secret not in page and "&lt;b&gt;Mijn script&lt;/b&gt;" in page and "<b>Mijn script" not in page
    (row,) = stored_tokens(engine, coordinator.id)
    assert row.expires_at - row.created_at == dt.timedelta(days=90)

    other, _ = people.make(Role.REGIOMANAGER, "ander@kring.test")
    theirs = people.token(other.id)
    their_id = stored_tokens(engine, other.id)[0].id
    assert browser.post(f"/mijn-account/tokens/{their_id}/intrekken").status_code == 404
    assert api_status(app, theirs) == 200, "someone else's token stays"
    assert browser.post("/mijn-account/tokens/999999/intrekken").status_code == 404

    assert browser.post(f"/mijn-account/tokens/{row.id}/intrekken").status_code == 303
    assert refused_as_json(app, secret)
    assert "ingetrokken" in browser.get("/mijn-account").text


@pytest.mark.parametrize(
    "form, message",
    [
        ({}, "Naam: vul dit in"),
        ({"name": "   ", "days": "30"}, "Naam: vul dit in"),
        ({"name": "x" * 81}, "Naam: maximaal 80 tekens"),
        ({"name": "x" * 50000}, "Naam: maximaal 80 tekens"),
        ({"name": "nul\x00teken"}, "niet zijn toegestaan"),
        ({"name": "bel\x07teken"}, "niet zijn toegestaan"),
        ({"name": "twee\nregels"}, "één regel"),
        ({"name": "Script", "days": "0"}, "Geldig (dagen): minimaal 1"),
        ({"name": "Script", "days": "731"}, "Geldig (dagen): maximaal 730"),
        ({"name": "Script", "days": "een jaar"}, "heel getal"),
        ({"name": "Script", "days": "1e9"}, "heel getal"),
    ],
)
def test_the_token_form_refuses_in_dutch_and_stores_nothing(engine, coordinator, login, form, message):
    response = login(COORDINATOR).post("/mijn-account/tokens", data=form)
    assert response.status_code == 400 and message in response.text
    assert "new-token" not in response.text
    assert stored_tokens(engine, coordinator.id) == []


def test_an_empty_validity_means_a_year(engine, coordinator, login):
    assert login(COORDINATOR).post("/mijn-account/tokens", data={"name": "Script", "days": ""}).status_code == 201
    (row,) = stored_tokens(engine, coordinator.id)
    assert row.expires_at - row.created_at == dt.timedelta(days=365)


# --- the admin -------------------------------------------------------------------------------------------


def test_an_admin_revokes_every_token_of_a_user(app, engine, coordinator, people, admin_client):
    tokens = [people.token(coordinator.id), people.token(coordinator.id)]
    users_page = admin_client.get("/beheer/gebruikers").text
    assert f"/beheer/gebruikers/{coordinator.id}/tokens-intrekken" in users_page
    response = admin_client.post(f"/beheer/gebruikers/{coordinator.id}/tokens-intrekken", follow_redirects=True)
    assert "2 API-token(s) ingetrokken." in response.text
    assert all(refused_as_json(app, token) for token in tokens)
    again = admin_client.post(f"/beheer/gebruikers/{coordinator.id}/tokens-intrekken", follow_redirects=True)
    assert "geen geldige API-tokens" in again.text
    assert admin_client.post("/beheer/gebruikers/999999/tokens-intrekken").status_code == 404


def test_only_an_admin_revokes_someone_elses_tokens(app, engine, coordinator, people, login):
    token = people.token(coordinator.id)
    people.make(Role.REGIOMANAGER, "rm@kring.test")
    response = login("rm@kring.test").post(f"/beheer/gebruikers/{coordinator.id}/tokens-intrekken")
    assert response.status_code == 403 and api_status(app, token) == 200


# --- the migration ---------------------------------------------------------------------------------------


def test_existing_tokens_expire_a_year_after_the_migration(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    migrate.upgrade(url, "0007")
    engine = make_engine(url)
    created = dt.datetime(2024, 1, 1)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO user (email, name, password_hash, role, active, session_token, created_at) "
                "VALUES ('oud@kring.test', 'Oud', 'x', 'admin', 1, 'x', :at)"
            ),
            {"at": created},
        )
        connection.execute(
            sa.text("INSERT INTO apitoken (user_id, token_hash, name, created_at) VALUES (1, 'abc', 'oud', :at)"),
            {"at": created},
        )
    before = dt.datetime.now(dt.UTC)
    migrate.upgrade(url)
    with Session(engine) as session:
        (row,) = session.exec(select(ApiToken)).all()
        assert session.get(User, 1).email == "oud@kring.test"
    assert before + dt.timedelta(days=365) <= row.expires_at <= dt.datetime.now(dt.UTC) + dt.timedelta(days=365)
    assert row.revoked_at is None and row.last_used_at is None
    migrate.downgrade(url, "0007")
    engine.dispose()
