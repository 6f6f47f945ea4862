"""Benchmark: GET /vandaag over 5,000 open cases, through the Flask test client, on SQLite and (when it answers)
PostgreSQL; target: server time p50 at most 50 ms for each role.

The cases are spread over two regions (Noord-Holland, Gelderland) and every open phase, as a busy year
looks: applications (a third with an open offer, some past the deadline, some over the lead time),
accepted cases without a first visit, planned meetings, cases in nazorg with their follow-up calls (some
due, some late) and vervolgconferenties. 100 coordinators (50 per region) hold them. Measured: a coordinator,
the regiomanager of Noord-Holland and the bureau (all regions).

Run: python bench/bench_today.py [--cases N] [--rounds N] [--postgres URL | --no-postgres].
Prints p50, p95 and the fastest round per role and database, and the p50 of this process's CPU time: on a
shared machine the wall clock includes waiting for a core, the CPU time does not (for SQLite it covers the
database's work too; PostgreSQL's own work runs in the server's process and is not in it).
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from bench.bench_setup import PASSWORD, add_user  # noqa: E402
from storage import migrate  # noqa: E402
from storage.engine import make_engine  # noqa: E402
from storage.geo import ensure_geography  # noqa: E402
from storage.models import Case, CaseEvent, Coordinator, MainPerson, Municipality, Offer, Region, User  # noqa: E402
from storage.reminders import Reminder  # noqa: E402
from web.app import create_app  # noqa: E402
from workflow import reminder_rules as rules  # noqa: E402
from workflow.clock import FrozenClock  # noqa: E402
from workflow.phases import Phase, Role  # noqa: E402
from workflow.registration.schema import example_meeting  # noqa: E402

TARGET_MS = 50.0
NOW = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)
REGIONS = ("Noord-Holland", "Gelderland")
COORDINATORS_PER_REGION = 50
PHASES = (  # the share of each open phase, in twelfths
    (Phase.AANMELDING, 3),
    (Phase.INFORMATIEF_GESPREK, 2),
    (Phase.VERBINDEN_EN_ACTIVEREN, 2),
    (Phase.FORMELE_BIJEENKOMST, 2),
    (Phase.NAZORG, 2),
    (Phase.VERVOLGCONFERENTIE, 1),
)
ROLES = (("coördinator", "co1@bench.nl"), ("regiomanager", "rm1@bench.nl"), ("bureau", "admin@bench.nl"))


def _user(session: Session, email: str, role: Role, regions: list[str]) -> User:
    return add_user(session, email, role, regions, NOW)


def build(url: str, cases: int) -> None:
    """Migrate and fill the database at `url`."""
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        ensure_geography(session)
        _user(session, "admin@bench.nl", Role.ADMIN, [])
        managers = {
            region: _user(session, f"rm{i + 1}@bench.nl", Role.REGIOMANAGER, [region])
            for i, region in enumerate(REGIONS)
        }
        staff = {}
        for r, region in enumerate(REGIONS):
            for n in range(COORDINATORS_PER_REGION):
                number = r * COORDINATORS_PER_REGION + n + 1
                staff.setdefault(region, []).append(_user(session, f"co{number}@bench.nl", Role.COORDINATOR, [region]))
        session.commit()
        profiles = {c.user_id: c for c in session.exec(select(Coordinator))}
        places = {}
        for region in REGIONS:
            region_row = session.exec(select(Region).where(Region.name == region)).one()
            places[region] = (
                region_row,
                session.exec(select(Municipality).where(Municipality.region_id == region_row.id)).all(),
            )
        phases = [phase for phase, share in PHASES for _ in range(share)]
        rows = []
        for i in range(cases):
            region = REGIONS[i % 2]
            region_row, towns = places[region]
            place = towns[i % len(towns)]
            phase = phases[i % len(phases)]
            coordinator = staff[region][(i // 2) % COORDINATORS_PER_REGION]
            rows.append((i, region, phase, coordinator, _case(i, phase, place, region_row, profiles[coordinator.id])))
        session.add_all(row[-1] for row in rows)
        session.flush()
        for i, region, phase, coordinator, case in rows:
            _related(session, i, phase, case, coordinator, managers[region], profiles[coordinator.id])
        session.commit()
    if engine.dialect.name == "postgresql":  # what autovacuum does soon after a bulk load in production
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
    engine.dispose()


def _case(i: int, phase: Phase, place: Municipality, region: Region, profile: Coordinator) -> Case:
    applied = (NOW - dt.timedelta(days=1 + i % 60)).date()
    record: dict = {}
    if phase is Phase.FORMELE_BIJEENKOMST:
        day = (NOW + dt.timedelta(days=i % 20 - 3)).date().isoformat()
        record["geplande_bijeenkomst"] = {"datum": day, "locatie": "Buurthuis of wijkcentrum", "uitgenodigd": 8}
    if phase in (Phase.NAZORG, Phase.VERVOLGCONFERENTIE):
        record["bijeenkomsten"] = [{**example_meeting(datum=_meeting_day(i).isoformat()), "nummer": 1}]
    if phase is not Phase.AANMELDING and phase is not Phase.INFORMATIEF_GESPREK:
        record["informatief_gesprek_datum"] = applied.isoformat()
    return Case(
        ref=f"EK-2026-{i + 1:05d}",
        phase=phase,
        variant="familie",
        application_date=applied,
        province=place.province,
        municipality_id=place.id,
        region_id=region.id,
        referrer_type="Organisatie",
        referrer_name=f"Verwijzer {i}",
        question="Hoe houden we de kinderen veilig thuis?",
        wishes={"talen": "Nederlands"} if i % 5 == 0 else {},
        coordinator_id=None if phase is Phase.AANMELDING else profile.id,
        record=record,
        created_at=NOW - dt.timedelta(days=60),
        updated_at=NOW,
    )


def _meeting_day(i: int) -> dt.date:
    return (NOW - dt.timedelta(days=10 + i % 40)).date()  # follow-ups: some to come, some due, some late


def _related(session: Session, i: int, phase: Phase, case: Case, user: User, manager: User, profile: Coordinator):
    session.add(MainPerson(case_id=case.id, position=0, name=f"Kind {i}", kind="minderjarig"))
    session.add(
        CaseEvent(
            case_id=case.id,
            at=NOW - dt.timedelta(days=i % 30),
            actor_name="bench",
            trigger="aanmelding",
            from_phase=Phase.AANMELDING,
            to_phase=phase,
        )
    )
    offered = NOW - dt.timedelta(days=i % 5, hours=1)
    if phase is Phase.AANMELDING and i % 3 == 0:
        session.add(
            Offer(
                case_id=case.id, coordinator_id=profile.id, offered_at=offered, deadline=offered + dt.timedelta(days=2)
            )
        )
    elif phase is not Phase.AANMELDING:
        session.add(
            Offer(
                case_id=case.id,
                coordinator_id=profile.id,
                offered_at=offered,
                deadline=offered + dt.timedelta(days=2),
                state="accepted",
                answered_at=offered + dt.timedelta(hours=3),
            )
        )
    if phase is Phase.NAZORG:
        due = rules.follow_up_due(_meeting_day(i))
        for kind, who in (
            (rules.FOLLOW_UP_MAIN_PERSON, user),
            (rules.FOLLOW_UP_REFERRER, manager),
            (rules.FOLLOW_UP_OVERDUE, manager),
        ):
            session.add(
                Reminder(case_id=case.id, kind=kind, sequence=1, user_id=who.id, due_at=due[kind], created_at=NOW)
            )


def measure(url: str, rounds: int) -> dict[str, tuple[list[float], list[float]]]:
    """Server time of GET /vandaag per role, in ms: wall clock, and this process's CPU time (the fairer
    figure on a shared machine, where waiting for a core counts in the wall clock)."""
    engine = make_engine(url)
    app = create_app({"TESTING": True, "ENGINE": engine, "CLOCK": FrozenClock(NOW), "WTF_CSRF_ENABLED": False})
    results = {}
    for role, email in ROLES:
        client = app.test_client()
        assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 302
        first = client.get("/vandaag")  # warm-up
        assert first.status_code == 200, first.status_code
        wall, cpu = [], []
        for _ in range(rounds):
            began, began_cpu = time.perf_counter(), time.process_time()
            response = client.get("/vandaag")
            wall.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
            assert response.status_code == 200
        results[role] = (wall, cpu)
    engine.dispose()
    return results


def postgres_server_time(url: str) -> dict[str, tuple[int, float]]:
    """Per role: how many statements one GET /vandaag sends, and the median over 5 runs of their summed
    planning + execution time inside PostgreSQL (EXPLAIN ANALYZE): the database's own share, which no
    waiting for a core on this (shared) machine inflates."""
    engine = make_engine(url)
    sent: list[tuple[str, object]] = []
    sa.event.listen(engine, "before_cursor_execute", lambda _c, _cur, sql, params, *_: sent.append((sql, params)))
    app = create_app({"TESTING": True, "ENGINE": engine, "CLOCK": FrozenClock(NOW), "WTF_CSRF_ENABLED": False})
    results = {}
    for role, email in ROLES:
        client = app.test_client()
        client.post("/login", data={"email": email, "password": PASSWORD})
        client.get("/vandaag")
        sent.clear()
        client.get("/vandaag")
        reads = [(sql, params) for sql, params in sent if sql.lstrip().upper().startswith("SELECT")]
        totals = []
        for _ in range(5):
            with engine.connect() as connection:
                plans = [
                    connection.exec_driver_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params).scalar()[0]
                    for sql, params in reads
                ]
            totals.append(sum(plan["Planning Time"] + plan["Execution Time"] for plan in plans))
        results[role] = (len(reads), statistics.median(totals))
    engine.dispose()
    return results


def report(database: str, cases: int, results: dict[str, tuple[list[float], list[float]]]) -> bool:
    ok = True
    for role, (wall, cpu) in results.items():
        p50, p95 = _percentiles(wall)
        cpu50, _ = _percentiles(cpu)
        good = p50 <= TARGET_MS
        ok &= good
        print(
            f"{database:10s} {role:12s} {cases} open cases: p50 {p50:6.1f} ms, p95 {p95:6.1f} ms, "
            f"fastest {min(wall):6.1f} ms (CPU p50 {cpu50:5.1f} ms)  {'OK' if good else 'TOO SLOW'}"
        )
    return ok


def _percentiles(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]


def _postgres(url: str, cases: int, rounds: int) -> dict[str, list[float]] | None:
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    schema = f"bench_today_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    except Exception as problem:  # no PostgreSQL here: say so and go on
        print(f"PostgreSQL skipped ({type(problem).__name__})")
        return None
    scoped = sa.make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)
    try:
        build(scoped, cases)
        measured = measure(scoped, rounds)
        for role, (statements, ms) in postgres_server_time(scoped).items():
            print(f"PostgreSQL {role:12s} {statements} statements, inside the server: {ms:5.1f} ms (median of 5)")
        return measured
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("KRING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
    )
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        began = time.perf_counter()
        build(url, args.cases)
        print(f"built {args.cases} open cases in {time.perf_counter() - began:.1f} s")
        ok &= report("SQLite", args.cases, measure(url, args.rounds))
    if not args.no_postgres:
        results = _postgres(args.postgres, args.cases, args.rounds)
        if results is not None:
            ok &= report("PostgreSQL", args.cases, results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
