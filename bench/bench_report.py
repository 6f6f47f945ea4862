"""Benchmark: the full yearly report (T1–T23 and the text figures) from 10,000 and 100,000 registrations.

    .venv/bin/python bench/bench_report.py [--sizes 10000 100000] [--sqlite]

Records are the synthetic 2022 set (tests/unit/jaarcijfers_2022.py, 161 closed cases) repeated with new refs.
Measures the pure function (best of 3), and with --sqlite also loading them with
storage.registrations.records_for_year from a temp-file SQLite database (import not timed).
"""
import argparse
import copy
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.unit.jaarcijfers_2022 import records_2022  # noqa: E402
from workflow.figures import Filters, yearly_report  # noqa: E402


def synthetic(size: int, complete_only: bool = False) -> list[dict]:
    base = records_2022()[:146] if complete_only else records_2022()
    records = []
    for i in range(size):
        record = copy.deepcopy(base[i % len(base)])
        record["ref"] = f"EK-2022-{i + 1:06d}"
        records.append(record)
    return records


def best_of(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_sqlite(records: list[dict]) -> tuple[float, float]:
    from sqlmodel import Session

    from storage import migrate
    from storage.engine import make_engine
    from storage.registrations import dump_line, import_lines, records_for_year

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        migrate.upgrade(url)
        engine = make_engine(url)
        with Session(engine) as session:
            report = import_lines(session, (dump_line(r) for r in records))
            assert not report.errors, report.errors[:3]
            session.commit()
        loaded: list = []

        def load() -> None:
            with Session(engine) as session:
                loaded[:] = records_for_year(session, 2022)

        load_time = best_of(load, 2)
        assert len(loaded) == len(records)
        total = best_of(lambda: (load(), yearly_report(loaded, Filters.of(year=2022))), 2)
        engine.dispose()
        return load_time, total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--sqlite", action="store_true", help="also time records_for_year on SQLite")
    args = parser.parse_args()
    for size in args.sizes:
        records = synthetic(size)
        seconds = best_of(lambda records=records: yearly_report(records, Filters.of(year=2022)))
        print(f"{size:>7} records: yearly_report {seconds * 1000:7.0f} ms (pure, best of 3)")
        if args.sqlite:
            load, total = bench_sqlite(synthetic(size, complete_only=True))
            print(f"{size:>7} records: SQLite records_for_year {load * 1000:7.0f} ms; "
                  f"load + report {total * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
