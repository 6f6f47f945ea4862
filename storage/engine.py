"""The database engine: SQLite by default (foreign keys on, WAL), PostgreSQL by KRING_DATABASE_URL."""

import sqlalchemy as sa
from sqlalchemy.pool import StaticPool

DEFAULT_URL = "sqlite:///kring.sqlite3"


def psycopg_url(url: str) -> str:
    """The URL with postgres:// and postgresql:// read as psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> sa.Engine:
    """An engine with the settings our correctness depends on."""
    url = psycopg_url(url)
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    memory = url in ("sqlite://", "sqlite:///:memory:")
    engine = sa.create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30},
        poolclass=StaticPool if memory else None,
    )
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    sa.event.listen(engine, "begin", _sqlite_begin_immediate)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # The sqlite3 driver's own transaction handling is switched off so that BEGIN below is ours.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # NORMAL is the setting SQLite recommends with WAL: still consistent after a crash; only a power cut
    # can lose the last commits. FULL would fsync on every commit and make each action several ms slower.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


WRITE = {"kring_write": True}


def _sqlite_begin_immediate(connection) -> None:
    # A unit of work that writes begins IMMEDIATE, taking the write lock at the start: two writers
    # queue instead of one failing with "database is locked" half-way, and the version check then
    # sees the winner's commit. Reads begin DEFERRED and never wait.
    mode = "IMMEDIATE" if connection.get_execution_options().get("kring_write") else "DEFERRED"
    connection.exec_driver_sql(f"BEGIN {mode}")
