"""Benchmark: the case search (GET /zoeken?q=) over 5,000 open cases, on SQLite and on PostgreSQL, through the
Flask test client in-process (target: server time p50 at most 50 ms).

The cases have varied main persons, referrers, organisations and places, so the searches below hit many rows
("jansen": a page of 50 of some hundreds), a few (a reference), a place, or none at all (a full scan). The
admin searches every case; the regiomanager of Noord-Holland the cases of that region.

Run: python bench/bench_search.py [--cases N] [--rounds N] [--postgres URL | --no-postgres]. PostgreSQL runs in
a schema of its own that is dropped afterwards; without a server there it is skipped with the reason.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from bench.bench_setup import PASSWORD, add_user, time_requests  # noqa: E402
from storage import migrate  # noqa: E402
from storage.case_listing import ROW_COLUMNS  # noqa: E402
from storage.case_search import matches  # noqa: E402
from storage.engine import WRITE, make_engine  # noqa: E402
from storage.geo import ensure_geography  # noqa: E402
from storage.models import Case, MainPerson, Municipality  # noqa: E402
from web.app import create_app  # noqa: E402
from web.cases.search import NEWEST_FIRST  # noqa: E402
from workflow.clock import FrozenClock  # noqa: E402
from workflow.phases import Phase, Role  # noqa: E402

TARGET_MS = 50.0
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
POSTGRES_URL = os.environ.get("KRING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
FIRST = ("Noor", "Sam", "Daan", "Mila", "Émile", "Lotte", "Ömer", "Fleur", "Bram", "Yara", "Luuk", "Sara")
LAST = ("Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "Yilmaz", "El Amrani", "Bos", "Mulder", "Kok")
ORGS = ("Sociaal Wijkteam", "Jeugdteam", "Veilig Thuis", "Buurtteam", "Huisartsenpraktijk", "School")
PHASES = [p for p in Phase if p is not Phase.AFGESLOTEN]
SEARCHES = ("jansen", "EK-2026-04", "haarlem", "wijkteam", "ömer", "zzzz-niets")
BASELINE = ""  # the search page without a search: what every page costs (login, header, access log)


def build(url: str, cases: int) -> None:
    """Migrate, add the geography, two users and `cases` open cases spread over every region."""
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        ensure_geography(session)
        for email, role, regions in (
            ("admin@bench.nl", Role.ADMIN, []),
            ("rm@bench.nl", Role.REGIOMANAGER, ["Noord-Holland"]),
        ):
            add_user(session, email, role, regions, NOW)
        session.commit()
    with Session(engine) as session:
        session.connection(execution_options=WRITE)  # SQLite: take the write lock first (BEGIN IMMEDIATE)
        places = session.exec(select(Municipality).order_by(Municipality.id)).all()
        rows = []
        for i in range(cases):
            place = places[(i * 7) % len(places)]
            rows.append(
                Case(
                    ref=f"EK-2026-{i + 1:04d}",
                    phase=PHASES[i % len(PHASES)],
                    application_date=(NOW - dt.timedelta(days=i % 300)).date(),
                    province=place.province,
                    municipality_id=place.id,
                    region_id=place.region_id,
                    referrer_type="Organisatie",
                    referrer_name=f"{FIRST[(i + 3) % len(FIRST)]} {LAST[(i * 5) % len(LAST)]}",
                    referrer_organisation=f"{ORGS[i % len(ORGS)]} {place.name}",
                    question=f"Hoe houden we de kinderen van gezin {i} veilig thuis en op school?",
                    wishes={},
                    record={},
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
        session.add_all(rows)
        session.flush()
        for i, case in enumerate(rows):
            name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
            session.add(MainPerson(case_id=case.id, position=0, name=name, kind="minderjarig"))
            if i % 2:
                session.add(MainPerson(case_id=case.id, position=1, name=f"Ouder {name}", kind="volwassen"))
        session.commit()
    engine.dispose()


def measure(url: str, rounds: int) -> dict[tuple[str, str], list[float]]:
    """Milliseconds per request, per (user, search)."""
    engine = make_engine(url)
    app = create_app({"TESTING": True, "ENGINE": engine, "CLOCK": FrozenClock(NOW), "WTF_CSRF_ENABLED": False})
    timings: dict[tuple[str, str], list[float]] = {}
    for email in ("admin@bench.nl", "rm@bench.nl"):
        client = app.test_client()
        assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
        for text in (BASELINE, *SEARCHES):
            first = client.get("/zoeken", query_string={"q": text})  # warm-up
            assert first.status_code == 200, (text, first.status_code)
            get = lambda client=client, text=text: client.get("/zoeken", query_string={"q": text})  # noqa: E731
            timings[(email.split("@")[0], text)] = time_requests(get, rounds)
    engine.dispose()
    return timings


def database_times(url: str, rounds: int) -> dict[str, float]:
    """The database's own time (EXPLAIN ANALYZE, median ms) of each search's query for the admin: what the
    search costs the server apart from Python, which a busy machine slows down most."""
    engine = make_engine(url)
    times = {}
    with Session(engine) as session:
        for text in SEARCHES:
            query = select(*ROW_COLUMNS).where(matches(text))
            counted = query.add_columns(sa.func.count().over()).order_by(*NEWEST_FIRST.order_by()).limit(50)
            sql = str(counted.compile(engine, compile_kwargs={"literal_binds": True}))
            spent = []
            for _ in range(rounds):
                plan = [row[0] for row in session.execute(sa.text("EXPLAIN ANALYZE " + sql.replace("%", "%%")))]
                spent.append(float(next(line for line in plan if line.startswith("Execution Time")).split()[2]))
            times[text] = statistics.median(spent)
    engine.dispose()
    return times


def report(database: str, cases: int, timings: dict[tuple[str, str], list[float]]) -> bool:
    baseline = statistics.median(t for (_, text), spent in timings.items() if text == BASELINE for t in spent)
    everything = sorted(t for (_, text), spent in timings.items() if text != BASELINE for t in spent)
    p50 = statistics.median(everything)
    p95 = everything[min(len(everything) - 1, round(0.95 * len(everything)) - 1)]
    print(f"\n{database}: GET /zoeken over {cases} open cases")
    for (who, text), spent in timings.items():
        print(f"  {who:6} q={text!r:14} p50 {statistics.median(spent):6.1f} ms   max {max(spent):6.1f} ms")
    verdict = "OK" if p50 <= TARGET_MS else "TOO SLOW"
    print(f"  all searches: p50 {p50:.1f} ms, p95 {p95:.1f} ms (target p50 at most {TARGET_MS:.0f} ms): {verdict}")
    print(f"  the page without a search: p50 {baseline:.1f} ms, so the search itself adds {p50 - baseline:.1f} ms")
    print(f"  (load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: figures scale with it)")
    return p50 <= TARGET_MS


def postgres_schema(url: str):
    """A fresh schema on the PostgreSQL at `url` and the URL that uses it; None when there is no server."""
    try:
        admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            schema = f"kring_bench_{uuid.uuid4().hex[:10]}"
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    except Exception as problem:  # no server, no database: say so and skip PostgreSQL
        print(f"\nPostgreSQL skipped: {type(problem).__name__} at {url.split('@')[-1]}")
        return None
    scoped = sa.make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return admin, schema, scoped.render_as_string(hide_password=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--postgres", default=POSTGRES_URL)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        began = time.perf_counter()
        build(url, args.cases)
        print(f"SQLite: built {args.cases} open cases in {time.perf_counter() - began:.1f} s")
        results.append(report("SQLite", args.cases, measure(url, args.rounds)))
    found = None if args.no_postgres else postgres_schema(args.postgres)
    if found:
        admin, schema, url = found
        try:
            began = time.perf_counter()
            build(url, args.cases)
            print(f"\nPostgreSQL: built {args.cases} open cases in {time.perf_counter() - began:.1f} s")
            results.append(report("PostgreSQL", args.cases, measure(url, args.rounds)))
            for text, spent in database_times(url, args.rounds).items():
                print(f"  PostgreSQL's own time (EXPLAIN ANALYZE) for q={text!r:14} {spent:5.1f} ms")
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
            admin.dispose()
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
