"""Shared fixtures: a fresh database per test (SQLite, or PostgreSQL where asked), the app, logged-in clients."""

import datetime as dt
import os
import uuid

import pytest
import sqlalchemy as sa

os.environ.setdefault("KRING_PASSWORD_METHOD", "scrypt:1024:8:1")  # fast hashes in tests only
os.environ.setdefault("KRING_SECRET_KEY", "test-secret-key")

from sqlmodel import Session, func, select  # noqa: E402

from storage import migrate  # noqa: E402
from storage.accounts import actor_for, create_user  # noqa: E402
from storage.engine import make_engine  # noqa: E402
from storage.geo import ensure_geography  # noqa: E402
from storage.models import User  # noqa: E402
from storage.tokens import create_token  # noqa: E402
from storage.uow import SqlUnitOfWork  # noqa: E402
from web.app import create_app  # noqa: E402
from web.bootstrap import bootstrap  # noqa: E402
from workflow.clock import FrozenClock  # noqa: E402
from workflow.phases import Role  # noqa: E402

POSTGRES_URL = os.environ.get("KRING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
PASSWORD = "geheim-wachtwoord"
ADMIN, REGIOMANAGER, COORDINATOR = "admin@x.nl", "rm@x.nl", "co@x.nl"


def postgres_reason() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when they can."""
    try:
        engine = sa.create_engine(POSTGRES_URL)
        with engine.connect():
            pass
        engine.dispose()
        return None
    except Exception as problem:  # any failure to connect means: skip, and say why
        return f"no PostgreSQL at {POSTGRES_URL.split('@')[-1]}: {type(problem).__name__}"


_PG_REASON = postgres_reason()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_engine(request, tmp_path):
    """A migrated database on SQLite and on PostgreSQL (its own schema, dropped afterwards)."""
    if request.param == "sqlite":
        yield from _sqlite_engine(tmp_path)
    else:
        yield from _postgres_engine()


@pytest.fixture
def engine(tmp_path):
    """A migrated SQLite database in a temporary file."""
    yield from _sqlite_engine(tmp_path)


def _sqlite_engine(tmp_path):
    url = f"sqlite:///{tmp_path / 'kring.sqlite3'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        ensure_geography(session)
    yield engine
    engine.dispose()


def _postgres_engine():
    if _PG_REASON and os.environ.get("KRING_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"KRING_REQUIRE_POSTGRES=1 but {_PG_REASON}")
    if _PG_REASON:
        pytest.skip(_PG_REASON)
    schema = f"kring_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    # lock_timeout: a lock wait that would hang the run (a deadlock inside one process) fails within 20 s
    url = sa.make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema} -clock_timeout=20s"})
    url_text = url.render_as_string(hide_password=False)
    migrate.upgrade(url_text)
    engine = make_engine(url_text)
    with Session(engine) as session:
        ensure_geography(session)
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.dispose()


@pytest.fixture
def clock():
    """The frozen clock of the test, at START; tests move it on."""
    return FrozenClock(START)


def count_rows(engine, model, *where) -> int:
    """How many rows of `model` match `where`."""
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def units_of_work(engine, clock):
    """A maker of fresh units of work, as the app makes one per request."""
    return lambda: SqlUnitOfWork(engine, clock, bootstrap())


class People:
    """Creates users of each role on a test database and returns them with their domain Actor."""

    def __init__(self, engine):
        self.engine = engine

    def make(self, role: Role, email: str, regions=("Noord-Holland",), password=PASSWORD):
        """A new user of `role` named after the e-mail address, and their Actor."""
        with Session(self.engine) as session:
            user = create_user(
                session,
                email,
                email.split("@")[0].title(),
                role,
                password=password,
                regions=list(regions),
                now=START,
                password_method=os.environ["KRING_PASSWORD_METHOD"],  # the fast hash set above
            )
            session.commit()
            return user, actor_for(session, user)

    def team(self, manager: str = "rm@kring.test", coordinator: str = "co@kring.test"):
        """A regiomanager and a coordinator of Noord-Holland, as Actors: the pair most cases need."""
        return self.make(Role.REGIOMANAGER, manager)[1], self.make(Role.COORDINATOR, coordinator)[1]

    def token(self, user_id: int, now: dt.datetime = START) -> str:
        """A new API bearer token of the user."""
        with Session(self.engine) as session:
            token = create_token(session, session.get(User, user_id), now, "test")
            session.commit()
            return token


@pytest.fixture
def people(engine):
    """Makes users on this test's database."""
    return People(engine)


def make_app(engine, clock, **overrides):
    """The app on the test database and clock; forms need no CSRF token unless `overrides` say so."""
    return create_app({"TESTING": True, "ENGINE": engine, "CLOCK": clock, "WTF_CSRF_ENABLED": False, **overrides})


@pytest.fixture
def app(engine, clock):
    """The app on this test's `engine` (SQLite, or both databases where a module widens `engine`)."""
    return make_app(engine, clock)


@pytest.fixture
def client(app):
    """An anonymous browser."""
    return app.test_client()


@pytest.fixture
def login(app):
    """login(email) -> a browser of the app with that user logged in."""

    def log_in(email: str, password: str = PASSWORD):
        browser = app.test_client()
        response = browser.post("/login", data={"email": email, "password": password})
        assert response.status_code == 302, f"cannot log in as {email}: {response.status_code}"
        return browser

    return log_in


@pytest.fixture
def admin_client(people, login):
    """A browser logged in as the admin (ADMIN, no regions)."""
    people.make(Role.ADMIN, ADMIN, regions=())
    return login(ADMIN)


@pytest.fixture
def regiomanager_client(people, login):
    """A browser logged in as the regiomanager of Noord-Holland (REGIOMANAGER)."""
    people.make(Role.REGIOMANAGER, REGIOMANAGER)
    return login(REGIOMANAGER)


@pytest.fixture
def coordinator_client(people, login):
    """A browser logged in as a coordinator in Noord-Holland (COORDINATOR)."""
    people.make(Role.COORDINATOR, COORDINATOR)
    return login(COORDINATOR)
