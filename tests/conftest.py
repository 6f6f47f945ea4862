"""Shared fixtures: a fresh database per test (SQLite, or PostgreSQL where asked), the app, logged-in clients."""

import datetime as dt
import os
import uuid

import pytest
import sqlalchemy as sa

os.environ.setdefault("KRING_PASSWORD_METHOD", "scrypt:1024:8:1")  # fast hashes in tests only
os.environ.setdefault("KRING_SECRET_KEY", "test-secret-key")

from sqlmodel import Session  # noqa: E402

from storage import migrate  # noqa: E402
from storage.accounts import actor_for, create_user  # noqa: E402
from storage.engine import make_engine  # noqa: E402
from storage.geo import ensure_geography  # noqa: E402
from workflow.clock import FrozenClock  # noqa: E402
from workflow.phases import Role  # noqa: E402

POSTGRES_URL = os.environ.get("KRING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


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
    return FrozenClock(START)


class People:
    """Creates users of each role on a test database and returns them with their domain Actor."""

    def __init__(self, engine):
        self.engine = engine

    def make(self, role: Role, email: str, regions=("Noord-Holland",), password="geheim-wachtwoord"):
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


@pytest.fixture
def people(engine):
    return People(engine)
