"""Benchmark: GET /inbox with 5,000 open applications in SQLite, through the Flask test client (target: under
200 ms). A third of the applications has an open offer, so the lead-time and offer columns have work to do.
The inbox shows them oldest first, 50 per page (storage/inbox.py): the figure is for page 1 of 100, and
includes counting all 5,000 and the section of accepted cases waiting for their first visit.

Run: python bench/bench_inbox.py [--cases N] [--rounds N]. Prints the median and p95 of the rounds.
"""

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sqlmodel import Session, select  # noqa: E402

from bench.bench_setup import PASSWORD, add_user, time_requests  # noqa: E402
from storage import migrate  # noqa: E402
from storage.engine import make_engine  # noqa: E402
from storage.geo import ensure_geography  # noqa: E402
from storage.models import Case, Coordinator, MainPerson, Municipality, Offer, Region  # noqa: E402
from web.app import create_app  # noqa: E402
from workflow.clock import FrozenClock  # noqa: E402
from workflow.phases import Phase, Role  # noqa: E402

TARGET_MS = 200.0
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def build(url: str, cases: int) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        ensure_geography(session)
        add_user(session, "rm@bench.nl", Role.REGIOMANAGER, ["Noord-Holland"], NOW)
        add_user(session, "co@bench.nl", Role.COORDINATOR, ["Noord-Holland"], NOW)
        session.commit()
        region = session.exec(select(Region).where(Region.name == "Noord-Holland")).one()
        places = session.exec(select(Municipality).where(Municipality.region_id == region.id)).all()
        coordinator = session.exec(select(Coordinator)).first()
        rows = []
        for i in range(cases):
            place = places[i % len(places)]
            applied = (NOW - dt.timedelta(days=i % 30)).date()
            rows.append(
                Case(
                    ref=f"EK-2026-{i + 1:05d}",
                    phase=Phase.AANMELDING,
                    variant="familie",
                    application_date=applied,
                    province=place.province,
                    municipality_id=place.id,
                    region_id=region.id,
                    referrer_type="Organisatie",
                    question="Vraag",
                    wishes={},
                    record={},
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
        session.add_all(rows)
        session.flush()
        for i, case in enumerate(rows):
            session.add(MainPerson(case_id=case.id, position=0, name=f"Kind {i}", kind="minderjarig"))
            if i % 3 == 0:
                session.add(
                    Offer(
                        case_id=case.id,
                        coordinator_id=coordinator.id,
                        offered_at=NOW,
                        deadline=NOW + dt.timedelta(days=2),
                    )
                )
        session.commit()
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        began = time.perf_counter()
        build(url, args.cases)
        print(f"built {args.cases} open applications in {time.perf_counter() - began:.1f} s")
        engine = make_engine(url)
        app = create_app({"TESTING": True, "ENGINE": engine, "CLOCK": FrozenClock(NOW), "WTF_CSRF_ENABLED": False})
        client = app.test_client()
        assert client.post("/login", data={"email": "rm@bench.nl", "password": PASSWORD}).status_code == 302
        first = client.get("/inbox")  # warm-up
        assert first.status_code == 200 and "Pagina 1 van" in first.get_data(as_text=True)
        timings = time_requests(lambda: client.get("/inbox"), args.rounds)
        engine.dispose()
    timings.sort()
    median = statistics.median(timings)
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    size = len(first.get_data()) / 1024
    print(f"GET /inbox, {args.cases} open applications, {size:.0f} KiB of HTML; {args.rounds} rounds")
    print(
        f"median {median:.1f} ms, p95 {p95:.1f} ms (target under {TARGET_MS:.0f} ms): "
        f"{'OK' if p95 < TARGET_MS else 'TOO SLOW'}"
    )
    return 0 if p95 < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
