"""Benchmark: the reminder scan's claim-and-mark against the same claim-and-mark in raw SQL, side by side in
one run, for 1,000 due among 1,000,000 reminder rows (target: the scan within 5x of raw SQL), on SQLite and,
with --postgres URL, on PostgreSQL (in a schema of its own, dropped afterwards); and the query plan of the
due-row lookup. Run from the repository (PYTHONPATH=. so that this tree's code is measured):
PYTHONPATH=. python bench/bench_reminder_scan.py [--rows N] [--due N] [--rounds N] [--postgres URL]."""

import argparse
import datetime as dt
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from notifications.scan import due_condition, run_scan
from storage import migrate
from storage.engine import make_engine, psycopg_url
from storage.geo import ensure_geography
from storage.models import Case, User
from storage.reminders import Reminder
from storage.types import UTCDateTime
from workflow.phases import Phase

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)

# The same work as the scan in hand-written SQL: claim the due rows (one committed UPDATE … RETURNING), then
# mark them sent (one committed UPDATE).
RAW_CLAIM = sa.text(
    "UPDATE reminder SET state = 'sending', claim_token = :token, claimed_at = :now "
    "WHERE id IN (SELECT id FROM reminder WHERE state = 'open' AND due_at <= :now ORDER BY due_at LIMIT :batch) "
    "RETURNING id"
).bindparams(sa.bindparam("now", type_=UTCDateTime()))  # stored as the app stores it: UTC text on SQLite
RAW_MARK = sa.text(
    "UPDATE reminder SET state = 'sent', sent_at = :now WHERE claim_token = :token AND state = 'sending'"
).bindparams(sa.bindparam("now", type_=UTCDateTime()))


def fill(engine: sa.Engine, rows: int, due: int) -> None:
    """One user, 100 cases, `rows` reminders: `due` of them due at NOW, the rest later or already sent."""
    with Session(engine) as session:
        session.add(
            User(email="b@k", name="B", password_hash="x", role="coordinator", session_token="t", created_at=NOW)
        )
        for number in range(1, 101):
            session.add(
                Case(
                    ref=f"EK-{number}",
                    phase=Phase("nazorg"),
                    application_date=NOW.date(),
                    province="Utrecht",
                    municipality_id=1,
                    region_id=1,
                    referrer_type="Organisatie",
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
        session.commit()
        user_id = session.exec(sa.select(sa.func.min(User.id))).one()[0]
        first_case = session.exec(sa.select(sa.func.min(Case.id))).one()[0]
    with engine.begin() as conn:
        batch = []
        for i in range(rows):
            batch.append(_reminder(i, due, user_id, first_case))
            if len(batch) == 50_000:
                conn.execute(sa.insert(Reminder), batch)
                batch = []
        if batch:
            conn.execute(sa.insert(Reminder), batch)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE reminder")


def _reminder(i: int, due: int, user_id: int, first_case: int) -> dict:
    if i < due:
        state, when = "open", NOW - dt.timedelta(minutes=i % 600)
    elif i % 2:
        state, when = "open", NOW + dt.timedelta(days=1 + i % 300)
    else:
        state, when = "sent", NOW - dt.timedelta(days=1 + i % 300)
    return {
        "case_id": first_case + i % 100,
        "kind": "follow_up_main_person",
        "sequence": i,
        "user_id": user_id,
        "due_at": when,
        "state": state,
        "result": {},
        "created_at": NOW,
    }


def query_plan(engine: sa.Engine) -> str:
    """The database's plan for the scan's due-row lookup."""
    query = sa.select(Reminder.id).where(due_condition(NOW)).order_by(Reminder.due_at).limit(1000)
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as conn:
        compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
        rows = conn.exec_driver_sql(prefix + str(compiled)).all()
    return "\n".join(" ".join(str(c) for c in row) for row in rows)


def reset(engine: sa.Engine, due: int) -> None:
    """Make the same rows due again for the next round."""
    with engine.begin() as conn:
        conn.execute(
            sa.update(Reminder)
            .where(Reminder.sequence < due)
            .values(state="open", claim_token=None, claimed_at=None, sent_at=None)
        )


def scan_claim_and_mark(engine: sa.Engine, due: int) -> int:
    """The scan itself, in-app only (no mail): cancel outdated, claim, mark sent."""
    return run_scan(engine, NOW, None).sent


def raw_claim_and_mark(engine: sa.Engine, due: int) -> int:
    """The same claim-and-mark in hand-written SQL."""
    token = uuid.uuid4().hex[:16]
    with engine.begin() as conn:
        claimed = len(conn.execute(RAW_CLAIM, {"token": token, "now": NOW, "batch": due}).all())
    with engine.begin() as conn:
        conn.execute(RAW_MARK, {"token": token, "now": NOW})
    return claimed


def side_by_side(engine: sa.Engine, due: int, rounds: int) -> dict[str, list[float]]:
    """Both ways, alternating round by round so that load from elsewhere falls on both alike."""
    ways: dict[str, Callable[[sa.Engine, int], int]] = {"scan": scan_claim_and_mark, "raw SQL": raw_claim_and_mark}
    timings: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(rounds):
        for name, way in ways.items():
            reset(engine, due)
            started = time.perf_counter()
            done = way(engine, due)
            timings[name].append(time.perf_counter() - started)
            assert done == due, (name, done)
    return timings


def report(database: str, rows: int, due: int, timings: dict[str, list[float]]) -> None:
    scan, raw = (statistics.median(timings[name]) for name in ("scan", "raw SQL"))
    print(f"{database}: claim-and-mark of {due:,} due among {rows:,}, median of {len(timings['scan'])} rounds")
    for name, runs in timings.items():
        print(f"  {name:8} {statistics.median(runs) * 1000:7.1f} ms   runs {[round(t * 1000, 1) for t in runs]} ms")
    print(f"  scan / raw SQL = {scan / raw:.1f}x (target: at most 5x)")


@contextmanager
def sqlite_engine() -> Iterator[sa.Engine]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        migrate.upgrade(url)
        engine = make_engine(url)
        yield engine
        engine.dispose()


@contextmanager
def postgres_engine(url: str) -> Iterator[sa.Engine]:
    schema = f"kring_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(psycopg_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        scoped = sa.make_url(psycopg_url(url)).update_query_dict({"options": f"-csearch_path={schema}"})
        text = scoped.render_as_string(hide_password=False)
        migrate.upgrade(text)
        engine = make_engine(text)
        yield engine
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def bench(name: str, engine: sa.Engine, args: argparse.Namespace) -> None:
    with Session(engine) as session:
        ensure_geography(session)
    started = time.perf_counter()
    fill(engine, args.rows, args.due)
    print(f"{name}: filled {args.rows:,} reminders ({args.due:,} due) in {time.perf_counter() - started:.1f} s")
    print("query plan of the due lookup:\n" + query_plan(engine))
    report(name, args.rows, args.due, side_by_side(engine, args.due, args.rounds))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--postgres", metavar="URL", help="also on this PostgreSQL database (own schema)")
    args = parser.parse_args()
    with sqlite_engine() as engine:
        bench("SQLite", engine, args)
    if args.postgres:
        with postgres_engine(args.postgres) as engine:
            bench("PostgreSQL", engine, args)


if __name__ == "__main__":
    main()
