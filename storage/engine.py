"""The database engine: SQLite by default (foreign keys on, WAL), PostgreSQL by KRING_DATABASE_URL."""

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

DEFAULT_URL = "sqlite:///kring.sqlite3"
DEFAULT_THREADS = 8  # the server's worker threads (KRING_THREADS)
# Connections beyond one per thread: the in-process reminder scan and a command's nested session.
SPARE_CONNECTIONS = 4


def psycopg_url(url: str) -> str:
    """The URL with postgres:// and postgresql:// read as psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, threads: int = DEFAULT_THREADS) -> sa.Engine:
    """An engine with the settings our correctness depends on, its pool sized for `threads` at once."""
    url = psycopg_url(url)
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True, **_pool(threads))
    memory = url in ("sqlite://", "sqlite:///:memory:")
    engine = sa.create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30},
        **({"poolclass": StaticPool} if memory else _pool(threads)),
    )
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    sa.event.listen(engine, "begin", _sqlite_begin_immediate)
    return engine


def _pool(threads: int) -> dict:
    # One connection per server thread. A request uses one database session, and so at most one connection at
    # a time, for its reads, its write and its access-log line (web/context.py); the server runs at most
    # `threads` requests at once. So no request ever waits for a connection, and none can hold one while it
    # waits for a second: the way the old pool (5 + 10 overflow, under a server without a thread cap) ran out
    # at about 20 users. The few spares serve the in-process reminder scan.
    return {"pool_size": threads, "max_overflow": SPARE_CONNECTIONS}


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
    # lower() for every letter, as PostgreSQL's: the case search (storage/case_search.py) compares with it.
    dbapi_connection.create_function("kring_fold", 1, _fold, deterministic=True)


def _fold(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


WRITE_OPTION = "kring_write"  # the execution option that marks a writing transaction
WRITE = {WRITE_OPTION: True}


def _sqlite_begin_immediate(connection) -> None:
    # A unit of work that writes begins IMMEDIATE, taking the write lock at the start: two writers
    # queue instead of one failing with "database is locked" half-way, and the version check then
    # sees the winner's commit. Reads begin DEFERRED and never wait.
    mode = "IMMEDIATE" if connection.get_execution_options().get(WRITE_OPTION) else "DEFERRED"
    connection.exec_driver_sql(f"BEGIN {mode}")


def database_answers(session: Session) -> bool:
    """Whether the database answers `SELECT 1` through `session` (the health check)."""
    try:
        session.execute(sa.text("SELECT 1")).one()
    except (SQLAlchemyError, OSError):
        return False
    return True


def end_read_transaction(session: Session) -> None:
    """Give `session`'s connection back to the pool by ending its read transaction; what it loaded stays
    loaded. Pending changes and a writing transaction (a unit of work's) are left to their owner."""
    transaction = session.get_transaction()
    if transaction is None or not transaction.is_active or session.new or session.dirty or session.deleted:
        return
    if not session.connection().get_execution_options().get(WRITE_OPTION):
        # Commit, not rollback: a read-only transaction writes nothing, and with expire_on_commit=False
        # the objects the caller already holds are not expired (a rollback would expire them all).
        session.commit()
