"""Benchmark: 100,000 registrations out to an SPSS file and in again, with the time and peak memory of each.

    .venv/bin/python bench/bench_spss.py [--size 100000] [--postgres URL [--no-sqlite]]

Set-up (not timed as SPSS): varied synthetic registrations (bench/synthetic_registrations.py) over two years
are stored with the JSON Lines import's code. Then, each in a process of its own so that its peak memory is
its own (the maximum resident set size, from getrusage):
- export: `kring registrations export --format sav`'s work: read every registration of every year from the
  database (storage.registration_selection) and write the .sav file (storage.spss.write_sav);
- import: `kring registrations import FILE.sav`'s work into an empty database: read the file, check every
  row, store the records and their report tallies, commit (storage.spss.import_sav).
The goal is under 20 s each.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402

YEARS = (2021, 2022)


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: getrusage's maxrss would carry the parent's peak over the
    exec of a step's process, and the parent holds the set-up's records)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu() -> float:
    """The process's CPU seconds: on a shared machine the wall clock also counts other processes' turns."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def setup(url: str, size: int) -> float:
    from bench.synthetic_registrations import varied_records
    from storage import migrate
    from storage.engine import make_engine
    from storage.registrations import dump_line, import_lines
    from storage.uow import SqlUnitOfWork
    from web.bootstrap import bootstrap
    from workflow.clock import SystemClock

    migrate.upgrade(url)
    engine = make_engine(url)
    start = time.perf_counter()
    for index, year in enumerate(YEARS):
        part = size // len(YEARS) + (size % len(YEARS) if index == 0 else 0)
        records = varied_records(part, year, seed=index + 1)
        for number, record in enumerate(records):
            record["ref"] = f"B{year}-{number:07d}"
        with SqlUnitOfWork(engine, SystemClock(), bootstrap()) as uow:
            report = import_lines(uow, (dump_line(r) for r in records))
            assert not report.errors, report.errors[:3]
            uow.commit()
    engine.dispose()
    return time.perf_counter() - start


def step_export(url: str, path: str) -> None:
    from sqlmodel import Session

    from storage.engine import make_engine
    from storage.registration_selection import selected_registrations
    from storage.spss import write_sav
    from workflow.figures import Filters

    engine = make_engine(url)
    before, cpu_start = peak_mb(), cpu()
    start = time.perf_counter()
    with Session(engine) as session:
        records = selected_registrations(session, Filters())
    read = time.perf_counter() - start
    write_sav(records, path)
    seconds = time.perf_counter() - start
    used = cpu() - cpu_start
    print(f"RESULT export {len(records)} {seconds:.2f} {read:.2f} {before:.0f} {peak_mb():.0f} {used:.2f}", flush=True)


def step_import(url: str, path: str) -> None:
    from storage.engine import make_engine
    from storage.spss import import_sav
    from storage.uow import SqlUnitOfWork
    from web.bootstrap import bootstrap
    from workflow.clock import SystemClock

    engine = make_engine(url)
    before, cpu_start = peak_mb(), cpu()
    start = time.perf_counter()
    with SqlUnitOfWork(engine, SystemClock(), bootstrap()) as uow:
        report, unknown = import_sav(uow, path)
        assert not report.errors and not unknown, (report.errors[:3], unknown[:3])
        uow.commit()
    seconds = time.perf_counter() - start
    used = cpu() - cpu_start
    print(f"RESULT import {report.created} {seconds:.2f} 0 {before:.0f} {peak_mb():.0f} {used:.2f}", flush=True)


def run_step(step: str, url: str, path: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, __file__, "--step", step, "--url", url, "--file", path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return next(line for line in out.splitlines() if line.startswith("RESULT")).split()[1:]


def bench(name: str, source_url: str, empty_url: str, size: int) -> None:
    from storage import migrate

    loaded = setup(source_url, size)
    print(f"{name}: {size} registrations stored in {loaded:.1f} s (set-up, JSON Lines import)", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/registraties.sav"
        _, count, seconds, read, before, peak, used = run_step("export", source_url, path)
        size_mb = os.path.getsize(path) / 1e6
        print(
            f"{name}: export {count} registrations to .sav in {float(seconds):.1f} s wall, {float(used):.1f} s CPU "
            f"(reading the database {float(read):.1f} s wall); file {size_mb:.0f} MB; peak memory {peak} MB "
            f"(at start {before} MB); load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        migrate.upgrade(empty_url)
        _, count, seconds, _, before, peak, used = run_step("import", empty_url, path)
        print(
            f"{name}: import {count} registrations from .sav into an empty database in {float(seconds):.1f} s "
            f"wall, {float(used):.1f} s CPU; peak memory {peak} MB (at start {before} MB); "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )


def postgres_databases(admin_url: str):
    names = [f"kring_bench_spss_{os.getpid()}_{i}" for i in (1, 2)]
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for name in names:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    urls = [sa.make_url(admin_url).set(database=n).render_as_string(False) for n in names]
    return admin, names, urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--postgres", help="an admin URL: two databases are made there and dropped afterwards")
    parser.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL")
    parser.add_argument("--step", choices=["export", "import"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "export":
        step_export(args.url, args.file)
        return
    if args.step == "import":
        step_import(args.url, args.file)
        return
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_sqlite:
            bench("SQLite", f"sqlite:///{tmp}/source.sqlite3", f"sqlite:///{tmp}/empty.sqlite3", args.size)
    if args.postgres:
        admin, names, urls = postgres_databases(args.postgres)
        try:
            bench("PostgreSQL", urls[0], urls[1], args.size)
        finally:
            with admin.connect() as connection:
                for name in names:
                    connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
