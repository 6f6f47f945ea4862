"""Serving the app: `kring serve` (waitress, a bounded pool of threads in one process) and `kring up`
(database, demo data and serving in one go).

Why waitress: it is pure Python (nothing to compile, runs wherever Kring runs) and serves from one process
with a fixed number of threads, so the database pool can be sized to the threads (storage/engine.py).
`--processes N` forks N such processes on one socket (web/cli/processes.py) to use N cores; the reminder scan
then runs in the first of them only. Processes on several machines run `kring scheduler` once (README,
"Running in production"). werkzeug's development server is never used."""

import socket
from collections.abc import Callable

import click
import waitress
from flask import Flask

from notifications.scheduler import build_scheduler
from storage.demo import ADMIN, PASSWORD
from web.app import create_app
from web.cli.common import engine_of, pass_settings, print_accounts
from web.cli.processes import listening_socket, run_processes
from web.cli.setup import load_demo_data
from web.config import MAX_PROCESSES, MAX_THREADS, Settings

Runner = Callable[..., None]
# Open connections waitress keeps at once (phones keep theirs alive); beyond it, new ones wait to be accepted.
CONNECTION_LIMIT = 200
# The app refuses bodies above MAX_CONTENT_LENGTH with its own page; waitress stops reading far beyond that,
# so no one can fill the disk with a body the app will refuse anyway.
BODY_LIMIT_FACTOR = 4


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", type=click.IntRange(1, MAX_THREADS), help="Worker threads (default: KRING_THREADS, 8).")
@click.option(
    "--processes", type=click.IntRange(1, MAX_PROCESSES), help="Server processes on one socket (KRING_PROCESSES, 1)."
)
@click.option("--no-scheduler", is_flag=True, help="Leave the reminder scan to `kring scheduler`.")
@pass_settings
def serve_command(
    settings: Settings, host: str, port: int, threads: int | None, processes: int | None, no_scheduler: bool
) -> None:
    """Serve the app with waitress (a fixed pool of threads) and the reminder scan in-process."""
    engine_of(settings).dispose()  # a database that cannot be reached stops the command now, in Dutch
    settings = with_threads(settings, threads)
    count = processes or settings.processes
    if count == 1:
        serve(host, port, app=build_app(settings), with_scheduler=not no_scheduler)
        return
    sock = listening_socket(host, port)
    click.echo(f"Kring luistert op {address(host, port)} met {count} processen (stoppen met Ctrl+C)")

    def serve_one(shared: socket.socket, index: int) -> None:
        # Each process builds its own app, engine and pool after the fork; the first runs the reminder scan.
        serve_on_socket(build_app(settings), shared, with_scheduler=index == 0 and not no_scheduler)

    raise SystemExit(run_processes(sock, count, serve_one))


@click.command("up")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@pass_settings
def up_command(settings: Settings, port: int) -> None:
    """Database up to date, demo data, and serve on 127.0.0.1: the quickest way to try Kring."""
    up(port, settings=settings)


def with_threads(settings: Settings, threads: int | None) -> Settings:
    """The settings with `--threads` in place of KRING_THREADS when given (the pool follows the threads)."""
    return settings if threads is None else settings.model_copy(update={"threads": threads})


def build_app(settings: Settings | None = None) -> Flask:
    """The app as served: settings from the environment (KRING_DATABASE_URL, KRING_SECRET_KEY, ...)."""
    return create_app(settings=settings)


def server_options(app: Flask, host: str, port: int) -> dict:
    """waitress's settings for serving `app` on host:port with the app's KRING_THREADS threads."""
    settings: Settings = app.extensions["kring.settings"]
    return {
        "host": host,
        "port": port,
        "threads": settings.threads,
        "connection_limit": CONNECTION_LIMIT,
        "max_request_body_size": BODY_LIMIT_FACTOR * app.config["MAX_CONTENT_LENGTH"],
        # The app answers "Server: Kring" (web/errors.py); the same ident keeps waitress from adding "Via: waitress"
        # and names no server or version in its own error responses either.
        "ident": "Kring",
        # Without trusted proxies waitress drops X-Forwarded-* itself; with them ProxyFix reads them (web/app.py).
        "clear_untrusted_proxy_headers": settings.proxy_count == 0,
        "asyncore_use_poll": True,  # select() cannot watch sockets numbered above 1024
    }


def serve(
    host: str = "127.0.0.1",
    port: int = 5000,
    app: Flask | None = None,
    runner: Runner | None = None,
    with_scheduler: bool = True,
) -> None:
    """Serve until interrupted, with the reminder scan in-process (the single-machine default; with several
    web processes run `kring scheduler` once instead and serve with `--no-scheduler`). `runner` defaults to
    waitress.serve(app, **options); tests pass one that returns at once."""
    app = app or build_app()
    scheduler = start_scheduler(app) if with_scheduler else None
    click.echo(f"Kring luistert op {address(host, port)} (stoppen met Ctrl+C)")
    try:
        (runner or waitress.serve)(app, **server_options(app, host, port))
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)


def serve_on_socket(app: Flask, sock: socket.socket, with_scheduler: bool) -> None:
    """Serve `app` on an already listening socket (one of several processes) until stopped."""
    options = {k: v for k, v in server_options(app, "", 0).items() if k not in ("host", "port")}
    scheduler = start_scheduler(app) if with_scheduler else None
    try:
        waitress.serve(app, sockets=[sock], **options)
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)


def start_scheduler(app: Flask):
    """The reminder scan, started in this process on the app's engine and clock."""
    settings: Settings = app.extensions["kring.settings"]
    engine, clock = app.extensions["kring.engine"], app.extensions["kring.clock"]
    scheduler = build_scheduler(engine, clock, settings.mail(), settings.retention_period())
    scheduler.start()
    return scheduler


def up(port: int = 5000, runner: Runner | None = None, settings: Settings | None = None) -> None:
    """Bring the database up to date, load the demo data once, say how to log in, and serve."""
    settings = settings or Settings()
    load_demo_data(settings)
    print_accounts()
    click.echo(f"Kring draait op {address('127.0.0.1', port)} — log in met {ADMIN} en wachtwoord '{PASSWORD}'")
    serve("127.0.0.1", port, app=build_app(settings), runner=runner)


def address(host: str, port: int) -> str:
    """The URL to show for a host and port (IPv6 in brackets)."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"
