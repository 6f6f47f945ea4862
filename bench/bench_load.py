"""Load benchmark: the real server (`kring serve`, waitress) under logged-in readers, API readers and rounds of
concurrent writers, on SQLite and on PostgreSQL, compared with a minimal endpoint under the same load.

For each database: a fresh database with the demo data (`kring demo`), then `kring serve` as its own process
on 127.0.0.1. For --seconds: --clients browsers, logged in through the form with its CSRF token, read the
inbox, the case lists and case pages; --api-readers read the case list and cases with an API token; and
rounds of --writers API clients take the same step of one case with the same expected version at the same
moment, so exactly one must win and the others get the "changed meanwhile" refusal (409 stale). The step
alternates between starting a follow-up conference and holding it. Afterwards the same number of clients
load `/health` (Kring's smallest endpoint, one `SELECT 1`) on the same server, and a bare Flask app served
by waitress with the same options (`--serve-bare`), for the ratio.

Targets (issue 14): 0 server errors, 0 timeouts, exactly one writer wins each round, p99 <= 1 s.
The demo accounts get a fast password hash (KRING_PASSWORD_METHOD), so logging in 50 clients is quick; the
load itself logs in no one. Every loop ends at its deadline or its count; all traffic goes to 127.0.0.1.

Run: python bench/bench_load.py [--seconds 60] [--postgres postgresql://postgres@127.0.0.1/test] [--no-sqlite]
Exit code 0 when every target is met.
"""

import argparse
import contextlib
import datetime as dt
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FAST_HASH = "scrypt:1024:8:1"
os.environ.setdefault("KRING_PASSWORD_METHOD", FAST_HASH)

import requests  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from storage.demo import ADMIN, COORDINATOR, PASSWORD, REGIOMANAGERS  # noqa: E402
from storage.engine import make_engine, psycopg_url  # noqa: E402
from storage.models import Case, Coordinator, User  # noqa: E402
from storage.tokens import create_token  # noqa: E402
from workflow.registration.schema import example_meeting  # noqa: E402

P99_TARGET = 1.0
START_TIMEOUT = 90.0  # seconds for a server process to answer /health
CASE_LINK = re.compile(r'href="/zaken/(\d+)"')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
# One municipality in each demo regiomanager's region, in the order of REGIOMANAGERS.
PLACES = ("Zaanstad", "Arnhem")
INTAKE = {
    "type_aanmelder": "Organisatie",
    "type_organisatie": "Gemeente/sociaal wijkteam",
    "aanmelder": {"naam": "Wijkteam"},
    "hoofdpersonen": [{"naam": "Kind Bench", "soort": "minderjarig", "geslacht": "meisje"}],
}
LIST_PAGES = {"regiomanager": ("/inbox", "/zaken"), "admin": ("/zaken",), "coordinator": ("/mijn-zaken",)}
KRING = [sys.executable, "-c", "from web.cli import main; main()"]


# --- recording --------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Every answer of one run: latencies per kind, statuses, timeouts and failed connections (thread-safe)."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    timeouts: int = 0
    broken: int = 0
    unexpected: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def call(self, kind: str, send: Callable[[], requests.Response], expected=(200,)) -> requests.Response | None:
        """Send one request, timed; None when it timed out or the connection failed."""
        began = time.perf_counter()
        try:
            answer = send()
        except requests.Timeout:
            with self.lock:
                self.timeouts += 1
            return None
        except requests.RequestException:
            with self.lock:
                self.broken += 1
            return None
        with self.lock:
            self.latencies.setdefault(kind, []).append(time.perf_counter() - began)
            self.statuses[answer.status_code] += 1
            if answer.status_code not in expected:
                self.unexpected[(kind, answer.status_code)] += 1
        return answer

    def all_latencies(self) -> list[float]:
        return sorted(t for times in self.latencies.values() for t in times)

    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)


def percentile(sorted_values: list[float], q: float) -> float:
    """The q-quantile (0..1) of already sorted values (nearest rank); 0 for none."""
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, max(0, round(q * len(sorted_values)) - 1))]


def one_winner(statuses: list[int | None], codes: list[str | None]) -> bool:
    """A writers' round went right: exactly one 200 and every other writer refused as stale (409)."""
    refused = [code for status, code in zip(statuses, codes, strict=True) if status != 200]
    return statuses.count(200) == 1 and all(code == "stale" for code in refused)


# --- databases and servers --------------------------------------------------------------------------------


@contextlib.contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A schema of its own on the PostgreSQL at `url`, dropped afterwards: the URL that uses it."""
    url = psycopg_url(url)
    schema = f"kring_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        own = sa.make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield own.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def server_env(url: str, threads: int | None) -> dict[str, str]:
    env = {**os.environ, "KRING_DATABASE_URL": url, "KRING_SECRET_KEY": "bench-secret-key", "PYTHONPATH": str(ROOT)}
    env["KRING_PASSWORD_METHOD"] = FAST_HASH
    if threads:
        env["KRING_THREADS"] = str(threads)
    return env


def load_demo(url: str, folder: Path) -> None:
    """`kring demo` on the database: migrations, municipalities, demo accounts and cases."""
    done = subprocess.run(
        [*KRING, "demo"], cwd=folder, env=server_env(url, None), capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise SystemExit(f"kring demo failed:\n{done.stdout}\n{done.stderr}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running(command: list[str], env: dict[str, str], folder: Path, probe: str) -> Iterator[None]:
    """A server process until the block ends; waits until `probe` answers."""
    log = (folder / f"server-{uuid.uuid4().hex[:6]}.log").open("w")
    process = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_up(probe, process)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        log.close()


def wait_until_up(probe: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(requests.RequestException):
            if requests.get(probe, timeout=5).status_code == 200:
                return
        time.sleep(0.3)
    raise SystemExit(f"the server did not come up at {probe} (exit code {process.poll()})")


def serve_bare(port: int, threads: int, processes: int) -> None:
    """A Flask app with one trivial route, served by waitress with the options and processes of `kring serve`."""
    from flask import Flask

    from web.cli.processes import listening_socket, run_processes
    from web.cli.serve import serve_on_socket
    from web.config import Settings

    app = Flask("bare")
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    app.extensions["kring.settings"] = Settings(threads=threads)
    app.add_url_rule("/", "hello", lambda: "ok")
    run_processes(listening_socket("127.0.0.1", port), processes, lambda sock, _i: serve_on_socket(app, sock, False))


# --- the clients --------------------------------------------------------------------------------------------


@dataclass
class Browser:
    """A logged-in browser: its session, its list pages and the cases they link to."""

    session: requests.Session
    lists: tuple[str, ...]
    cases: list[int]


def log_in(base: str, email: str, role: str, timeout: float) -> Browser:
    """Log in through the form (with its CSRF token) and find the cases the list pages link to."""
    session = requests.Session()
    form = session.get(f"{base}/login", timeout=timeout).text
    token = CSRF.search(form).group(1)
    answer = session.post(
        f"{base}/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
        timeout=timeout,
    )
    if answer.status_code != 302:
        raise SystemExit(f"cannot log in as {email}: {answer.status_code}")
    lists = LIST_PAGES[role]
    found = {int(n) for page in lists for n in CASE_LINK.findall(session.get(base + page, timeout=timeout).text)}
    return Browser(session, lists, sorted(found))


def accounts(count: int) -> list[tuple[str, str]]:
    """`count` (e-mail, role) pairs over the demo accounts: 4 in 10 regiomanagers, 1 in 10 the admin, the rest
    coordinators (half of them the demo coordinator who has the cases, half others with none)."""
    managers, out = list(REGIOMANAGERS), []
    for i in range(count):
        if i % 10 in (0, 3, 6, 9):
            out.append((managers[i % len(managers)], "regiomanager"))
        elif i % 10 == 5:
            out.append((ADMIN, "admin"))
        else:
            out.append((COORDINATOR if i % 2 else f"coordinator{i % 20 + 1:02d}@kring.demo", "coordinator"))
    return out


def browse(base: str, browser: Browser, deadline: float, tally: Tally, args, seed: int) -> None:
    """Alternate a list page and a case page until the deadline (or the count)."""
    rng = random.Random(seed)
    for n in range(args.max_requests):
        if time.monotonic() >= deadline:
            return
        if n % 2 == 0 or not browser.cases:
            path, kind = rng.choice(browser.lists), "lists"
        else:
            path, kind = f"/zaken/{rng.choice(browser.cases)}", "case pages"
        tally.call(kind, lambda p=path: browser.session.get(base + p, timeout=args.timeout, allow_redirects=False))
        time.sleep(args.think * rng.random() * 2)


def read_api(base: str, token: str, deadline: float, tally: Tally, args, seed: int) -> None:
    """Alternate the case list and one case through the API until the deadline (or the count)."""
    rng, ids = random.Random(seed), []
    with requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {token}"
        for n in range(args.max_requests):
            if time.monotonic() >= deadline:
                return
            if n % 2 == 0 or not ids:
                answer = tally.call("api", lambda: session.get(f"{base}/api/v1/cases", timeout=args.timeout))
                if answer is not None and answer.status_code == 200:
                    ids = [c["id"] for c in answer.json()["cases"]]
            else:
                case_id = rng.choice(ids)
                tally.call("api", lambda c=case_id: session.get(f"{base}/api/v1/cases/{c}", timeout=args.timeout))
            time.sleep(args.think * rng.random() * 2)


def next_step(case: dict) -> dict:
    """The step the writers race for: start a follow-up conference from nazorg, or hold it."""
    body = {"version": case["version"], "reason": "Ronde van de load-benchmark"}
    if case["phase"] == "nazorg":
        return {**body, "trigger": "start_follow_up_conference"}
    meeting = example_meeting(datum=dt.date.today().isoformat(), acceptatie_professional="direct geaccepteerd")
    return {**body, "trigger": "hold_follow_up_conference", "data": meeting}


def write_rounds(base: str, case_id: int, token: str, deadline: float, tally: Tally, args) -> list[bool]:
    """Rounds of `args.writers` writers taking one step with one version at once; per round: one winner?"""
    url, auth = f"{base}/api/v1/cases/{case_id}", {"Authorization": f"Bearer {token}"}
    sessions = [requests.Session() for _ in range(args.writers)]
    rounds: list[bool] = []
    with ThreadPoolExecutor(args.writers) as pool:
        while time.monotonic() < deadline and len(rounds) < args.max_rounds:
            case = tally.call("api", lambda: sessions[0].get(url, headers=auth, timeout=args.timeout))
            if case is None or case.status_code != 200:
                break
            body, barrier = next_step(case.json()), threading.Barrier(args.writers)

            def write(session: requests.Session, body=body, barrier=barrier):
                barrier.wait(timeout=args.timeout)  # all writers send at the same moment
                send = lambda: session.post(f"{url}/transitions", json=body, headers=auth, timeout=args.timeout)  # noqa: E731
                answer = tally.call("writes", send, expected=(200, 409))
                code = (
                    answer.json().get("error", {}).get("code")
                    if answer is not None and answer.status_code != 200
                    else None
                )
                return (answer.status_code if answer is not None else None), code

            results = list(pool.map(write, sessions))
            rounds.append(one_winner([s for s, _ in results], [c for _, c in results]))
            time.sleep(args.round_pause)
    for session in sessions:
        session.close()
    return rounds


def hammer(url: str, clients: int, seconds: float, args) -> Tally:
    """`clients` threads reading one address as fast as they can for `seconds`: the baseline."""
    tally, deadline = Tally(), time.monotonic() + seconds

    def loop(_n: int) -> None:
        with requests.Session() as session:
            for _ in range(args.max_requests):
                if time.monotonic() >= deadline:
                    return
                tally.call("baseline", lambda: session.get(url, timeout=args.timeout))

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(loop, range(clients)))
    return tally


# --- one run ------------------------------------------------------------------------------------------------


def tokens_and_writer_case(url: str) -> tuple[list[str], int, str]:
    """API tokens of the regiomanagers (readers), and a case in nazorg with its coordinator's token (writers)."""
    engine = make_engine(url, threads=1)
    now = dt.datetime.now(dt.UTC)
    with Session(engine) as session:
        readers = [
            create_token(session, session.exec(select(User).where(User.email == email)).one(), now, "bench")
            for email in REGIOMANAGERS
        ]
        case = session.exec(select(Case).where(Case.phase == "nazorg", Case.coordinator_id.is_not(None))).first()
        owner = session.exec(
            select(User).join(Coordinator, Coordinator.user_id == User.id).where(Coordinator.id == case.coordinator_id)
        ).one()
        writer = create_token(session, owner, now, "bench-writer")
        case_id = case.id
        session.commit()
    engine.dispose()
    return readers, case_id, writer


def add_applications(base: str, tokens: list[str], count: int, timeout: float) -> None:
    """`count` more new applications through the API, spread over the regiomanagers' regions (the demo has 12
    cases; lists and inboxes of a few hundred are closer to a working organisation)."""
    with requests.Session() as session:
        for i in range(count):
            intake = {**INTAKE, "gemeente": PLACES[i % len(tokens)], "vraag": f"Vraag van aanmelding {i + 1}"}
            answer = session.post(
                f"{base}/api/v1/cases",
                json=intake,
                headers={"Authorization": f"Bearer {tokens[i % len(tokens)]}"},
                timeout=timeout,
            )
            if answer.status_code != 201:
                raise SystemExit(f"cannot add an application: {answer.status_code} {answer.text[:300]}")


def run_on(name: str, url: str, folder: Path, args) -> dict:
    """Demo data, the server, the load, the baselines: the figures of one database."""
    load_demo(url, folder)
    readers, case_id, writer = tokens_and_writer_case(url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve = [*KRING, "serve", "--port", str(port), "--processes", str(args.processes)]
    serve += ["--threads", str(args.threads)] if args.threads else []
    with running(serve, server_env(url, args.threads), folder, f"{base}/health"):
        add_applications(base, readers, args.extra_cases, args.timeout)
        browsers = [log_in(base, email, role, args.timeout) for email, role in accounts(args.clients)]
        tally, rounds, took = load(base, browsers, readers, case_id, writer, args)
        concurrency = args.clients + args.api_readers + args.writers
        health = hammer(f"{base}/health", concurrency, args.baseline_seconds, args)
    bare_port = free_port()
    bare = [sys.executable, __file__, "--serve-bare", str(bare_port), "--threads", str(args.threads or 8)]
    bare += ["--processes", str(args.processes)]
    with running(bare, server_env(url, args.threads), folder, f"http://127.0.0.1:{bare_port}/"):
        flask_only = hammer(f"http://127.0.0.1:{bare_port}/", concurrency, args.baseline_seconds, args)
    for browser in browsers:
        browser.session.close()
    return {"name": name, "tally": tally, "rounds": rounds, "took": took, "health": health, "bare": flask_only}


def load(base: str, browsers: list[Browser], readers: list[str], case_id: int, writer: str, args):
    """Every client and the writer rounds at once until the deadline: (tally, rounds, seconds taken)."""
    tally, began = Tally(), time.monotonic()
    deadline = began + args.seconds
    with ThreadPoolExecutor(len(browsers) + args.api_readers + 1) as pool:
        jobs = [pool.submit(browse, base, b, deadline, tally, args, i) for i, b in enumerate(browsers)]
        jobs += [
            pool.submit(read_api, base, readers[i % len(readers)], deadline, tally, args, 1000 + i)
            for i in range(args.api_readers)
        ]
        writing = pool.submit(write_rounds, base, case_id, writer, deadline, tally, args)
        for job in jobs:
            job.result()
        rounds = writing.result()
    return tally, rounds, time.monotonic() - began


# --- the report ---------------------------------------------------------------------------------------------


def rate(tally: Tally, seconds: float) -> float:
    return len(tally.all_latencies()) / seconds if seconds else 0.0


def report(result: dict, args) -> bool:
    """Print one database's figures; whether every target was met."""
    tally, rounds, took = result["tally"], result["rounds"], result["took"]
    times = tally.all_latencies()
    per_second = rate(tally, took)
    health_rate = rate(result["health"], args.baseline_seconds)
    bare_rate = rate(result["bare"], args.baseline_seconds)
    print(
        f"\n== {result['name']}: {took:.0f} s, {args.extra_cases + 12} cases, {args.clients} browsers, "
        f"{args.api_readers} API readers, rounds of {args.writers} writers, "
        f"server threads {args.threads or 'KRING_THREADS (8)'}, processes {args.processes}"
    )
    print(f"{'all':<12}{len(times):6d} requests  {per_second:7.1f}/s  " + line(times))
    for kind in sorted(tally.latencies):
        kind_times = sorted(tally.latencies[kind])
        print(f"{kind:<12}{len(kind_times):6d} requests  {len(kind_times) / took:7.1f}/s  " + line(kind_times))
    won = sum(rounds)
    print(f"server errors (5xx) {tally.server_errors()}, timeouts {tally.timeouts}, failed connections {tally.broken}")
    if tally.unexpected:
        print(
            "other unexpected answers: " + ", ".join(f"{k} {s}: {n}" for (k, s), n in sorted(tally.unexpected.items()))
        )
    print(f"writer rounds with exactly one winner: {won} of {len(rounds)}")
    print(
        f"/health alone, {args.clients + args.api_readers + args.writers} clients: {health_rate:.1f}/s "
        f"(errors {result['health'].server_errors()}); the mix runs at {ratio(per_second, health_rate)} of it"
    )
    print(f"bare Flask on waitress, same clients: {bare_rate:.1f}/s; the mix runs at {ratio(per_second, bare_rate)}")
    met = (
        tally.server_errors() == 0
        and tally.timeouts == 0
        and tally.broken == 0
        and bool(rounds)
        and won == len(rounds)
        and percentile(times, 0.99) <= P99_TARGET
    )
    print(
        f"targets (0 errors, 0 timeouts, one winner a round, p99 <= {P99_TARGET:.0f} s): {'MET' if met else 'NOT MET'}"
    )
    return met


def line(times: list[float]) -> str:
    ms = [1000 * percentile(times, q) for q in (0.5, 0.95, 0.99)]
    most = 1000 * (times[-1] if times else 0)
    return f"p50 {ms[0]:6.0f} ms  p95 {ms[1]:6.0f} ms  p99 {ms[2]:6.0f} ms  max {most:6.0f} ms"


def ratio(part: float, whole: float) -> str:
    return f"{part / whole:.2f}×" if whole else "n/a"


# --- the command --------------------------------------------------------------------------------------------


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the mixed load")
    parser.add_argument("--clients", type=int, default=50, help="logged-in browsers")
    parser.add_argument("--api-readers", type=int, default=5)
    parser.add_argument("--writers", type=int, default=10, help="writers in each round")
    parser.add_argument("--extra-cases", type=int, default=200, help="new applications added to the demo's 12")
    parser.add_argument("--threads", type=int, default=None, help="server threads (default: KRING_THREADS)")
    parser.add_argument("--processes", type=int, default=1, help="server processes (kring serve --processes)")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause of a client between requests (s)")
    parser.add_argument("--timeout", type=float, default=10.0, help="a request slower than this is a timeout (s)")
    parser.add_argument("--round-pause", type=float, default=0.5, help="pause between writer rounds (s)")
    parser.add_argument("--baseline-seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=100_000, help="per client, besides the deadline")
    parser.add_argument("--max-rounds", type=int, default=10_000)
    parser.add_argument("--postgres", metavar="URL", help="also run on this PostgreSQL (in a schema of its own)")
    parser.add_argument("--no-sqlite", action="store_true", help="skip the SQLite run")
    parser.add_argument("--serve-bare", type=int, metavar="PORT", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    if args.serve_bare:
        serve_bare(args.serve_bare, args.threads or 8, args.processes)
        return 0
    results = []
    with tempfile.TemporaryDirectory() as folder:
        if not args.no_sqlite:
            results.append(run_on("SQLite", f"sqlite:///{folder}/bench.sqlite3", Path(folder), args))
        if args.postgres:
            with postgres_schema(args.postgres) as url:
                results.append(run_on("PostgreSQL", url, Path(folder), args))
    met = [report(result, args) for result in results]
    return 0 if met and all(met) else 1


if __name__ == "__main__":
    sys.exit(main())
