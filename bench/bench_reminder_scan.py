"""Benchmark: one reminder scan over 1,000,000 reminder rows of which 1,000 are due (target: under 1 s on
SQLite), and the query plan of the due-row lookup. Run: python bench/bench_reminder_scan.py [--rows N]."""

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from notifications.scan import due_condition, run_scan
from storage import migrate
from storage.engine import make_engine
from storage.geo import ensure_geography
from storage.reminders import Reminder

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


def fill(engine: sa.Engine, rows: int, due: int) -> None:
    """One user, 100 cases, `rows` reminders: `due` of them due at NOW, the rest later or already sent."""
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO user (email, name, password_hash, role, active, session_token, created_at) "
            "VALUES ('b@k', 'B', 'x', 'coordinator', 1, 't', '2026-01-01 00:00:00')"
        )
        conn.exec_driver_sql(
            "INSERT INTO 'case' (ref, phase, version, variant, application_date, province, municipality_id, "
            "region_id, referrer_type, compulsory_framework, repeat_request, wishes, record, created_at, updated_at) "
            "SELECT 'EK-' || value, 'nazorg', 1, 'familie', '2026-01-01', 'Utrecht', 1, 1, 'Organisatie', 0, 0, "
            "'{}', '{}', '2026-01-01 00:00:00', '2026-01-01 00:00:00' FROM generate_series(1, 100)"
            if engine.dialect.name != "sqlite"
            else "WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 100) "
            "INSERT INTO 'case' (ref, phase, version, variant, application_date, province, municipality_id, "
            "region_id, referrer_type, compulsory_framework, repeat_request, wishes, record, created_at, updated_at) "
            "SELECT 'EK-' || value, 'nazorg', 1, 'familie', '2026-01-01', 'Utrecht', 1, 1, 'Organisatie', 0, 0, "
            "'{}', '{}', '2026-01-01 00:00:00', '2026-01-01 00:00:00' FROM n"
        )
        batch = []
        for i in range(rows):
            if i < due:
                state, when = "open", NOW - dt.timedelta(minutes=i % 600)
            elif i % 2:
                state, when = "open", NOW + dt.timedelta(days=1 + i % 300)
            else:
                state, when = "sent", NOW - dt.timedelta(days=1 + i % 300)
            batch.append(
                {
                    "case_id": 1 + i % 100,
                    "kind": "follow_up_main_person",
                    "sequence": i,
                    "user_id": 1,
                    "due_at": when,
                    "state": state,
                    "result": {},
                    "created_at": NOW,
                }
            )
            if len(batch) == 50_000:
                conn.execute(sa.insert(Reminder), batch)
                batch = []
        if batch:
            conn.execute(sa.insert(Reminder), batch)


def query_plan(engine: sa.Engine) -> str:
    query = sa.select(Reminder.id).where(due_condition(NOW)).order_by(Reminder.due_at).limit(1000)
    compiled = query.compile(engine, compile_kwargs={"literal_binds": False})
    with engine.connect() as conn:
        params = compiled.construct_params()
        prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
        rows = conn.exec_driver_sql(
            prefix + str(compiled), tuple(params.values()) if engine.dialect.name == "sqlite" else params
        ).all()
    return "\n".join(" ".join(str(c) for c in row) for row in rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        migrate.upgrade(url)
        engine = make_engine(url)
        with Session(engine) as session:
            ensure_geography(session)
        started = time.perf_counter()
        fill(engine, args.rows, args.due)
        print(f"filled {args.rows:,} reminders ({args.due:,} due) in {time.perf_counter() - started:.1f} s")
        print("query plan of the due lookup:\n" + query_plan(engine))
        timings = []
        for _ in range(3):
            with engine.begin() as conn:  # make the same rows due again for the next round
                conn.execute(
                    sa.update(Reminder)
                    .where(Reminder.sequence < args.due)
                    .values(state="open", claim_token=None, claimed_at=None)
                )
            started = time.perf_counter()
            result = run_scan(engine, NOW, None)
            timings.append(time.perf_counter() - started)
            assert result.sent == args.due, result
        print(
            f"scan of {args.due:,} due among {args.rows:,}: median {statistics.median(timings) * 1000:.0f} ms, "
            f"runs {[round(t * 1000) for t in timings]} ms"
        )


if __name__ == "__main__":
    main()
