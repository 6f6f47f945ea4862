"""Benchmark: the full yearly report (T1–T23 and the text figures) from 10,000 and 100,000 registrations.

    .venv/bin/python bench/bench_report.py [--sizes 10000 100000] [--sqlite] [--postgres URL]

Records are varied synthetic registrations (bench/synthetic_registrations.py: dates, ages, places and label
combinations drawn at random), imported with `kring registrations import`'s code, which also stores each
record's tally. Timed (best of 3):
- pure: workflow.figures.yearly_report over the records in memory (deriving every record's tally);
- stored: web.reports.data.scoped_report, what the reports page, the API and `kring report` run: add up the
  stored tallies of the year and lay the report out; once with only the year in the database ("year"), once
  with as many registrations in the previous year too, which the report compares with ("with previous").
"""

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session  # noqa: E402

from bench.synthetic_registrations import varied_records  # noqa: E402
from workflow.figures import Filters, yearly_report  # noqa: E402

YEAR = 2022


def best_of(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def load(url: str, records: list[dict]) -> float:
    """Import `records` into the database at `url`; the seconds it took."""
    from storage.engine import make_engine
    from storage.registrations import dump_line, import_lines
    from storage.uow import SqlUnitOfWork
    from web.bootstrap import bootstrap
    from workflow.clock import SystemClock

    engine = make_engine(url)
    start = time.perf_counter()
    with SqlUnitOfWork(engine, SystemClock(), bootstrap()) as uow:
        report = import_lines(uow, (dump_line(r) for r in records))
        assert not report.errors, report.errors[:3]
        uow.commit()
    engine.dispose()
    return time.perf_counter() - start


def time_report(url: str, expected: int) -> float:
    from storage.engine import make_engine
    from web.reports.data import scoped_report

    engine = make_engine(url)

    def build() -> None:
        with Session(engine) as session:
            report = scoped_report(session, None, Filters.of(year=YEAR))
        assert report["figures"]["aantal_afgesloten"] == expected

    seconds = best_of(build)
    engine.dispose()
    return seconds


def bench_database(name: str, url: str, size: int) -> None:
    from storage import migrate

    migrate.upgrade(url)
    import_seconds = load(url, varied_records(size, YEAR, seed=1))
    year = time_report(url, size)
    load(url, varied_records(size, YEAR - 1, seed=2))
    with_previous = time_report(url, size)
    print(
        f"{size:>7} registrations: {name:<10} report {year * 1000:6.0f} ms; with previous year "
        f"{with_previous * 1000:6.0f} ms (import {import_seconds:5.1f} s)",
        flush=True,
    )


def sqlite(size: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bench_database("SQLite", f"sqlite:///{tmp}/bench.sqlite3", size)


def postgres(admin_url: str, size: int) -> None:
    """In a database of its own, dropped afterwards."""
    name = f"kring_bench_{os.getpid()}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        bench_database("PostgreSQL", sa.make_url(admin_url).set(database=name).render_as_string(False), size)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--sqlite", action="store_true", help="time the stored path on SQLite")
    parser.add_argument("--postgres", metavar="URL", help="time the stored path on PostgreSQL (admin URL)")
    parser.add_argument("--pure", action="store_true", help="time yearly_report over records in memory")
    args = parser.parse_args()
    for size in args.sizes:
        if args.pure:
            records = varied_records(size, YEAR)
            seconds = best_of(lambda records=records: yearly_report(records, Filters.of(year=YEAR)), 1)
            print(f"{size:>7} registrations: in memory  report {seconds * 1000:6.0f} ms", flush=True)
        if args.sqlite:
            sqlite(size)
        if args.postgres:
            postgres(args.postgres, size)


if __name__ == "__main__":
    main()
